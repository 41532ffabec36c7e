"""The portal's search (/cari/, issue 17): one box over agencies, agreements, trainings,
residents' input and public meetings, seen through each app's rules.

Every visibility test has the records that must not show present in the data, each carrying
the same searched word, so a missing filter would show them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from forums.models import Forum, Meeting, Reply
from partnerships.models import Party
from sumut_mitra import search as site_search
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    CapabilityFactory,
    MembershipFactory,
    RegistrationFactory,
    SubmissionFactory,
    TrainingFactory,
    UserFactory,
    regency,
    secretariat_user,
)

pytestmark = pytest.mark.django_db

WORD = "jembatan"  # every record below that could leak carries it


class World:
    pass


@pytest.fixture
def world():
    w = World()
    w.a = AgencyFactory(
        name="Dinas Perindustrian dan Perdagangan Provinsi Sumatera Utara",
        acronym="Disperindag",
        slug="disperindag",
        description=f"Membina industri kecil dan {WORD} usaha.",
    )
    w.b = AgencyFactory(
        name="Universitas Sumatera Utara", acronym="USU", slug="usu", description="Kampus."
    )
    w.pending = AgencyFactory(
        name=f"CV {WORD.title()} Rotan Tertunda", slug="cv-tertunda", status="pending"
    )
    w.anonymous = None
    w.resident = UserFactory(full_name="Budi Santoso Pengirim", email="budi@contoh.id")
    w.staff_a = MembershipFactory(agency=w.a, role="viewer").user
    w.staff_b = MembershipFactory(agency=w.b, role="admin").user
    w.secretariat = secretariat_user()
    MembershipFactory(agency=w.pending, user=w.resident, role="admin")

    w.public_agreement = AgreementFactory(
        title=f"Kerja Sama Riset {WORD.title()} Sawit", parties=[w.a, w.b]
    )
    w.internal_a = AgreementFactory(
        title=f"Kerja Sama Internal {WORD.title()} Disperindag",
        visibility="internal",
        parties=[w.a],
    )
    w.draft_b = AgreementFactory(
        title=f"Draf Kerja Sama {WORD.title()} USU", status="draft", parties=[w.b]
    )

    w.public_training = TrainingFactory(title=f"Workshop {WORD.title()} Mutu CPO", organisers=[w.b])
    w.staff_training = TrainingFactory(
        title=f"Bimtek {WORD.title()} Khusus Staf", audience="staff", organisers=[w.a]
    )
    w.draft_training = TrainingFactory(
        title=f"Draf Pelatihan {WORD.title()}", status="draft", organisers=[w.a]
    )

    def submission(title, **fields):
        return SubmissionFactory(title=f"{title} {WORD}", assigned_agency=w.a, **fields)

    w.published = submission("Masukan terbit")
    w.anonim = submission("Masukan anonim", privacy="anonim", author=w.resident)
    w.rahasia = submission("Masukan rahasia", privacy="rahasia", author=w.resident)
    w.rahasia_b = submission("Masukan rahasia lain", privacy="rahasia")
    w.rahasia_b.assigned_agency = w.b
    w.rahasia_b.save()
    w.held = submission("Masukan ditahan", held=True)
    w.hidden = submission("Masukan disembunyikan", hidden=True)
    w.quarantined = submission("Masukan spam", quarantined=True)
    w.unconfirmed = submission("Masukan belum dikonfirmasi", status="unconfirmed")

    general = Forum.objects.get(slug="umum")
    internal_forum = Forum.objects.create(
        kind="agreement", slug="forum-internal", title="Forum internal", agreement=w.internal_a
    )
    start = timezone.now() + timedelta(days=5)

    def meeting(title, forum, **fields):
        return Meeting.objects.create(
            forum=forum,
            title=f"{title} {WORD}",
            agenda="Agenda.",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            **fields,
        )

    w.meeting = meeting("Diskusi publik", general, place="Sidikalang")
    w.cancelled = meeting("Diskusi batal", general, cancelled=True)
    w.internal_meeting = meeting("Rapat forum internal", internal_forum)
    return w


def page(client, user, **params):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(reverse("search"), params)


def text(response):
    """The page's HTML without the <mark>s of the matched words."""
    return response.content.decode().replace("<mark>", "").replace("</mark>", "")


