"""The admin speaks Indonesian. Every page an administrator opens on the demo data (each model's
list, its add form and one record's page, the import and export pages) is read for English: a
string of the catalogues the admin draws from (Django's, django-import-export's, django-axes',
ours) left untranslated, a field label Django made up from a column name ("Created at"), the
"Tablib Dataset" of a spreadsheet. The catalogue in locale/third_party covers every string the
two packages without an Indonesian catalogue ship."""

import contextlib
import glob
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from notifications.forms import LeadTimesField
from notifications.models import OutboundEmail, ReminderRule
from notifications.registry import email_kind_label

pytestmark = pytest.mark.django_db

SITE_PACKAGES = Path(admin.__file__).resolve().parents[3]
OURS = Path(settings.BASE_DIR) / "locale"
# Words that are the same in Indonesian (or that Indonesian administrators use as they are).
SAME_IN_BOTH = {
    "Agenda",
    "Detail",
    "Editor",
    "Email",
    "Filter",
    "Format",
    "Forum",
    "HTML",
    "IPv4",
    "IPv6",
    "Logo",
    "Portal",
    "Slug",
    "Status",
    "Token",
    "hash",
    "salt",
}
# Packages whose admin pages we show and that ship no Indonesian catalogue of their own.
UNTRANSLATED_PACKAGES = ["import_export"]
PACKAGES_WITH_ADMIN_PAGES = ["import_export", "axes"]
DJANGO_CATALOGUES = ["contrib/admin", "contrib/auth", "contrib/contenttypes", "conf"]


def msgids(path):
    return {entry.msgid for entry in polib.pofile(str(path)) if len(entry.msgid) > 1}


def shipped_msgids(package):
    """Every msgid a package ships, over all its catalogues (a new version's new strings show
    up in some of them)."""
    found = set()
    for path in glob.glob(str(SITE_PACKAGES / package / "locale" / "*" / "LC_MESSAGES" / "*.po")):
        found |= msgids(path)
    return found


def english():
    """The English strings an admin page could show, were one left untranslated."""
    strings = msgids(OURS / "id" / "LC_MESSAGES" / "django.po")
    for package in PACKAGES_WITH_ADMIN_PAGES:
        strings |= shipped_msgids(package)
    for catalogue in DJANGO_CATALOGUES:
        strings |= msgids(SITE_PACKAGES / "django" / catalogue / "locale/id/LC_MESSAGES/django.po")
    return strings - SAME_IN_BOTH


def made_up_labels():
    """The labels Django makes from a field's name when it is given none ("Created at")."""
    labels = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            name = getattr(field, "name", "")
            if "_" in name or name.isalpha():
                labels.add(name.replace("_", " ").capitalize())
    return labels - SAME_IN_BOTH


class Texts(HTMLParser):
    """What a reader sees or hears of a page: its text, and the attributes read out or shown."""

    SHOWN = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.texts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "style", "template"}:
            self.hidden += 1
        self.texts += [value for name, value in attrs.items() if name in self.SHOWN and value]
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def admin_pages():
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{info}_changelist")
        if model_admin.has_add_permission(FakeSuperuser.request):
            yield reverse(f"{info}_add")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield reverse(f"{info}_change", args=[first.pk])
        for page in ("import", "export"):
            with contextlib.suppress(NoReverseMatch):
                yield reverse(f"{info}_{page}")


class FakeSuperuser:
    class request:  # what has_add_permission reads
        class user:
            is_active = is_staff = is_superuser = True

            @staticmethod
            def has_perm(*args):
                return True


