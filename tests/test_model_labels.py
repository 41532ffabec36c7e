"""Every model and every field of our apps has a translatable label, and the label reads in
Indonesian.

The admin (Indonesian first) shows a field's verbose_name and a model's verbose_name(_plural).
A field without one gets a label Django makes from the attribute name ("Created at", "Ip hash",
"Object id"), in English whatever the language; so does a model without them ("Rsvp",
"Once tokens"). The Indonesian is read from the compiled catalogue, as the admin reads it:
`make test` compiles it first (a stale .mo fails here like a missing translation).
"""

from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

APPS = [
    "accounts",
    "agencies",
    "partnerships",
    "trainings",
    "forums",
    "notifications",
    "core",
    "sumut_mitra",
]

# Labels that are rightly the same in Indonesian as in English: standard Indonesian words
# (KBBI: status, logo, agenda, forum, administrator) and a format's name (HTML). They are still
# translated in the catalogue (checked below); anything else that reads the same in both
# languages has no Indonesian. Keep this short: a label in English is a bug, not an exception.
SAME_IN_BOTH = {"status", "logo", "agenda", "forum", "administrator", "HTML"}

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def our_models():
    return [model for app in APPS for model in apps.get_app_config(app).get_models()]


def labels(model):
    """(what, label) for the model's names and for each of its concrete and many-to-many fields
    (the primary key Django adds is its own: "ID")."""
    yield "verbose_name", model._meta.verbose_name
    yield "verbose_name_plural", model._meta.verbose_name_plural
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if not field.auto_created:
            yield field.name, field.verbose_name


def in_language(language, label):
    with translation.override(language):
        return str(label)


def label_problems(model):
    problems = []
    for what, label in labels(model):
        if not isinstance(label, Promise):
            problems.append(f"{what}: {label!r} is not a translatable label (gettext_lazy)")
            continue
        english, indonesian = in_language("en", label), in_language("id", label)
        if not indonesian.strip():
            problems.append(f"{what}: {english!r} translates to nothing")
        elif indonesian == english and english not in SAME_IN_BOTH:
            problems.append(f"{what}: {english!r} has no Indonesian in the catalogue")
    return problems


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_model_and_its_fields_have_indonesian_labels(model):
    assert label_problems(model) == []


def test_words_the_same_in_both_languages_are_labels_translated_as_themselves():
    """The allow-list above names only labels in use, each translated in the catalogue."""
    used = {
        in_language("en", label)
        for model in our_models()
        for _, label in labels(model)
        if isinstance(label, Promise)
    }
    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOGUE))}
    assert SAME_IN_BOTH - used == set()
    assert {word: catalogue.get(word) for word in SAME_IN_BOTH} == {w: w for w in SAME_IN_BOTH}


@pytest.mark.parametrize(
    ("model", "field", "indonesian"),
    [
        # The labels the admin showed in English before they were given one.
        ("forums.Submission", "ip_hash", "hash alamat IP"),
        ("forums.Submission", "status_changed_at", "waktu perubahan status"),
        ("partnerships.Agreement", "created_at", "waktu dibuat"),
        ("notifications.Reminder", "object_id", "ID objek"),
        ("trainings.Attendance", "checked_in_by", "presensi dicatat oleh"),
        ("agencies.AgencyEvent", "actor", "dilakukan oleh"),
    ],
)
def test_admin_columns_read_in_indonesian(model, field, indonesian):
    label = apps.get_model(model)._meta.get_field(field).verbose_name
    assert in_language("id", label) == indonesian


@pytest.mark.parametrize(
    ("model", "singular", "plural"),
    [
        ("trainings.TrainingEvent", "catatan riwayat pelatihan", "riwayat pelatihan"),
        ("forums.Rsvp", "konfirmasi kehadiran", "konfirmasi kehadiran"),
        ("notifications.Preference", "pengaturan pemberitahuan", "pengaturan pemberitahuan"),
        ("core.OnceToken", "token formulir sekali pakai", "token formulir sekali pakai"),
    ],
)
def test_models_named_in_indonesian(model, singular, plural):
    meta = apps.get_model(model)._meta
    assert (in_language("id", meta.verbose_name), in_language("id", meta.verbose_name_plural)) == (
        singular,
        plural,
    )