def record_title(record):
    return getattr(record, "title", None) or record.name


# --- Who finds what -------------------------------------------------------------------------------

ALL = [
    "published",
    "anonim",
    "rahasia",
    "rahasia_b",
    "held",
    "hidden",
    "quarantined",
    "unconfirmed",
    "public_agreement",
    "internal_a",
    "draft_b",
    "public_training",
    "staff_training",
    "draft_training",
    "meeting",
    "cancelled",
    "internal_meeting",
    "pending",
]
PUBLIC = {"published", "anonim", "public_agreement", "public_training", "meeting"}
EXPECTED = {
    "anonymous": PUBLIC,
    # The resident sent the anonim and the rahasia input, and registered the pending agency.
    "resident": PUBLIC | {"rahasia", "pending"},
    # Agency A: its internal agreement, its input (rahasia and held included), the staff-only
    # training and its own draft training.
    "staff_a": PUBLIC
    | {"internal_a", "rahasia", "held", "hidden", "staff_training", "draft_training"},
    # Agency B: its draft agreement, its rahasia input, and the staff-only training (agency staff).
    "staff_b": PUBLIC | {"draft_b", "rahasia_b", "staff_training"},
    "secretariat": set(ALL) - {"quarantined", "unconfirmed", "cancelled", "internal_meeting"},
}


@pytest.mark.parametrize("query", [WORD, "jembtan"])  # as typed, and misspelt (the typo pass)
@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_finds_exactly_what_it_may_open(client, world, role, query):
    found = set()
    for kind in site_search.KIND_KEYS:
        response = page(client, getattr(world, role), q=query, jenis=kind)
        assert response.status_code == 200
        found |= {name for name in ALL if record_title(getattr(world, name)) in text(response)}
    assert found == EXPECTED[role]


def test_an_anonim_submitter_is_named_nowhere_in_the_results(client, world):
    for user in (None, world.staff_a, world.secretariat):
        response = page(client, user, q=WORD, jenis="aspirasi")
        html = text(response)
        assert record_title(world.anonim) in html
        assert "Budi" not in html and "budi@contoh.id" not in html
    # Not even by searching the name: the vector holds no author field.
    response = page(client, world.staff_a, q="Budi Santoso", jenis="aspirasi")
    assert record_title(world.anonim) not in text(response)


def test_rahasia_input_is_found_by_its_assigned_agency_and_nobody_else(client, world):
    code = world.rahasia.tracking_code
    words = "Masukan rahasia"
    assert record_title(world.rahasia) in text(page(client, world.staff_a, q=words))
    for user in (None, world.staff_b, UserFactory()):
        response = page(client, user, q=words)
        assert record_title(world.rahasia) not in text(response)
        # Its code answers as any unknown code does: no result, no redirect.
        response = page(client, user, q=code)
        assert response.status_code == 200
        assert response.context["total"] == 0
        assert record_title(world.rahasia) not in text(response)


# --- Ranking, typos, acronyms ---------------------------------------------------------------------


def test_a_typo_finds_the_agency(client, world):
    response = page(client, None, q="perindustrain")
    assert world.a.name in text(response)


def test_a_typo_is_guessed_only_when_the_words_find_nothing_of_that_kind(world):
    meant = TrainingFactory(title="Pelatihan Pengolahan Kopi Arabika")
    alike = TrainingFactory(title="Bimtek Pengolah Pakan Ternak")
    visitor = site_search_visitor(None)

    def trainings(words):
        _jump, groups = site_search.search(visitor, words, kind="pelatihan")
        return next(g for g in groups if g.kind.key == "pelatihan").results

    # The word is found: a word merely like it ("pengolah", 0.73 alike) is not brought along.
    assert trainings("pengolahan") == [meant]
    # Misspelt, the words find nothing: the typo pass finds what it is like.
    assert set(trainings("pengolahn")) == {meant, alike}


def test_an_acronym_finds_the_agency_first_and_its_agreements_and_trainings(client, world):
    AgencyFactory(name="Lembaga Pengkajian Kampus USU Lama", description="Bukan USU sendiri.")
    _jump, groups = site_search.search(site_search_visitor(None), "USU")
    by_kind = {group.kind.key: group for group in groups}
    assert by_kind["instansi"].results[0] == world.b
    assert world.public_agreement in by_kind["kerja-sama"].results
    assert world.public_training in by_kind["pelatihan"].results


