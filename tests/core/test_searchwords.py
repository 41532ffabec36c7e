"""The search's lexicon (core.models.SearchWord, kept by core.searchvectors' triggers) and the
typo pass that reads it (core.websearch): every way a searched text changes adds its words, a
misspelt word is read as the known words nearly like it, and only those."""

import pytest
from django.core.management import call_command
from django.db import connection

from agencies.models import Agency
from core import searchvectors
from core.models import SearchWord
from forums.models import Reply
from sumut_mitra import search as site_search
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    CapabilityFactory,
    SubmissionFactory,
    TrainingFactory,
    regency,
)
from trainings.models import Training

pytestmark = pytest.mark.django_db


def known(*words):
    """Which of `words` the lexicon holds."""
    return set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))


def near(word, edits):
    with connection.cursor() as cursor:
        cursor.execute("SELECT core_near_words(%s, %s)::text", [word, edits])
        return cursor.fetchone()[0]


def found(query, kind):
    from django.contrib.auth.models import AnonymousUser

    from forums.rules import Visitor

    _jump, groups = site_search.search(Visitor(AnonymousUser()), query, kind=kind)
    return next(group for group in groups if group.kind.key == kind).results


def test_a_new_row_and_every_kind_of_write_add_their_words_unaccented_and_lower_case():
    agency = AgencyFactory(name="Koperasi Kemenyan Humbang", description="Getah kemenyan.")
    assert known("koperasi", "kemenyan", "humbang", "getah") == {
        "koperasi",
        "kemenyan",
        "humbang",
        "getah",
    }
    agency.description = "Kopi Sidikalang dan andaliman"
    agency.save()
    assert known("sidikalang", "andaliman") == {"sidikalang", "andaliman"}
    training = TrainingFactory(title="Pelatihan Menjahit")
    Training.objects.filter(pk=training.pk).update(title="Pelatihan Mérajut Ulos")
    assert known("merajut", "mérajut") == {"merajut"}
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE trainings_training SET description = 'Tenun Songket' WHERE id = %s",
            [training.pk],
        )
    assert known("songket") == {"songket"}
    Agency.objects.bulk_create(
        [
            Agency(
                name="Balai Gambir",
                normalised_name="balaigambir",
                slug="gambir",
                kind="opd",
                regency=regency("12.71"),
            )
        ]
    )
    assert known("gambir") == {"gambir"}


def test_a_related_row_adds_the_words_it_brings():
    agency = AgencyFactory(name="Balai Latihan Contoh")
    CapabilityFactory(agency=agency, title="Pengelasan pipa", description="Bengkel fabrikasi.")
    assert known("pengelasan", "fabrikasi") == {"pengelasan", "fabrikasi"}
    submission = SubmissionFactory(title="Jalan rusak")
    Reply.objects.create(submission=submission, kind="answer", body="Diperbaiki triwulan depan")
    assert known("triwulan") == {"triwulan"}
    # A resident's reply is not searched: its words are not the record's.
    Reply.objects.create(submission=submission, kind="reply", body="Terimakasih banyaksekali")
    assert known("banyaksekali") == set()
    agreement = AgreementFactory(parties=[AgencyFactory(name="Yayasan Lestari Toba")])
    assert agreement.pk and known("lestari") == {"lestari"}


def test_only_words_of_letters_of_a_guessable_length_and_no_author_is_known():
    SubmissionFactory(
        title="Air bersih SM2026 " + "a" * 80,
        body="Sumur bor kering",
        author_name="Rahasiawan Sejati",
    )
    assert known("bersih", "sumur", "kering") == {"bersih", "sumur", "kering"}
    assert known("air", "bor", "sm2026", "a" * 80, "rahasiawan", "sejati") == set()


def test_near_words_are_at_most_the_edits_allowed_nearest_first():
    AgencyFactory(name="Dinas Perindustrian", description="Perdagangan dan pengembangan.")
    assert near("perindustrain", 2) == "'industri'"  # stemmed as the vectors are
    assert near("pengemasan", 2) is None  # "pengembangan" is three letters away
    assert near("perdagngan", 1) is not None
    assert near("zzzzzzzz", 2) is None


def test_a_typo_of_a_word_only_in_the_text_is_found():
    # Neither the title nor anything but the description has the word: the lexicon knows it.
    training = TrainingFactory(title="Sertifikasi Juru", description="Praktik di bengkel galangan.")
    other = TrainingFactory(title="Sertifikasi Juru Masak", description="Dapur hotel.")
    assert found("juru galagnan", "pelatihan") == [training]
    assert other not in found("juru galagnan", "pelatihan")


def test_the_rebuild_leaves_out_the_words_no_row_has_and_a_bulk_load_learns_after():
    agency = AgencyFactory(name="Dinas Pariwisata Contoh", description="Wisata danau.")
    agency.delete()
    assert known("pariwisata") == {"pariwisata"}  # a write never takes a word out
    call_command("rebuild_search_vectors", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert known("pariwisata") == set()
    kept = AgencyFactory(name="Dinas Budaya Contoh")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        searchvectors.set_triggers(cursor, ["agencies_agency"], enabled=False)
        cursor.execute(
            "UPDATE agencies_agency SET description = 'Tortor Sigale' WHERE id = %s", [kept.pk]
        )
        searchvectors.set_triggers(cursor, ["agencies_agency"], enabled=True)
    assert known("tortor", "sigale") == set()  # the triggers were off, as in seed_scale
    searchvectors.refresh([Agency])
    assert known("tortor", "sigale") == {"tortor", "sigale"}
    assert known("budaya") == {"budaya"}
