from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerships import services
from partnerships.enums import AgreementStatus
from partnerships.models import Agreement
from partnerships.selectors import agreement_list_for_user, agreement_public_list
from tests.partnerships.conftest import pdf_upload

WIB = ZoneInfo("Asia/Jakarta")


def test_draft_gets_a_readable_reference_and_a_first_history_entry(world):
    agreement = world.draft()
    assert agreement.reference == f"KS-{timezone.now():%Y}-{agreement.pk:05d}"
    assert agreement.status == AgreementStatus.DRAFT
    step = agreement.transitions.get()
    assert (step.from_status, step.to_status, step.actor) == ("", "draft", world.editor)


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"end_date": date(2025, 1, 1)}, "end_date", "setelah tanggal mulai"),
        ({"kind": "adendum"}, "parent", "adendum"),
    ],
)
def test_drafts_are_validated_with_clear_messages(world, overrides, field, text):
    with pytest.raises(ValidationError) as error:
        world.draft(**overrides)
    assert text in " ".join(error.value.message_dict[field]).lower()
    assert not Agreement.objects.exists()


def test_a_pks_cannot_hang_under_a_pks(world):
    parent = world.draft()
    with pytest.raises(ValidationError) as error:
        world.draft(parent=parent)
    assert "parent" in error.value.message_dict


def test_parties_must_be_two_different_agencies_including_ones_own(world):
    with pytest.raises(ValidationError):
        world.draft(parties=world.parties(world.disperindag))
    with pytest.raises(ValidationError):
        world.draft(parties=world.parties(world.kim, world.kadin))


def test_the_whole_lifecycle_is_recorded_with_actor_and_time(world):
    agreement = world.bring_into_force(world.draft(start_date=timezone.localdate()))
    assert agreement.status == AgreementStatus.IN_FORCE
    steps = list(
        agreement.transitions.filter(kind="status").values_list("from_status", "to_status")
    )
    assert steps == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "verified"),
        ("verified", "deliberation"),
        ("deliberation", "scheduled"),
        ("scheduled", "signed"),
        ("signed", "in_force"),
    ]
    assert agreement.checked_seal and agreement.signing_place == "Medan"


@pytest.mark.parametrize(
    ("setup", "to_status", "who", "refusal", "message"),
    [
        ("draft", "signed", "secretariat", ValidationError, "tidak dapat menjadi"),
        ("draft", "submitted", "viewer", PermissionDenied, "tidak boleh"),
        ("draft", "submitted", "outsider", PermissionDenied, "tidak boleh"),
        ("submitted", "verified", "editor", PermissionDenied, "tidak boleh"),
        ("draft", "submitted", "editor", ValidationError, "KAK"),
        ("submitted", "rejected", "secretariat", ValidationError, "alasan"),
    ],
)
def test_disallowed_moves_are_refused_and_change_nothing(
    world, setup, to_status, who, refusal, message
):
    agreement = world.draft()
    if setup == "submitted":
        services.document_upload(
            agreement=agreement, by=world.editor, kind="tor", title="KAK", file=pdf_upload()
        )
        services.agreement_move(agreement=agreement, to_status="submitted", by=world.editor)
    before = agreement.transitions.count()
    with pytest.raises(refusal) as error:
        services.agreement_move(agreement=agreement, to_status=to_status, by=getattr(world, who))
    assert message.lower() in str(error.value).lower()
    agreement.refresh_from_db()
    assert agreement.status == setup
    assert agreement.transitions.count() == before


def test_signing_needs_the_signed_pdf_and_the_whole_checklist(world):
    agreement = scheduled(world, signed_document=False)
    sign = {
        "signed_on": date(2026, 1, 5),
        "checked_initials": True,
        "checked_duty_stamp": True,
        "checked_seal": True,
    }
    with pytest.raises(ValidationError, match="PDF"):
        services.agreement_move(
            agreement=agreement, to_status="signed", by=world.secretariat, **sign
        )
    services.document_upload(
        agreement=agreement, by=world.secretariat, kind="signed", title="Naskah", file=pdf_upload()
    )
    with pytest.raises(ValidationError, match="meterai"):
        services.agreement_move(
            agreement=agreement,
            to_status="signed",
            by=world.secretariat,
            **{**sign, "checked_duty_stamp": False},
        )
    agreement.refresh_from_db()
    assert agreement.status == "scheduled"


