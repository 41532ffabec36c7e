"""Stored search vectors (core.searchvectors) stay in step with every kind of write: a service
or a form's save, QuerySet.update, bulk_create, raw SQL, a related row added, changed or
removed, and an agency renamed; and the query side (core.fulltext) reads what people type."""

import pytest
from django.core.management import call_command
from django.db import connection

from agencies import services as agency_services
from agencies.models import Agency, Capability, Regency
from core import fulltext, searchvectors
from forums.models import Reply, Submission
from partnerships.models import Agreement, Party
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    CapabilityFactory,
    SubmissionFactory,
    TrainingFactory,
    secretariat_user,
)
from trainings.models import Organiser, Speaker, Training

pytestmark = pytest.mark.django_db


def found(model, words):
    """The rows of `model` whose stored vector matches `words` (as the portal's search reads
    them)."""
    return set(model.objects.filter(fulltext.matches(fulltext.text_query(words))))


def test_a_new_row_has_its_vector_and_a_save_recomputes_it():
    agency = AgencyFactory(name="Dinas Perikanan Contoh", acronym="DKP")
    assert found(Agency, "perikanan") == {agency}
    agency.name = "Dinas Kelautan Contoh"
    agency.save()
    assert found(Agency, "perikanan") == set()
    assert found(Agency, "kelautan") == {agency}


def test_an_update_of_the_queryset_and_raw_sql_recompute_it():
    training = TrainingFactory(title="Pelatihan Menjahit")
    Training.objects.filter(pk=training.pk).update(title="Pelatihan Membatik")
    assert found(Training, "membatik") == {training}
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE trainings_training SET description = 'tenun ulos' WHERE id = %s", [training.pk]
        )
    assert found(Training, "ulos") == {training}


def test_bulk_create_fills_the_vectors():
    Agency.objects.bulk_create(
        [
            Agency(
                name=f"Koperasi Rotan {n}",
                normalised_name=f"koperasirotan{n}",
                slug=f"rotan-{n}",
                kind="koperasi",
                regency=Regency.objects.get(code="12.75"),
            )
            for n in range(3)
        ]
    )
    assert len(found(Agency, "rotan")) == 3


def test_a_party_added_or_removed_changes_what_finds_the_agreement():
    usu = AgencyFactory(name="Universitas Sumatera Utara", acronym="USU")
    other = AgencyFactory(name="Dinas Lain")
    agreement = AgreementFactory(parties=[other])
    assert found(Agreement, "USU") == set()
    Party.objects.create(agreement=agreement, agency=usu, role="second")
    assert found(Agreement, "USU") == {agreement}
    Party.objects.filter(agreement=agreement, agency=usu).update(document_number="77/KS/USU")
    assert found(Agreement, "77") == {agreement}
    # A number's pieces are words: the parser would read it whole as a file path.
    Party.objects.filter(agreement=agreement, agency=usu).update(
        document_number="B-12/UN5.1.R/KS.00/2026"
    )
    assert found(Agreement, "UN5.1.R/KS.00") == {agreement}
    assert found(Agreement, "B-12/UN5.1.R/KS.00/2026") == {agreement}
    Party.objects.filter(agreement=agreement, agency=usu).delete()
    assert found(Agreement, "USU") == set()


def test_an_agency_renamed_is_found_in_its_agreements_and_trainings_under_its_new_name():
    agency = AgencyFactory(name="Balai Lama Contoh", acronym="BLC")
    agreement = AgreementFactory(parties=[agency])
    training = TrainingFactory(organisers=[agency])
    # Through the service, as the profile form renames it.
    agency_services.agency_update(agency=agency, by=secretariat_user(), name="Balai Baru Contoh")
    assert found(Agreement, "baru") == {agreement}
    assert found(Training, "baru") == {training}
    assert found(Agreement, "lama") == set()


def test_organisers_and_speakers_find_the_training():
    training = TrainingFactory(title="Bimtek Pemasaran")
    kadin = AgencyFactory(name="Kamar Dagang dan Industri", acronym="Kadin")
    Organiser.objects.create(training=training, agency=kadin)
    Speaker.objects.create(training=training, name="Dr. Rosnawati Lubis", topic="Mutu CPO")
    assert found(Training, "kadin") == {training}
    assert found(Training, "rosnawati") == {training}
    Organiser.objects.filter(training=training, agency=kadin).delete()
    assert found(Training, "kadin") == set()