def test_a_name_match_outranks_a_match_in_the_text(world):
    text_only = AgencyFactory(name="Balai Umum", description="Kami juga melatih juru las.")
    named = AgencyFactory(name="Pusat Pelatihan Las Deli", regency=regency("12.07"))
    _jump, groups = site_search.search(site_search_visitor(None), "las", kind="instansi")
    results = groups[0].results
    assert results.index(named) < results.index(text_only)


def test_a_capability_and_a_place_find_who_trains_welders_there(client, world):
    welders = AgencyFactory(name="UPTD Balai Latihan Kerja", regency=regency("12.07"))
    CapabilityFactory(agency=welders, title="Pelatihan juru las SMAW", description="Bengkel las.")
    elsewhere = AgencyFactory(name="Balai Las Medan")
    response = page(client, None, q="pelatihan las Deli Serdang", jenis="instansi")
    html = text(response)
    assert welders.name in html
    assert elsewhere.name not in html


def test_filters_narrow_by_regency_and_sector(client, world):
    dairi = TrainingFactory(title=f"Pelatihan Kopi {WORD}", regency=regency("12.11"))
    response = page(client, None, q=WORD, jenis="pelatihan", regency="12.11")
    html = text(response)
    assert dairi.title in html and world.public_training.title not in html


# --- Jumps ----------------------------------------------------------------------------------------


def test_staff_type_a_tracking_code_and_land_on_the_submission(client, world):
    code = world.rahasia.tracking_code
    typed = code.lower().replace("-", " ")
    response = page(client, world.staff_a, q=typed)
    assert response.status_code == 302
    assert response.url == reverse("forums:manage", args=[code])
    # Its sender lands on its page too.
    response = page(client, world.resident, q=code)
    assert response.url == world.rahasia.get_absolute_url()


def test_an_agreement_number_jumps_to_the_page_its_reader_may_open(client, world):
    reference = world.public_agreement.reference
    assert page(client, None, q=reference).url == world.public_agreement.get_public_url()
    assert page(client, world.staff_a, q=reference).url == world.public_agreement.get_absolute_url()
    internal = world.internal_a.reference
    assert page(client, world.staff_a, q=internal).url == world.internal_a.get_absolute_url()
    response = page(client, world.staff_b, q=internal)
    assert response.status_code == 200
    assert world.internal_a.title not in text(response)


def test_a_party_document_number_and_a_training_reference_jump(client, world):
    Party.objects.filter(agreement=world.public_agreement, agency=world.a).update(
        document_number="119/2026/DISPERINDAG"
    )
    assert (
        page(client, None, q="119/2026/disperindag").url == world.public_agreement.get_public_url()
    )
    reference = world.public_training.reference
    assert page(client, None, q=reference).url == world.public_training.get_absolute_url()
    response = page(client, None, q=world.draft_training.reference)
    assert response.status_code == 200


def test_a_party_document_number_is_found_whole_or_in_part_and_ranks_first(client, world):
    """Each party numbers the agreement in its own register; the number's pieces are words."""
    number = "503.2/0451/DISNAKER-SU/XI/2026"
    Party.objects.filter(agreement=world.public_agreement, agency=world.b).update(
        document_number=number
    )
    # A part of it, as a caller reads it out.
    response = page(client, None, q="0451/disnaker", jenis="kerja-sama")
    assert response.status_code == 200
    assert world.public_agreement.title in text(response)
    # Two agreements that carry the same number (a typing slip in one register): no jump,
    # both listed, the numbered ones before one that only has the number's words in its text.
    twin = AgreementFactory(title=f"Kerja Sama Kembar {WORD.title()}", parties=[world.a])
    Party.objects.filter(agreement=twin).update(document_number=number.lower())
    wordy = AgreementFactory(
        title=f"Kerja Sama Bertele {WORD.title()}",
        parties=[world.a],
        scope="Nomor 503 2 0451 DISNAKER SU XI 2026 disebut di sini saja.",
    )
    response = page(client, None, q=number, jenis="kerja-sama")
    assert response.status_code == 200
    html = text(response)
    places = [html.find(a.title) for a in (world.public_agreement, twin, wordy)]
    assert -1 not in places, places
    assert max(places[:2]) < places[2]
    # Never an agreement its reader may not see, though its party's number is typed.
    Party.objects.filter(agreement=world.internal_a).update(document_number="77/INTERNAL/2026")
    for user in (None, world.staff_b):
        response = page(client, user, q="77/INTERNAL/2026")
        assert response.status_code == 200
        assert world.internal_a.title not in text(response)
    assert page(client, world.staff_a, q="77/internal/2026").url == (
        world.internal_a.get_absolute_url()
    )


