"""A record is found by the words its results show and by the ways people write them (issue
17, search vocabulary): an agreement by its kind's and cooperation kind's names and
abbreviations and by where it is; every record by its regency's other spellings; and a word
written open or closed ("kerja sama", "kerjasama"), or "Sumatra" for "Sumatera", the same.

Each test has the record that must not be found present, carrying the other searched words."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.db import connection
from django.utils import timezone

from agencies.models import Agency, Regency
from core import fulltext, spellings
from forums.models import Forum, Meeting, Submission
from partnerships.enums import AgreementKind, CooperationKind
from partnerships.models import Agreement
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    SubmissionFactory,
    TrainingFactory,
    regency,
)
from trainings.models import Training

pytestmark = pytest.mark.django_db

AGREEMENT_WORDS = import_module("partnerships.migrations.0014_agreement_kind_and_place_words")


def found(model, words):
    return set(model.objects.filter(fulltext.matches(fulltext.text_query(words))))


def weighted(agreement, weights, words):
    """Whether the part of `agreement`'s vector of `weights` ("a", "b") has `words`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_filter(search_vector, %s) @@ to_tsquery('sumut_id', %s)"
            " FROM partnerships_agreement WHERE id = %s",
            ["{" + ",".join(weights) + "}", words, agreement.pk],
        )
        return cursor.fetchone()[0]


# --- An agreement's kind and kind of cooperation ------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("MoU", "kb"),
        ("KB", "kb"),
        ("Kesepakatan Bersama", "kb"),
        ("Nota Kesepahaman", "kb"),
        ("PKS", "pks"),
        ("Perjanjian Kerja Sama", "pks"),
        ("perjanjian kerjasama", "pks"),
        ("MoA", "pks"),
        ("NK", "nk"),
        ("adendum", "adendum"),
    ],
)
def test_an_agreement_is_found_by_its_kinds_names_and_abbreviations(query, kind):
    agreements = {
        each: AgreementFactory(kind=each, title="Pengembangan Industri Rotan")
        for each in AgreementKind.values
    }
    assert found(Agreement, query) == {agreements[kind]}
    assert found(Agreement, f"{query} rotan") == {agreements[kind]}


def test_a_nota_kesepakatan_is_found_by_its_name():
    nk = AgreementFactory(kind="nk", cooperation_kind="sinergi", title="Sinkronisasi Data")
    AgreementFactory(kind="pks", title="Sinkronisasi Data Kedua")
    # A Kesepakatan Bersama is a kesepakatan too: the NK comes first.
    kb = AgreementFactory(kind="kb", title="Sinkronisasi Data Ketiga")
    assert found(Agreement, "Nota Kesepakatan") == {nk, kb}
    assert found(Agreement, "NK") == {nk}


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("KSDD", "ksdd"),
        ("antardaerah", "ksdd"),
        ("KSDPK", "ksdpk"),
        ("pihak ketiga", "ksdpk"),
        ("sinergi", "sinergi"),
        ("pemerintah pusat", "sinergi"),
        ("KSDPL", "ksdpl"),
        ("luar negeri", "ksdpl"),
        ("antarinstansi", "agencies"),
    ],
)
def test_an_agreement_is_found_by_its_kind_of_cooperation(query, kind):
    agreements = {
        each: AgreementFactory(kind="kb", cooperation_kind=each, title="Pengembangan Rotan")
        for each in CooperationKind.values
    }
    assert found(Agreement, query) == {agreements[kind]}


def test_every_kind_has_its_words_in_the_vector():
    # A kind added to the enums without words would be found by nothing its results show.
    assert set(AGREEMENT_WORDS.KIND_WORDS) == set(AgreementKind.values)
    assert set(AGREEMENT_WORDS.COOPERATION_WORDS) == set(CooperationKind.values)


def test_the_kinds_words_rank_below_the_title_and_follow_a_change_of_kind():
    titled = AgreementFactory(kind="pks", title="PKS Pembinaan IKM")
    kind_only = AgreementFactory(kind="pks", title="Pembinaan IKM Penyewa")
    assert weighted(titled, "a", "pks") and not weighted(kind_only, "a", "pks")
    assert weighted(kind_only, "b", "pks")
    tsquery = fulltext.text_query("PKS")
    ranked = Agreement.objects.annotate(rank=fulltext.rank(tsquery)).order_by("-rank")
    assert list(ranked.filter(fulltext.matches(tsquery))) == [titled, kind_only]

    Agreement.objects.filter(pk=kind_only.pk).update(kind="kb", cooperation_kind="ksdd")
    assert found(Agreement, "PKS") == {titled}
    assert found(Agreement, "MoU") == {kind_only}
    assert found(Agreement, "KSDD") == {kind_only}


# --- Where a record is: a regency's name and its other spellings --------------------------------


def test_an_agreement_is_found_by_its_locations_and_their_other_spellings():
    deli, medan = regency("12.07"), regency("12.71")
    there = AgreementFactory(title="Pengembangan Kawasan Industri")
    elsewhere = AgreementFactory(title="Pengembangan Kawasan Industri Kedua")
    elsewhere.locations.set([medan])
    assert found(Agreement, "Deli Serdang") == set()
    there.locations.add(deli)  # the locations' own table's trigger
    for query in ("Deli Serdang", "Deliserdang", "deliserdang kawasan"):
        assert found(Agreement, query) == {there}, query
    assert found(Agreement, "Medan") == {elsewhere}

    Regency.objects.filter(pk=deli.pk).update(alternative_names=["Deli Sedang Lama"])
    assert found(Agreement, "sedang lama") == {there}
    there.locations.remove(deli)
    assert found(Agreement, "Deli Serdang") == set()


