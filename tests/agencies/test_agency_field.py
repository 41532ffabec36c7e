"""Agencies chosen by typing (AgencyField): one text box instead of a select of every verified
agency, which rendered thousands of options per request at province scale (issue 11)."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agencies.forms import AgencyField
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    agency = AgencyField(required=False)


@pytest.fixture(autouse=True)
def _in_indonesian():
    """The forms here are used outside a request: without this, they would speak whatever
    language the previous test's last request left active in this thread."""
    with translation.override("id"):
        yield


def pick(text):
    form = PickForm({"agency": text})
    form.is_valid()
    return form


@pytest.fixture
def agencies():
    return {
        "disnaker": AgencyFactory(
            name="Dinas Tenaga Kerja Sumut", acronym="Disnaker", slug="disnaker"
        ),
        "disperindag": AgencyFactory(
            name="Dinas Perindustrian dan Perdagangan Sumut", acronym="Disperindag", slug="dpp"
        ),
        "kim": AgencyFactory(name="PT Kawasan Industri Medan", acronym="KIM", slug="kim"),
        "usu": AgencyFactory(name="Universitas Sumatera Utara", acronym="USU", slug="usu"),
        "pending": AgencyFactory(
            name="Koperasi Belum Diverifikasi", acronym="KBD", slug="kbd", status="pending"
        ),
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("kim", "kim"),  # the portal address, as links carry it (?party=kim)
        ("USU", "usu"),  # the acronym, in any case
        ("usu", "usu"),
        ("dinas tenaga   kerja sumut", "disnaker"),  # the name, in any case and spacing
        ("Kawasan Industri Medan", "kim"),  # without "PT"
        ("Perindustrian", "disperindag"),  # the only name that holds it
        ("  Universitas Sumatera Utara  ", "usu"),
    ],
)
def test_what_people_type_finds_the_agency(agencies, typed, expected):
    form = pick(typed)
    assert form.errors == {}
    assert form.cleaned_data["agency"] == agencies[expected]


def test_several_matches_are_named_and_nothing_is_guessed(agencies):
    form = pick("Dinas")
    assert form.cleaned_data.get("agency") is None
    [message] = form.errors["agency"]
    assert "Dinas Tenaga Kerja Sumut" in message
    assert "Dinas Perindustrian dan Perdagangan Sumut" in message
    # The text stays in the box.
    assert 'value="Dinas"' in str(form["agency"])


def test_unknown_and_unverified_agencies_are_refused(agencies):
    assert "Tidak ada instansi terverifikasi" in pick("Perusahaan Fiktif")["agency"].errors[0]
    for text in ("Koperasi Belum Diverifikasi", "KBD", "kbd"):
        assert pick(text).errors["agency"], text


def test_empty_is_all_agencies_and_the_box_shows_the_found_name(agencies):
    assert pick("   ").cleaned_data["agency"] is None
    form = pick("kim")
    html = str(form["agency"])
    assert 'value="PT Kawasan Industri Medan"' in html
    assert 'list="id_agency-options"' in html
    assert '<datalist id="id_agency-options">' in html
    assert reverse("agencies:suggest") in html


def test_the_agreement_list_renders_no_option_per_agency_and_filters_by_name(client, agencies):
    for n in range(30):
        AgencyFactory(name=f"Perusahaan Mitra {n:02d}", slug=f"mitra-{n:02d}")
    html = client.get(reverse("partnerships:list"), {"party": "kim"}).content.decode()
    assert "Perusahaan Mitra 07" not in html
    assert 'value="PT Kawasan Industri Medan"' in html

    ambiguous = client.get(reverse("partnerships:list"), {"party": "Perusahaan Mitra"})
    page = ambiguous.content.decode()
    assert ambiguous.status_code == 200
    assert "Beberapa instansi cocok" in page
    assert 'value="Perusahaan Mitra"' in page


def test_suggestions_are_verified_agencies_holding_the_text(client, agencies):
    for n in range(15):
        AgencyFactory(name=f"Dinas Cabang {n:02d}", slug=f"cabang-{n:02d}")
    response = client.get(reverse("agencies:suggest"), {"party": "dinas"})
    html = response.content.decode()
    assert html.count("<option") == 10
    assert (
        'value="Koperasi Belum Diverifikasi"'
        not in client.get(reverse("agencies:suggest"), {"q": "koperasi"}).content.decode()
    )
    usu = client.get(reverse("agencies:suggest"), {"q": "sumatera utara"}).content.decode()
    assert '<option value="Universitas Sumatera Utara">USU · ' in usu
    # One letter suggests nothing; queries stay the same whatever the number of matches.
    assert "<option" not in client.get(reverse("agencies:suggest"), {"q": "d"}).content.decode()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("agencies:suggest"), {"q": "universitas"})
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("agencies:suggest"), {"q": "dinas"})
    assert len(few) == len(many)