# --- Snippets -------------------------------------------------------------------------------------


def test_snippets_mark_the_words_and_escape_everything_else(client, world):
    nasty = TrainingFactory(
        title='<script>alert("x")</script> Pelatihan Las <b>tebal</b> \ue000palsu\ue001',
        description='Belajar las <img src=x onerror=alert(1)> dengan "aman".',
    )
    response = page(client, None, q="las", jenis="pelatihan")
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>tebal" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Las</mark>" in html and "<mark>las</mark>" in html
    # The text's own marker characters never become tags.
    assert "<mark>palsu" not in html
    assert nasty.reference in html


# --- The page -------------------------------------------------------------------------------------


def test_an_empty_search_says_what_to_do(client, world):
    response = page(client, None)
    assert response.status_code == 200
    assert "pelatihan las" in text(response)


def test_no_result_says_what_to_try(client, world):
    response = page(client, None, q="zzzyxq")
    html = text(response)
    assert reverse("agencies:directory") in html


def test_a_word_in_more_records_than_are_ranked_counts_as_more(client, world, monkeypatch):
    monkeypatch.setattr("core.fulltext.MAX_RANKED", 4)
    for number in range(7):
        TrainingFactory(title=f"Pelatihan Teh Hijau {number}")
    response = page(client, None, q="teh hijau")
    trainings = next(g for g in response.context["groups"] if g.kind.key == "pelatihan")
    # The newest MAX_RANKED + 1 are ranked: "4+" says there are more.
    assert trainings.count == 5 and trainings.capped
    assert "4+" in text(response)


def test_a_typo_of_a_word_in_more_records_than_are_ranked_counts_as_more(
    client, world, monkeypatch
):
    """The typo pass reads any MAX_RANKED + 1 of its matches (core.fulltext._select), not
    every one: a common word's typo is counted "4+" too."""
    monkeypatch.setattr("core.fulltext.MAX_RANKED", 4)
    made = {TrainingFactory(title=f"Pelatihan Sablon Kaos {number}") for number in range(7)}
    _jump, groups = site_search.search(site_search_visitor(None), "sablom", kind="pelatihan")
    trainings = next(g for g in groups if g.kind.key == "pelatihan")
    assert trainings.count == 5 and trainings.capped
    assert set(trainings.results) <= made and len(trainings.results) == 5


def test_a_typo_s_near_spellings_are_looked_up_once_for_every_kind(client, world):
    page(client, None, q="perindustrain")  # warm
    with CaptureQueriesContext(connection) as queries:
        response = page(client, None, q="perindustrain")
    assert world.a.name in text(response)
    lookups = [q["sql"] for q in queries.captured_queries if "core_near_words" in q["sql"]]
    # Once for the page, not once per kind (each took 1-6 ms at 10x).
    assert len(lookups) == 1, lookups
    kinds = [q["sql"] for q in queries.captured_queries if "WITH words" in q["sql"]]
    assert len(kinds) == len(site_search.kinds_for(AnonymousUser()))
    assert all("::tsquery)" in sql for sql in kinds)


def test_counts_per_kind_and_see_all_links(client, world):
    for number in range(5):
        TrainingFactory(title=f"Pelatihan Kopi Arabika {number}")
    response = page(client, None, q="kopi arabika")
    html = text(response)
    assert response.context["total"] == 5
    trainings = next(g for g in response.context["groups"] if g.kind.key == "pelatihan")
    assert trainings.count == 5 and len(trainings.results) == site_search.OVERVIEW_SIZE
    assert "jenis=pelatihan" in html


def test_pagination_keeps_the_query_and_the_kind(client, world):
    for number in range(25):
        TrainingFactory(title=f"Pelatihan Kopi Robusta {number}")
    response = page(client, None, q="kopi robusta", jenis="pelatihan")
    html = text(response)
    assert "q=kopi+robusta&amp;jenis=pelatihan&amp;page=2" in html
    second = page(client, None, q="kopi robusta", jenis="pelatihan", page=2)
    assert len(second.context["chosen"].results) == 5