def test_a_training_a_submission_and_a_meeting_are_found_by_their_regencys_other_spellings():
    deli, labuhanbatu, medan = regency("12.07"), regency("12.10"), regency("12.71")
    training = TrainingFactory(title="Pelatihan Menjahit", regency=deli)
    TrainingFactory(title="Pelatihan Menjahit Medan", regency=medan)
    submission = SubmissionFactory(title="Jalan rusak", regency=labuhanbatu)
    SubmissionFactory(title="Jalan rusak di kota", regency=medan)
    forum = Forum.objects.create(kind="topic", slug="forum-deli", title="Forum Warga", regency=deli)
    start = timezone.now() + timedelta(days=3)
    end = start + timedelta(hours=2)
    meeting = Meeting.objects.create(
        forum=forum, title="Diskusi publik", agenda=".", starts_at=start, ends_at=end
    )
    Meeting.objects.create(
        forum=Forum.objects.get(slug="umum"),
        title="Diskusi publik umum",
        agenda=".",
        starts_at=start,
        ends_at=end,
    )
    assert found(Training, "Deliserdang") == found(Training, "Deli Serdang") == {training}
    assert found(Submission, "Labuhan Batu") == found(Submission, "Labuhanbatu") == {submission}
    assert found(Meeting, "Deliserdang") == found(Meeting, "Deli Serdang") == {meeting}
    # A regency's other spellings changed, and a forum moved, recompute what they concern.
    Regency.objects.filter(pk=deli.pk).update(alternative_names=["Serdangdeli"])
    assert found(Training, "serdangdeli") == {training}
    assert found(Meeting, "serdangdeli") == {meeting}
    Forum.objects.filter(pk=forum.pk).update(regency=medan)
    assert found(Meeting, "serdangdeli") == set()


# --- Words written two ways ---------------------------------------------------------------------


def test_a_compound_is_found_written_open_or_closed():
    closed = TrainingFactory(title="Kerjasama Pelatihan Las")
    open_ = TrainingFactory(title="Kerja Sama Pelatihan Las")
    TrainingFactory(title="Pelatihan Las Dasar")
    both = {closed, open_}
    assert found(Training, "kerjasama") == found(Training, "kerja sama") == both
    assert found(Training, "kerjasama las") == found(Training, "las kerja sama") == both
    deli = TrainingFactory(title="Pelatihan di Deliserdang")
    labuhan = TrainingFactory(title="Pelatihan di Labuhan Batu")
    assert found(Training, "Deli Serdang") == {deli}
    assert found(Training, "Labuhanbatu") == {labuhan}


def test_sumatra_finds_sumatera():
    usu = AgencyFactory(name="Universitas Sumatera Utara", acronym="USU", slug="usu")
    AgencyFactory(name="Universitas Negeri Medan", acronym="Unimed", slug="unimed")
    training = TrainingFactory(title="Magang Mahasiswa", organisers=[usu])
    assert found(Agency, "universitas sumatra utara") == {usu}
    assert found(Training, "universitas sumatra utara") == {training}
    assert found(Agency, "sumatera") == found(Agency, "sumatra") == {usu}


def test_a_querys_spellings_as_a_tsquery():
    assert fulltext.spelled_terms(["kerjasama", "medan"]) == (
        "('kerjasama' | 'kerja' & 'sama') & 'medan':*"
    )
    assert fulltext.spelled_terms(["las", "kerja", "sama"]) == (
        "'las' & ('kerja' & 'sama':* | 'kerjasama':*)"
    )
    # "kerja" alone is only itself.
    assert fulltext.spelled_terms(["kerja", "las"]) == "'kerja' & 'las':*"
    assert spellings.alternatives(["sumatra"]) == [[("sumatra",), ("sumatera",)]]


def test_every_spelling_is_lower_case_words():
    for entry in spellings.SPELLINGS:
        assert len(entry) >= 2
        for form in entry:
            assert form == form.lower() and fulltext.search_words(form) == form.split()


# --- The migration ------------------------------------------------------------------------------


def test_the_migration_rebuilds_existing_rows_and_undoes_to_the_earlier_vector():
    agreement = AgreementFactory(kind="kb", title="Pengembangan Rotan")
    agreement.locations.set([regency("12.07")])
    vector = AGREEMENT_WORDS.VECTOR
    with connection.cursor() as cursor:
        for statement in vector.revert_sql(AGREEMENT_WORDS.PREVIOUS):
            cursor.execute(statement)
        assert found(Agreement, "MoU") == set()  # the earlier vector, recomputed
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'search_vector_partnerships_agreement'"
            " AND tgrelid = 'partnerships_agreement_locations'::regclass"
        )
        assert cursor.fetchone()[0] == 0
        for statement in vector.create_sql():
            cursor.execute(statement)
    assert found(Agreement, "MoU deliserdang") == {agreement}
