import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def incomplete(catalogue):
    return {
        "untranslated": [entry.msgid for entry in catalogue.untranslated_entries()],
        "fuzzy": [entry.msgid for entry in catalogue.fuzzy_entries()],
    }


def test_committed_indonesian_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    assert incomplete(catalogue) == {"untranslated": [], "fuzzy": []}
    assert "fuzzy" not in catalogue.metadata_as_entry().flags


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract strings afresh: a new string without its Indonesian translation fails here."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed; `make test` installs it")
    saved = tmp_path / "django.po"
    shutil.copy2(CATALOGUE, saved)
    try:
        call_command("update_messages", verbosity=0)
        fresh = polib.pofile(str(CATALOGUE))
    finally:
        shutil.copy2(saved, CATALOGUE)
    assert incomplete(fresh) == {"untranslated": [], "fuzzy": []}


def test_catalogue_keeps_placeholders_intact():
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        for placeholder in ("%(", "{{", "{url}", "<a ", "<strong>"):
            assert entry.msgid.count(placeholder) == entry.msgstr.count(placeholder) or (
                entry.msgid_plural
            ), entry.msgid