def test_the_header_box_is_on_every_page_and_sends_a_get(client, world):
    html = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}"' in html
    assert 'for="navbar-search-q"' in html
    assert 'method="get"' in html


def test_organisers_find_a_registration_by_name(client, world):
    person = UserFactory(full_name="Rahmat Hidayat Peserta", email="rahmat@contoh.id")
    registration = RegistrationFactory(training=world.public_training, user=person)
    response = page(client, world.staff_b, q="Rahmat Hidayat", jenis="pendaftaran")
    assert "rahmat@contoh.id" in text(response)
    assert f"#registration-{registration.pk}" in text(response)
    # By e-mail address or check-in code in every search (by name in the registrations tab).
    assert "rahmat@contoh.id" in text(page(client, world.staff_b, q="RAHMAT@contoh.id"))
    assert "rahmat@contoh.id" in text(page(client, world.staff_b, q=registration.code.lower()))
    found = f"#registration-{registration.pk}"
    # The secretariat, over every training's registrations: by name, address and code alike.
    secretariat = secretariat_user()
    for query in ("Rahmat Hidayat", "rahmat@contoh.id", registration.code.lower()):
        assert found in text(page(client, secretariat, q=query, jenis="pendaftaran")), query
    for user in (world.staff_a, world.resident):
        response = page(client, user, q="Rahmat Hidayat", jenis="pendaftaran")
        assert found not in text(response)
        assert response.context["total"] == 0
        assert found not in text(page(client, user, q="rahmat@contoh.id"))


def test_a_name_in_more_registrations_than_are_counted_shows_the_newest_and_counts_more(
    client, world, monkeypatch
):
    monkeypatch.setattr("core.fulltext.MAX_RANKED", 4)
    monkeypatch.setattr("trainings.selectors.MAX_RANKED", 4)
    now = timezone.now()
    registrations = [
        RegistrationFactory(
            training=world.public_training,
            user=UserFactory(full_name=f"Yusuf Harahap {number}"),
            created_at=now - timedelta(days=10 - number),
        )
        for number in range(7)
    ]
    # Of the same name, one registered for a training of another agency: never counted.
    elsewhere = RegistrationFactory(
        training=TrainingFactory(title="Pelatihan lain", organisers=[world.a]),
        user=UserFactory(full_name="Yusuf Harahap lain"),
        created_at=now,
    )
    response = page(client, world.staff_b, q="yusuf harahap", jenis="pendaftaran")
    chosen = response.context["chosen"]
    # The newest MAX_RANKED + 1 are read, newest first, and counted as "4+".
    assert chosen.count == 5 and chosen.capped
    shown = [row.pk for row in chosen.results]
    assert shown == [r.pk for r in reversed(registrations)][:5]
    assert elsewhere.pk not in shown
    assert "4+" in text(response)
    # As a count on the other tabs: the same, in one query.
    overview = page(client, world.staff_b, q="yusuf harahap")
    group = next(g for g in overview.context["groups"] if g.kind.key == "pendaftaran")
    assert group.count == 5 and group.capped


# --- Queries --------------------------------------------------------------------------------------


def _matches(number, word):
    agency = AgencyFactory(name=f"Instansi {word}")
    for n in range(number):
        AgencyFactory(name=f"Instansi {word} cabang {n}")
        AgreementFactory(title=f"Kerja sama {word} {n}", parties=[agency])
        TrainingFactory(title=f"Pelatihan {word} {n}", organisers=[agency])
        SubmissionFactory(title=f"Masukan {word} {n}")
        Meeting.objects.create(
            forum=Forum.objects.get(slug="umum"),
            title=f"Pertemuan {word} {n}",
            agenda="Agenda.",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
        )


@pytest.mark.parametrize("kind", [None, "kerja-sama"])
def test_queries_stay_the_same_with_three_or_thirty_matches(client, kind):
    staff = MembershipFactory(agency=AgencyFactory(), role="editor").user
    counts = []
    for number, word in ((3, "sedikit"), (30, "banyak")):
        _matches(number, word)
        for user in (None, staff):
            params = {"q": word, **({"jenis": kind} if kind else {})}
            page(client, user, **params)  # warm: the session, the user's rows
            with CaptureQueriesContext(connection) as queries:
                response = page(client, user, **params)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def site_search_visitor(user):
    from django.contrib.auth.models import AnonymousUser

    from forums.rules import Visitor

    return Visitor(user or AnonymousUser())


