import os

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo

DEFAULT_DEMO_PASSWORD = "sumutmitra-demo"

# Each app contributes its own demo data, lowest layer first.
SEEDERS = [accounts_demo.seed]


class Command(BaseCommand):
    help = "Create the demo data (idempotent: running it again creates nothing twice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set every demo account's password back to DEMO_PASSWORD.",
        )

    def handle(self, *args, reset_passwords=False, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        with transaction.atomic():
            for seed in SEEDERS:
                seed(password=password, reset_passwords=reset_passwords, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