def test_a_capability_and_a_regency_find_the_agency():
    agency = AgencyFactory(name="UPTD Contoh")
    capability = CapabilityFactory(agency=agency, title="Bengkel pengelasan", description="SMAW")
    assert found(Agency, "pengelasan") == {agency}
    assert found(Agency, "SMAW") == {agency}
    Capability.objects.filter(pk=capability.pk).delete()
    assert found(Agency, "pengelasan") == set()
    # Medan: the factory's regency; a renamed regency is found by its new name.
    Regency.objects.filter(code="12.71").update(alternative_names=["Kota Madya Medanbaru"])
    assert agency in found(Agency, "medanbaru")


def test_an_official_answer_is_in_its_submission_until_it_is_hidden():
    submission = SubmissionFactory(title="Jalan rusak")
    reply = Reply.objects.create(submission=submission, kind="reply", body="aspal dermaga")
    assert found(Submission, "dermaga") == set()  # a resident's reply is not searched
    answer = Reply.objects.create(submission=submission, kind="answer", body="Perbaikan dermaga")
    assert found(Submission, "perbaikan") == {submission}
    answer.hidden = True
    answer.save()
    assert found(Submission, "perbaikan") == set()
    reply.delete()


def test_no_author_field_is_in_a_submission_vector():
    submission = SubmissionFactory(title="Lampu jalan", author_name="Rahasiawan Sejati")
    assert found(Submission, "Rahasiawan") == set()
    # Its code is found, whole or by its random part.
    assert found(Submission, submission.tracking_code) == {submission}
    assert found(Submission, submission.tracking_code.split("-")[-1]) == {submission}


def test_the_rebuild_command_and_the_paused_triggers_of_a_bulk_load():
    agency = AgencyFactory(name="Dinas Pariwisata Contoh")
    with connection.cursor() as cursor:
        # A bulk load starts with nothing pending (its tables just emptied): here, the
        # factory's foreign-key checks wait for the test's transaction to end.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        assert searchvectors.set_triggers(cursor, ["agencies_agency"], enabled=False) > 0
        cursor.execute("UPDATE agencies_agency SET name = 'Dinas Budaya Contoh'")
        searchvectors.set_triggers(cursor, ["agencies_agency"], enabled=True)
    assert found(Agency, "budaya") == set()  # the trigger was off
    call_command("rebuild_search_vectors", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert found(Agency, "budaya") == {agency}


def test_every_searched_model_has_its_function_in_the_database():
    tables = {model._meta.db_table for model in searchvectors.searched_models()}
    assert tables == {
        "agencies_agency",
        "partnerships_agreement",
        "trainings_training",
        "forums_submission",
        "forums_meeting",
    }
    assert set(searchvectors.refresh()) == tables


# --- The query side ------------------------------------------------------------------------------


def test_a_query_keeps_its_meaningful_words_only_and_nothing_is_read_as_syntax():
    assert fulltext.search_words("Siapa yang melatih juru las di Deli Serdang?") == [
        "melatih",
        "juru",
        "las",
        "deli",
        "serdang",
    ]
    assert fulltext.text_query("di dan yang") is None
    assert fulltext.text_query("!!! ''' :* & |") is None
    # Syntax characters around words are dropped; the words stay.
    agency = AgencyFactory(name="Dinas Perdagangan Contoh")
    assert found(Agency, "perdagangan') | !(x:*") == set()  # "x" is a word too: all must match
    assert found(Agency, "perdagangan' & !contoh") == {agency}


def test_stemming_and_accents():
    agency = AgencyFactory(name="Pusat Pelatihan Kerja Café")
    assert found(Agency, "latih") == {agency}
    assert found(Agency, "cafe") == {agency}
    assert found(Agency, "pelatíhan") == {agency}


def test_the_last_word_counts_as_a_prefix():
    agency = AgencyFactory(name="Dinas Ketenagakerjaan Contoh")
    assert found(Agency, "ketenaga") == {agency}


def test_marked_escapes_and_marks_only_its_own_markers():
    html = fulltext.marked(f"<b>x</b> {fulltext.START}las{fulltext.STOP} & co")
    assert html == "&lt;b&gt;x&lt;/b&gt; <mark>las</mark> &amp; co"
    assert fulltext.marked("") == ""


def test_ranked_finds_nothing_for_a_query_with_nothing_to_look_for():
    AgencyFactory(name="Dinas Apa Saja")
    assert list(fulltext.ranked(Agency.objects.all(), "di yang", typo_fields=("name",))) == []