def test_a_renamed_agency_is_found_under_its_new_name_in_agreements(world):
    Agency.objects.filter(pk=world.b.pk).update(acronym="USUX")
    _jump, groups = site_search.search(site_search_visitor(None), "USUX", kind="kerja-sama")
    assert world.public_agreement in groups[1].results


def test_an_official_answer_is_searched_and_a_hidden_one_is_not(world):
    Reply.objects.create(
        submission=world.published, kind="answer", agency=world.a, body="Perbaikan dermaga."
    )
    _jump, groups = site_search.search(site_search_visitor(None), "dermaga", kind="aspirasi")
    chosen = next(g for g in groups if g.kind.key == "aspirasi")
    assert chosen.results == [world.published]
    Reply.objects.filter(submission=world.published).update(hidden=True)
    _jump, groups = site_search.search(site_search_visitor(None), "dermaga", kind="aspirasi")
    assert next(g for g in groups if g.kind.key == "aspirasi").results == []


def test_a_kinds_page_is_one_query_its_snippets_only_for_the_rows_shown():
    from core.paging import DeferredPaginator
    from partnerships.selectors import agreement_search_for_user

    agency = AgencyFactory(name="Instansi Pelabuhan")
    for n in range(5):
        AgreementFactory(title=f"Kerja sama dermaga {n}", parties=[agency])
    AgreementFactory(title="Dermaga", parties=[agency])  # the exact title: first
    found = agreement_search_for_user(site_search_visitor(None).user, "dermaga")
    paginator = DeferredPaginator(found, 3)
    assert paginator.count == 6
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(1))
    rows_sql, parties_sql = (query["sql"] for query in queries.captured_queries)
    # The rows, ranked and cut in one query (no keys first); then their parties, not sectors.
    assert "ts_headline" in rows_sql and "LIMIT 3" in rows_sql
    assert "partnerships_party" in parties_sql
    assert [row.title for row in rows][0] == "Dermaga"
    assert len(rows) == 3 and all("<" not in row.marked_title for row in rows)
    assert all("\ue000" in row.marked_title for row in rows)  # each snippet came with its row


def _parallel_workers():
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


def _search_ids_statements(query):
    from partnerships.selectors import agreement_search_for_user

    with CaptureQueriesContext(connection) as queries:
        agreement_search_for_user(site_search_visitor(None).user, query)
    return [q["sql"] for q in queries.captured_queries if "WITH words" in q["sql"]]


def test_the_ids_of_matches_are_read_without_parallel_workers_and_the_setting_is_undone():
    AgreementFactory(title="Kerja sama dermaga", parties=[AgencyFactory()])
    before = _parallel_workers()
    (statement,) = _search_ids_statements("dermaga")
    assert statement.startswith(
        "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off; WITH words"
    )
    assert _parallel_workers() == before  # inside this test's transaction: reset after
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.django_db(transaction=True)
def test_in_autocommit_the_serial_setting_lasts_one_statement():
    AgreementFactory(title="Kerja sama dermaga", parties=[AgencyFactory()])
    assert connection.get_autocommit()
    before = _parallel_workers()
    (statement,) = _search_ids_statements("dermaga")
    assert statement.startswith("SET LOCAL")
    assert _parallel_workers() == before


def test_the_rows_of_matches_are_read_without_the_visibility_their_ids_were_read_through(world):
    """The forums' visibility (an agreement's or a training's forum is public while they are)
    is asked once, as the ids are read; the rows of those ids need not ask it again."""
    with CaptureQueriesContext(connection) as queries:
        _jump, groups = site_search.search(site_search_visitor(None), "masukan", kind="aspirasi")
    found = next(g for g in groups if g.kind.key == "aspirasi").results
    assert world.published in found and world.rahasia not in found
    ids_sql = [q["sql"] for q in queries.captured_queries if "WITH words" in q["sql"]]
    rows_sql = [q["sql"] for q in queries.captured_queries if "ts_headline" in q["sql"]]
    submissions = [sql for sql in ids_sql if '"forums_submission"' in sql]
    assert submissions and all("partnerships_agreement" in sql for sql in submissions)
    assert rows_sql and not any("partnerships_agreement" in sql for sql in rows_sql)


