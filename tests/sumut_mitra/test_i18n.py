import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

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
    """Extract strings afresh, in a copy of the source: a new string without its Indonesian
    translation fails here (the committed catalogue is never touched)."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed; `make test` installs it")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns("node_modules", ".venv", "var", "tests", "__pycache__", "*.mo")
    shutil.copytree(base, copy, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "update_messages", "--verbosity", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "DJANGO_DEBUG": "true"},
    )
    fresh = polib.pofile(str(copy / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    assert incomplete(fresh) == {"untranslated": [], "fuzzy": []}


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|</?(?:a|strong)\b")


def test_catalogue_keeps_placeholders_and_markup_intact():
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert sorted(PLACEHOLDER.findall(translation)) == expected, entry.msgid
