"""The portal's search holds every word typed (core.websearch): in the exact pass and in the
typo pass alike, a short word as typed, a long one also nearly so; "phrases", -excluded words
and OR as web searches read them. Each test has the record that must not show present, with
the other words of the query in it, so a pass that lost a word would show it."""

import pytest

from core.fulltext import read_query
from sumut_mitra import search as site_search
from tests.factories import AgreementFactory, SubmissionFactory, TrainingFactory, regency

pytestmark = pytest.mark.django_db


def visitor():
    from django.contrib.auth.models import AnonymousUser

    from forums.rules import Visitor

    return Visitor(AnonymousUser())


def found(query, kind):
    _jump, groups = site_search.search(visitor(), query, kind=kind)
    return next(group for group in groups if group.kind.key == kind).results


def test_a_short_word_must_be_found_when_a_long_one_is_misspelt():
    medan = regency("12.71")
    welding = TrainingFactory(
        title="Sertifikasi Juru Las SMAW",
        description="Uji kompetensi di BBPVP Medan.",
        regency=medan,
    )
    industry = TrainingFactory(title="Pelatihan K3 Kawasan Industri Medan", regency=medan)
    agreement = AgreementFactory(title="Pengembangan Kawasan Industri Medan")
    # Misspelt "medan" (so the exact words find nothing), with "las" that must be there.
    assert found("las medann", "pelatihan") == [welding]
    assert industry not in found("las medann", "pelatihan")
    assert agreement not in found("las medann", "kerja-sama")
    # Spelt right, the same.
    assert found("las medan", "pelatihan") == [welding]


def test_a_typo_is_a_near_spelling_not_a_word_that_shares_pieces():
    growing = AgreementFactory(title="Kerja Sama Pengembangan Produk Unggulan")
    packing = AgreementFactory(title="Kerja Sama Pengemasan Produk Unggulan")
    # pg_trgm finds "pengembangan" 0.64 alike to "pengemasan": three letters apart, not a typo.
    assert found("pengemasan", "kerja-sama") == [packing]
    packing.delete()
    assert found("pengemasan", "kerja-sama") == []
    # One or two letters off is (eight letters or more: two).
    assert found("pengembagan", "kerja-sama") == [growing]
    assert found("pngembagan", "kerja-sama") == [growing]
    assert found("pngmbagan", "kerja-sama") == []


def test_every_word_of_a_place_is_needed():
    SubmissionFactory(title="Jalan rusak di Labuhan Deli", regency=regency("12.71"))
    batu = SubmissionFactory(title="Irigasi Labuhan Batu", regency=regency("12.10"))
    assert found("Labuhan Batu", "aspirasi") == [batu]
    assert found("Labuhn Batu", "aspirasi") == [batu]


@pytest.mark.parametrize("query", ["sawit -karet", "sawitt -karet"])
def test_a_minus_sign_excludes_in_both_passes(query):
    both = TrainingFactory(title="Peremajaan Sawit dan Karet Rakyat")
    palm = TrainingFactory(title="Peremajaan Sawit Rakyat")
    assert found(query, "pelatihan") == [palm]
    assert both in found(query.replace("-", ""), "pelatihan")


def test_an_excluded_word_alone_finds_nothing_and_the_page_says_why(client):
    TrainingFactory(title="Pelatihan Las Dasar")
    TrainingFactory(title="Pelatihan Kopi Arabika")
    assert found("-las", "pelatihan") == []
    assert [t.title for t in found("las -kopi", "pelatihan")] == ["Pelatihan Las Dasar"]
    client.cookies["django_language"] = "en"
    response = client.get("/cari/", {"q": "-las"})
    assert response.context["total"] == 0
    assert "A word with a minus sign only excludes" in response.content.decode()


def test_quotes_make_a_phrase():
    welder = TrainingFactory(title="Pelatihan Juru Las")
    other = TrainingFactory(title="Las Listrik untuk Juru Bengkel")
    assert found('"juru las"', "pelatihan") == [welder]
    assert found('"las juru"', "pelatihan") == []
    assert set(found("juru las", "pelatihan")) == {welder, other}
    assert found('las -"juru las"', "pelatihan") == [other]


def test_or_finds_either():
    palm = TrainingFactory(title="Pembibitan Sawit")
    rubber = TrainingFactory(title="Pembibitan Karet")
    TrainingFactory(title="Pembibitan Kopi")
    assert set(found("pembibitan sawit OR karet", "pelatihan")) == {palm, rubber}
    # Misspelt, the typo pass reads OR the same way.
    assert set(found("pembibitn sawit OR karet", "pelatihan")) == {palm, rubber}