def test_an_acronym_and_a_name_typed_as_one_word_are_read_by_their_indexes():
    """The agencies' acronym and spacing matches (agency_search_for_user's `also`) are asked of
    indexes (agencies 0009), not of every agency (5 ms a search at 10x): PostgreSQL uses an
    expression's index only for that very expression, so the search's must be the indexes'."""
    from agencies.selectors import agency_search_for_user
    from core import fulltext

    siantar = AgencyFactory(name="Dinas Koperasi Pematang Siantar", acronym="DKPS")
    with CaptureQueriesContext(connection) as queries:
        found = agency_search_for_user(site_search_visitor(None).user, "pematangsiantar")
    assert list(found) == [siantar]
    (sql,) = [q["sql"] for q in queries.captured_queries if "WITH words" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql.removeprefix(f"{fulltext.SERIAL}; "))
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [["agency_squashed_trgm", "agency_acronym_upper"]],
        )
        definitions = dict(cursor.fetchall())
    # "... USING gin (<expression> gin_trgm_ops)", "... USING btree (<expression>)"
    squashed = definitions["agency_squashed_trgm"].split(" USING gin (", 1)[1]
    squashed = squashed.removesuffix(")").removesuffix(" gin_trgm_ops")
    upper = definitions["agency_acronym_upper"].split(" USING btree (", 1)[1][:-1]
    assert f"{squashed} ~~ '%pematangsiantar%'" in plan, (squashed, plan)
    assert f"{upper} = 'PEMATANGSIANTAR'" in plan, (upper, plan)


def test_only_a_query_shaped_like_a_code_asks_for_a_code():
    """A reference or tracking code is asked for (each by its index, beside the words) only
    when the query has a code's shape: any other text is no code, and its condition cost
    each kind a part of its statement."""
    agreement = AgreementFactory(title="Kerja sama dermaga", parties=[AgencyFactory()])
    visitor = site_search_visitor(None)

    def statements(query):
        with CaptureQueriesContext(connection) as queries:
            _jump, groups = site_search.search(visitor, query, kind="kerja-sama")
        found = next(g for g in groups if g.kind.key == "kerja-sama").results
        return found, [q["sql"] for q in queries.captured_queries if "WITH words" in q["sql"]]

    found, sql = statements("dermaga")
    assert found == [agreement]
    assert not any('"reference" = ' in each or '"tracking_code" = ' in each for each in sql)
    found, sql = statements(agreement.reference.lower())
    assert found == [agreement]
    assert any(f"\"reference\" = '{agreement.reference}'" in each for each in sql)


def test_a_staff_member_s_public_and_own_matches_are_ranked_as_one_newest_few(monkeypatch):
    """The public agreements and a staff member's own are each searched on their own; of both,
    the newest MAX_RANKED + 1 together are ranked (each half's newest hold them all), as for
    anybody's search: not twice as many."""
    monkeypatch.setattr("core.fulltext.MAX_RANKED", 4)
    own = AgencyFactory()
    staff = MembershipFactory(agency=own, role="editor").user
    made = []
    for number in range(5):
        made.append(
            AgreementFactory(title=f"Kerja sama galangan {number}", parties=[AgencyFactory()])
        )
        made.append(
            AgreementFactory(
                title=f"Kerja sama galangan internal {number}", parties=[own], visibility="internal"
            )
        )
    _jump, groups = site_search.search(site_search_visitor(staff), "galangan", kind="kerja-sama")
    agreements = next(g for g in groups if g.kind.key == "kerja-sama")
    assert agreements.count == 5 and agreements.capped
    newest = sorted(made, key=lambda agreement: agreement.pk)[-5:]
    assert set(agreements.results) == set(newest)
    # Its reference is always among them, however old (with a kind chosen, nothing jumps).
    _jump, groups = site_search.search(
        site_search_visitor(staff), made[1].reference, kind="kerja-sama"
    )
    assert next(g for g in groups if g.kind.key == "kerja-sama").results == [made[1]]


