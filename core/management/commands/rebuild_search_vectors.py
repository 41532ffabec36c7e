import time

from django.core.management.base import BaseCommand
from django.db import transaction

from core import searchvectors


class Command(BaseCommand):
    help = (
        "Recompute the stored search vector of every row of every searched model (their "
        "triggers keep them in step on every write; this is for after a bulk load with the "
        "triggers off, or a changed vector definition)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            done = searchvectors.refresh()
        for table, rows in done.items():
            self.stdout.write(f"{table:<28} {rows:>10,} rows")
        self.stdout.write(
            self.style.SUCCESS(f"Search vectors rebuilt in {time.monotonic() - started:.1f} s.")
        )
