from django.core.management import call_command
from django.core.management.base import BaseCommand

from sumut_mitra.i18n import CATALOGUE_LANGUAGES, MAKEMESSAGES_IGNORE


class Command(BaseCommand):
    help = "Extract translatable strings into locale/<lang>/LC_MESSAGES/django.po (needs gettext)."

    def handle(self, *args, **options):
        call_command(
            "makemessages",
            locale=CATALOGUE_LANGUAGES,
            ignore_patterns=MAKEMESSAGES_IGNORE,
            add_location="file",
            no_obsolete=True,
            verbosity=options["verbosity"],
        )