def test_a_staff_search_asks_each_row_s_forum_and_still_finds_only_what_staff_may_see(world):
    """Signed in, the published input is ORed with one's own and the staff's: each row's forum
    is asked as it is read (core.querysets.EachRowExists), not every public forum listed
    first. What is found stays what the rules allow."""
    staff = MembershipFactory(agency=world.b, role="editor").user

    def submissions(user):
        with CaptureQueriesContext(connection) as queries:
            _jump, groups = site_search.search(
                site_search_visitor(user), "masukan", kind="aspirasi"
            )
        found = set(next(g for g in groups if g.kind.key == "aspirasi").results)
        (sql,) = [
            q["sql"]
            for q in queries.captured_queries
            if "WITH words" in q["sql"] and '"forums_submission"' in q["sql"]
        ]
        return found, sql

    found, sql = submissions(staff)
    assert "OFFSET 0" in sql
    assert world.published in found and world.rahasia_b in found  # assigned to their agency
    assert world.rahasia not in found
    found, sql = submissions(None)
    assert "OFFSET 0" not in sql  # the published alone: joined with their forums as they are
    assert world.published in found and not {world.rahasia, world.rahasia_b} & found


def test_a_participant_is_found_by_how_a_word_of_their_name_starts(client, world):
    """Organisers find a registration by the start of any word of the name ("rahma" finds
    Siti Rahmawati, "sit rah" too), not by any letters inside one ("las" is no Nicholas,
    "daya" no Hidayat); what is no letter only parts the words."""
    names = ["Siti Rahmawati", "Nicholas Lubis", "Lasmaria Sinaga", "Hidayat Nasution", "Ana (Ani)"]
    made = {
        name: RegistrationFactory(training=world.public_training, user=UserFactory(full_name=name))
        for name in names
    }

    def found(query):
        response = page(client, world.staff_b, q=query, jenis="pendaftaran")
        return {row.user.full_name for row in response.context["chosen"].results}

    assert found("rahma") == {"Siti Rahmawati"}
    assert found("siti rahm") == {"Siti Rahmawati"}
    assert found("las") == {"Lasmaria Sinaga"}
    assert found("daya") == set()
    assert found("HIDAYAT") == {"Hidayat Nasution"}
    assert found("(ani") == {"Ana (Ani)"}
    assert found("sit rah") == {"Siti Rahmawati"}
    assert found("rahma siti") == {"Siti Rahmawati"}
    assert found("'&|!:*") == set()  # no word: nobody, and no tsquery syntax
    assert made["Nicholas Lubis"].user.full_name not in found("las")


@pytest.mark.parametrize("many", [1, 300])
def test_a_name_many_people_share_finds_the_same_registrations(client, world, monkeypatch, many):
    """Of a name few people have, their registrations are looked up by theirs; of one many
    have (more than MANY_PEOPLE), each registration of the trainings is tested against them:
    the same registrations either way, for the organisers and for the secretariat."""
    monkeypatch.setattr("trainings.selectors.MANY_PEOPLE", many)
    mine = [
        RegistrationFactory(training=world.public_training, user=UserFactory(full_name=name))
        for name in ("Tiur Sitompul", "Tiurma Nainggolan", "Roslina Tiur")
    ]
    other_training = TrainingFactory(title="Pelatihan lain", organisers=[world.a])
    theirs = RegistrationFactory(training=other_training, user=UserFactory(full_name="Tiur Lain"))
    RegistrationFactory(training=world.public_training, user=UserFactory(full_name="Batiur Ok"))

    def found(user, query):
        response = page(client, user, q=query, jenis="pendaftaran")
        return {row.pk for row in response.context["chosen"].results}

    assert found(world.staff_b, "tiur") == {r.pk for r in mine}
    assert found(secretariat_user(), "tiur") == {r.pk for r in [*mine, theirs]}
    assert found(world.staff_b, mine[0].code.lower()) == {mine[0].pk}


def test_the_people_of_a_name_are_read_by_the_index_of_the_names_words():
    """name_starts asks the very expression accounts 0005 indexes (PostgreSQL uses an
    expression's index only for that expression)."""
    from trainings.selectors import name_starts

    person = UserFactory(full_name="Siti Rahmawati")
    people = name_starts("rahm")
    assert list(people) == [person]
    sql, params = people.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # The table is tiny here: ask for the plan a big table gets (a bitmap of an index).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on accounts_user_name_words" in plan, plan
