import os
import sys
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError

from sumut_mitra.management.commands.seed_demo import DEFAULT_DEMO_PASSWORD
from sumut_mitra.scale import (
    ADMIN_EMAIL,
    RESIDENT_EMAIL,
    SECRETARIAT_EMAIL,
    STAFF_EMAIL,
    Plan,
)
from sumut_mitra.scale.seed import reset_tables, run, scale_data_exists


class Command(BaseCommand):
    help = (
        "Fill the database with province-scale data for benchmarks: at --factor 1, 500 "
        "agencies, 5,000 agreements, 2,000 trainings with 100,000 registrations and 20,000 "
        "forum submissions with 200,000 replies (about 20,000 people)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="Size relative to factor 1 (10 = ten times; 0.01 for tests).",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed: the same seed, the same data."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Empty every table of the portal's apps first (accounts, agencies, agreements, "
                "trainings, forum, notifications, admin log, sessions). Regencies, sectors, "
                "holidays, reminder rules, groups and migrations are kept."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (a staging or benchmark server).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bars (logs, CI)."
        )
        parser.add_argument(
            "--no-vacuum", action="store_true", help="Skip the final VACUUM ANALYZE."
        )

    def handle(self, *args, factor, seed, reset, force, no_progress, no_vacuum, **options):
        # The accounts share a published password: never on a real site by accident.
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_scale creates thousands of accounts with a published password; it only "
                "runs with DJANGO_DEBUG on. For a benchmark server, pass --force."
            )
        if factor <= 0:
            raise CommandError("--factor must be greater than 0.")
        if scale_data_exists() and not reset:
            raise CommandError(
                f"This database already has scale data ({STAFF_EMAIL} exists). Run again with "
                "--reset to empty the portal's tables and seed afresh, or use another database."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        plan = Plan.for_factor(factor)
        if reset:
            self.stdout.write(f"Emptying {len(reset_tables())} tables first.")
        self.stdout.write(
            f"Seeding factor {factor:g}: {plan.users:,} users, {plan.agencies:,} agencies, "
            f"{plan.agreements:,} agreements, {plan.trainings:,} trainings, "
            f"{plan.registrations:,} registrations, {plan.submissions:,} submissions, "
            f"{plan.replies:,} replies."
        )
        started = time.monotonic()
        counts, steps, world = run(
            factor=factor,
            seed=seed,
            # Hashed once and shared: the hasher takes a good part of a second on purpose.
            password_hash=make_password(password),
            progress=not no_progress and options.get("verbosity", 1) > 0 and sys.stderr.isatty(),
            vacuum=not no_vacuum,
            reset_first=reset,
        )
        elapsed = time.monotonic() - started
        self._summary(counts, steps, elapsed)
        big_training, big_thread = world.big_training, world.big_submission
        self.stdout.write(
            "\nAccounts (password from DEMO_PASSWORD, else the demo password):\n"
            f"  {ADMIN_EMAIL:<36} superuser\n"
            f"  {SECRETARIAT_EMAIL:<36} the secretariat\n"
            f"  {STAFF_EMAIL:<36} admin of {world.landmark_agency.name}\n"
            f"  {RESIDENT_EMAIL:<36} a resident with registrations and submissions\n"
            "Landmarks:\n"
            f"  training {big_training.reference}: {plan.big_training_registrations:,} "
            f"registrations (/pelatihan/{big_training.reference}/)\n"
            f"  submission {big_thread.code}: {plan.big_thread_replies:,} replies "
            f"(/forum/aspirasi/{big_thread.code}/)"
        )
        self.stdout.write(self.style.SUCCESS(f"Scale data ready in {elapsed:.1f} s."))

    def _summary(self, counts, steps, elapsed):
        width = max(len(name) for name in counts)
        self.stdout.write("")
        self.stdout.write(f"{'table':<{width}}  {'rows':>12}")
        self.stdout.write(f"{'-' * width}  {'-' * 12}")
        for name, rows in sorted(counts.items()):
            self.stdout.write(f"{name:<{width}}  {rows:>12,}")
        self.stdout.write(f"{'-' * width}  {'-' * 12}")
        self.stdout.write(f"{'total':<{width}}  {sum(counts.values()):>12,}")
        self.stdout.write("")
        for step, seconds in steps:
            self.stdout.write(f"{step:<{width}}  {seconds:>10.1f} s")
        self.stdout.write(f"{'total':<{width}}  {elapsed:>10.1f} s")
