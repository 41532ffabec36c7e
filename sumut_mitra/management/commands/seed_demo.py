import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo as accounts_demo
from agencies import demo as agencies_demo
from forums import demo as forums_demo
from partnerships import demo as partnerships_demo
from trainings import demo as trainings_demo

DEFAULT_DEMO_PASSWORD = "sumutmitra-demo"

# Each app contributes its own demo data, lowest layer first.
SEEDERS = [
    accounts_demo.seed,
    agencies_demo.seed,
    partnerships_demo.seed,
    trainings_demo.seed,
    forums_demo.seed,
]


class Command(BaseCommand):
    help = "Create the demo data (idempotent: running it again creates nothing twice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set every demo account's password back to DEMO_PASSWORD.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (a staging site); needs DEMO_PASSWORD to be set.",
        )

    def handle(self, *args, reset_passwords=False, allow_production=False, **options):
        # The demo superuser's default password is published in the README: never on a real site.
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates accounts with published passwords; it only runs with "
                "DJANGO_DEBUG on. For a staging site, pass --allow-production and set "
                "DEMO_PASSWORD."
            )
        if allow_production and not os.environ.get("DEMO_PASSWORD"):
            raise CommandError("--allow-production needs DEMO_PASSWORD to be set.")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        with transaction.atomic():
            for seed in SEEDERS:
                seed(password=password, reset_passwords=reset_passwords, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