@pytest.fixture
def demo_admin(client, settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    from accounts.models import User

    client.force_login(User.objects.filter(is_superuser=True).get())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    return client


def test_every_admin_page_reads_in_indonesian(demo_admin):
    untranslated = english()
    made_up = made_up_labels()
    assert "Created at" in made_up and "Import" in untranslated  # the net is there
    found = {}
    pages = list(admin_pages())
    assert len(pages) > 60  # every model's pages, not a handful
    for url in pages:
        response = demo_admin.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="id"' in html, url
        parser = Texts()
        parser.feed(html)
        for text in parser.texts:
            bare = text.rstrip(":").strip()
            if bare in untranslated or bare in made_up or "Tablib" in text:
                found.setdefault(bare, url)
    assert not found, "English on the admin pages:\n" + "\n".join(
        f"{text!r} on {url}" for text, url in sorted(found.items())
    )


def test_the_packages_without_an_indonesian_catalogue_are_covered_by_ours():
    ours = {
        entry.msgid
        for entry in polib.pofile(str(OURS / "third_party" / "id" / "LC_MESSAGES" / "django.po"))
        if entry.translated()
    }
    for package in UNTRANSLATED_PACKAGES:
        assert not glob.glob(str(SITE_PACKAGES / package / "locale" / "id")), (
            f"{package} ships Indonesian now: drop ours"
        )
        assert shipped_msgids(package) - ours == set(), package
    with translation.override("id"):
        assert translation.gettext("Confirm import") == "Konfirmasi impor"
        assert translation.gettext("Breadcrumbs") == "Jejak navigasi"  # Django's keeps English


def test_the_outbox_names_each_kind_in_words(demo_admin):
    kinds = set(OutboundEmail.objects.values_list("kind", flat=True))
    assert len(kinds) >= 3  # the demo's e-mails are of several kinds
    url = reverse("admin:notifications_outboundemail_changelist")
    page = demo_admin.get(url).content.decode()
    with translation.override("id"):
        labels = {kind: str(email_kind_label(kind)) for kind in kinds}
    for kind, label in labels.items():
        assert label != kind and f'field-kind_label">{label}</td>' in page, kind
        assert f'field-kind_label">{kind}</td>' not in page, kind
    # The filter offers the kinds in words and lists only the one chosen.
    kind, label = sorted(labels.items())[0]
    assert f">{label}</a>" in page
    filtered = demo_admin.get(url, {"kind": kind}).content.decode()
    shown = set(re.findall(r'field-kind_label">([^<]+)</td>', filtered))
    assert shown == {label}


def test_the_admin_export_names_its_sheet_and_its_columns_in_indonesian(demo_admin):
    export = reverse("admin:agencies_agency_export")
    page = demo_admin.get(export).content.decode()
    assert "Nama (name)" in page and "Kabupaten/kota (regency)" in page
    fields = re.findall(r'name="(agencyresource_[a-z_]+)"', page)
    xlsx = re.search(r'<option value="(\d+)">xlsx</option>', page)[1]
    response = demo_admin.post(
        export, {"format": xlsx, "resource": "0", **dict.fromkeys(fields, "on")}
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Instansi"]
    header = next(workbook.active.iter_rows(values_only=True))
    assert header[:3] == ("name", "acronym", "kind")  # the file's columns stay importable


# --- Reminder lead times -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("90, 60, 30, 7, 0", [90, 60, 30, 7, 0]),
        ("7 30 ; 90", [90, 30, 7]),
        ("0, -7, 0", [0, -7]),
        ("−3", [-3]),  # the minus sign a word processor types
    ],
)
def test_lead_times_are_typed_as_a_list_of_days(typed, saved):
    assert LeadTimesField().clean(typed) == saved


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("[90, 60]", "“[90” bukan bilangan bulat hari."),
        ("7, tujuh", "“tujuh” bukan bilangan bulat hari."),
        ("1.5", "“1.5” bukan bilangan bulat hari."),
        (", ,", "Isikan sedikitnya satu jarak waktu, misalnya 7."),
        ("1000", "1000 di luar rentang"),
        (", ".join(str(n) for n in range(11)), "Paling banyak 10 jarak waktu."),
    ],
)
def test_lead_times_that_are_no_list_of_days_are_refused_clearly(typed, message):
    with translation.override("id"), pytest.raises(Exception) as error:
        LeadTimesField().clean(typed)
    assert message in " ".join(error.value.messages)


def test_the_admin_edits_lead_times_as_numbers_and_keeps_what_was_typed_when_wrong(demo_admin):
    rule = ReminderRule.objects.order_by("key").first()
    url = reverse("admin:notifications_reminderrule_change", args=[rule.pk])
    page = demo_admin.get(url).content.decode()
    shown = ", ".join(str(days) for days in rule.offsets)
    assert f'value="{shown}"' in page and "[" not in shown

    refused = demo_admin.post(url, {"label": rule.label, "offsets": "30, tiga", "active": "on"})
    assert refused.status_code == 200
    assert "“tiga” bukan bilangan bulat hari." in refused.content.decode()
    assert 'value="30, tiga"' in refused.content.decode()
    rule.refresh_from_db()
    assert ", ".join(str(days) for days in rule.offsets) == shown

    demo_admin.post(url, {"label": rule.label, "offsets": "14, 3, 30", "active": "on"})
    rule.refresh_from_db()
    assert rule.offsets == [30, 14, 3]
    listing = demo_admin.get(reverse("admin:notifications_reminderrule_changelist"))
    assert "30, 14, 3" in listing.content.decode()