@pytest.mark.parametrize(
    "query",
    ['"', '-"', "-", "OR", "or or -", "':*", "a & !b | (c", '"\'; DROP TABLE x; --"', "-" * 50],
)
def test_odd_input_reads_safely(client, query):
    TrainingFactory(title="Pelatihan Las")
    response = client.get("/cari/", {"q": query})
    assert response.status_code == 200
    read_query(query).tsquery_text()  # never a syntax of its own


def test_the_query_as_searched():
    search = read_query('Pelatihan "juru las" -kopi OR teh')
    assert search.tsquery_text() == "'pelatihan' & ('juru' <-> 'las') & 'teh':* & !'kopi'"
    assert search.searched == 'pelatihan "juru las" teh -kopi'
    assert read_query("kopi OR teh OR susu").tsquery_text() == "('kopi' | 'teh' | 'susu':*)"
    long = read_query("satu dua tiga empat lima enam tujuh delapan sembilan sepuluh")
    assert long.dropped == ["sembilan", "sepuluh"]


# --- The page: what was searched, counts, the tracking page, the title ---------------------------


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_whole_box_is_searched_past_a_hundred_characters(client):
    arabica = TrainingFactory(title="Pelatihan Kopi Arabika")
    robusta = TrainingFactory(title="Pelatihan Kopi Robusta")
    query = "kopi " + "di " * 40 + "arabika"  # "arabika" past the 100th character
    assert len(query) > 100
    assert found(query, "pelatihan") == [arabica]
    assert robusta not in found(query, "pelatihan")


def test_the_page_says_which_words_were_not_searched(client):
    TrainingFactory(title="Satu Dua Tiga")
    query = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh"
    html = english(client).get("/cari/", {"q": query}).content.decode()
    assert "Only the first 8 words are searched" in html
    assert "Not searched: sembilan sepuluh." in html


def test_a_registration_found_by_name_counts_the_same_in_every_view(client):
    from tests.factories import MembershipFactory, RegistrationFactory, UserFactory

    organiser = MembershipFactory(role="admin")
    training = TrainingFactory(title="Pelatihan Pengolahan Kopi", organisers=[organiser.agency])
    joko = UserFactory(full_name="Joko Tambunan", email="peserta07@contoh.id")
    registration = RegistrationFactory(training=training, user=joko)
    RegistrationFactory(training=TrainingFactory(), user=joko)  # another agency's training
    client.force_login(organiser.user)
    overview = client.get("/cari/", {"q": "Joko"})
    tab = client.get("/cari/", {"q": "Joko", "jenis": "pendaftaran"})
    counts = [
        {group.kind.key: group.count for group in response.context["groups"]}
        for response in (overview, tab)
    ]
    assert counts[0] == counts[1] and counts[0]["pendaftaran"] == 1
    assert overview.context["total"] == tab.context["total"] == 1
    assert f"#registration-{registration.pk}" in overview.content.decode()


def test_a_tracking_code_that_shows_nothing_points_to_the_tracking_page(client):
    held = SubmissionFactory(title="Masukan ditahan", held=True)
    code = held.tracking_code
    response = english(client).get("/cari/", {"q": code.lower()})
    html = response.content.decode()
    assert response.context["total"] == 0 and "Masukan ditahan" not in html
    assert f"/forum/lacak/?kode={code}" in html
    # The same for a code nobody has: nothing says which exists.
    unknown = "SM-2026-ZZZZZ9" if code != "SM-2026-ZZZZZ9" else "SM-2026-ZZZZZ8"
    assert f"/forum/lacak/?kode={unknown}" in client.get("/cari/", {"q": unknown}).content.decode()
    # The tracking page has it filled in, in both of its forms.
    lookup = client.get("/forum/lacak/", {"kode": code.lower()}).content.decode()
    assert lookup.count(f'value="{code}"') == 2
    # Words that are no code: no pointer.
    assert "/forum/lacak/?kode=" not in client.get("/cari/", {"q": "zzzyxq"}).content.decode()


def test_the_title_names_the_tab_and_the_page(client):
    for number in range(25):
        TrainingFactory(title=f"Pelatihan Kopi Robusta {number}")
    english(client)

    def title(**params):
        html = client.get("/cari/", {"q": "kopi robusta", **params}).content.decode()
        return html.split("<title>")[1].split("</title>")[0]

    assert title().startswith("“kopi robusta”: search")
    assert title(jenis="pelatihan").startswith("“kopi robusta” in Trainings: search")
    assert title(jenis="pelatihan", page=2).startswith(
        "“kopi robusta” in Trainings, page 2: search"
    )