def test_an_agreement_past_its_end_date_reads_expired_before_any_job_runs(world):
    agreement = world.bring_into_force(world.draft(start_date=timezone.localdate()))
    Agreement.objects.filter(pk=agreement.pk).update(
        start_date=date(2020, 1, 1), end_date=timezone.localdate() - timedelta(days=1)
    )
    listed = agreement_list_for_user(user=world.editor, status="expired").get()
    assert listed.effective == "expired"
    assert not agreement_list_for_user(user=world.editor, status="in_force").exists()
    assert agreement_public_list(status="expired").get().pk == agreement.pk
    # The filter is written in stored columns (an index answers it), not on the computed status.
    for status in ("expired", "in_force", "completed"):
        where = str(agreement_public_list(status=status).query).split(" WHERE ")[1]
        assert "CASE" not in where, status


def test_daily_job_brings_signed_agreements_into_force_and_closes_ended_ones(world):
    future = world.bring_into_force(
        world.draft(
            start_date=timezone.localdate() + timedelta(days=3),
            end_date=timezone.localdate() + timedelta(days=400),
        )
    )
    assert future.status == "signed"
    assert services.agreements_advance(today=timezone.localdate() + timedelta(days=3)) == 1
    future.refresh_from_db()
    assert future.status == "in_force"
    assert services.agreements_advance(today=timezone.localdate() + timedelta(days=401)) == 1
    future.refresh_from_db()
    assert future.status == "completed"
    assert services.agreements_advance(today=timezone.localdate() + timedelta(days=401)) == 0


def test_legacy_agreement_is_entered_directly_in_force_by_the_secretariat(world):
    with pytest.raises(ValidationError):
        world.draft(legacy=True)  # an editor alone may not publish an agreement as signed
    agreement = services.agreement_create(
        by=world.secretariat,
        parties=world.parties(),
        sectors=[],
        title="Lama",
        kind="kb",
        cooperation_kind="ksdpk",
        start_date=date(2021, 1, 1),
        end_date=date(2030, 1, 1),
        legacy=True,
    )
    assert agreement.status == "in_force"
    assert agreement.transitions.get().to_status == "in_force"


def scheduled(world, signed_document=True, **overrides):
    """A draft taken by the services to "scheduled", with the signed PDF uploaded unless not."""
    agreement = world.draft(**overrides)
    services.document_upload(
        agreement=agreement, by=world.editor, kind="tor", title="KAK", file=pdf_upload()
    )
    services.agreement_move(agreement=agreement, to_status="submitted", by=world.editor)
    for step in ("verified", "deliberation"):
        services.agreement_move(agreement=agreement, to_status=step, by=world.secretariat)
    services.agreement_move(
        agreement=agreement,
        to_status="scheduled",
        by=world.secretariat,
        signing_date=datetime(2026, 1, 5, 10, tzinfo=WIB),
        signing_place="Medan",
        signing_mode="desk",
    )
    if signed_document:
        services.document_upload(
            agreement=agreement,
            by=world.secretariat,
            kind="signed",
            title="Naskah",
            file=pdf_upload(),
        )
    return agreement


CHECKED = {"checked_initials": True, "checked_duty_stamp": True, "checked_seal": True}


def test_the_date_of_signing_cannot_lie_in_the_future(world):
    agreement = scheduled(world)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.agreement_move(
            agreement=agreement,
            to_status="signed",
            by=world.secretariat,
            signed_on=tomorrow,
            **CHECKED,
        )
    assert "signed_on" in refused.value.message_dict
    agreement.refresh_from_db()
    assert agreement.status == "scheduled"


def test_a_signed_agreement_waits_for_its_start_date_to_enter_into_force(world):
    today = timezone.localdate()
    start = today + timedelta(days=10)
    agreement = scheduled(world, start_date=start, end_date=start + timedelta(days=365))
    services.agreement_move(
        agreement=agreement, to_status="signed", by=world.secretariat, signed_on=today, **CHECKED
    )
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    with pytest.raises(ValidationError, match="tetap"):
        services.agreement_move(agreement=agreement, to_status="in_force", by=world.secretariat)
    services.agreements_advance(today=start - timedelta(days=1))
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    services.agreements_advance(today=start)
    agreement.refresh_from_db()
    assert agreement.status == "in_force"


def test_a_milestone_cannot_be_done_before_the_term_starts(world):
    agreement = world.bring_into_force(
        world.draft(start_date=date(2026, 1, 1), end_date=date(2029, 1, 1))
    )
    milestone = services.milestone_create(
        agreement=agreement,
        by=world.editor,
        title="Pelatihan angkatan pertama",
        responsible=agreement.parties.first(),
        due_date=date(2026, 6, 30),
    )
    with pytest.raises(ValidationError) as refused:
        services.milestone_complete(
            milestone=milestone, by=world.editor, completed_on=date(2025, 12, 31)
        )
    assert "completed_on" in refused.value.message_dict
    services.milestone_complete(milestone=milestone, by=world.editor, completed_on=date(2026, 1, 1))
