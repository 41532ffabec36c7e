"""core.workflow: a move the table allows sets the status and writes exactly one history row with
its actor; any other move is refused with the app's message and leaves no trace."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from agencies.enums import AgencyEventKind, AgencyStatus
from agencies.models import Agency, AgencyEvent
from agencies.services import AGENCY_WORKFLOW
from core.workflow import Workflow
from forums.services import SUBMISSION_WORKFLOW
from partnerships.enums import AgreementStatus
from partnerships.services import AGREEMENT_WORKFLOW
from tests.factories import AgencyFactory, UserFactory
from trainings.services import REGISTRATION_WORKFLOW, TRAINING_WORKFLOW

A = AgencyStatus
# A table of its own, so that these tests speak of the helper and not of the agencies' rules.
MOVES = {
    A.PENDING: {A.VERIFIED: "reviewer", A.REJECTED: "reviewer"},
    A.VERIFIED: {A.SUSPENDED: "reviewer"},
    A.REJECTED: {A.PENDING: "registrant"},
    A.SUSPENDED: {},
}


def workflow(**options):
    return Workflow(
        AgencyStatus,
        MOVES,
        history=AgencyEvent,
        subject="agency",
        refused=_("An agency that is “%(from)s” cannot become “%(to)s”."),
        **options,
    )


def stored(agency):
    return Agency.objects.get(pk=agency.pk)


@pytest.fixture
def agency(db):
    return AgencyFactory(status=A.PENDING)


def test_an_allowed_move_sets_the_status_and_writes_one_history_row_with_its_actor(agency):
    reviewer = UserFactory()
    row = workflow().move(
        agency,
        A.VERIFIED,
        actor=reviewer,
        note="Dokumen lengkap",
        kind=AgencyEventKind.STATUS_CHANGED,
    )
    assert stored(agency).status == A.VERIFIED == agency.status
    assert list(AgencyEvent.objects.filter(agency=agency)) == [row]
    row.refresh_from_db()
    assert (row.from_status, row.to_status, row.actor, row.note, row.kind) == (
        "pending",
        "verified",
        reviewer,
        "Dokumen lengkap",
        "status_changed",
    )
    # The object remembers when its status changed: the moment its history line names.
    assert stored(agency).status_changed_at == row.at


def test_a_move_by_nobody_is_recorded_as_the_systems(agency):
    row = workflow().move(agency, A.REJECTED, actor=None, kind=AgencyEventKind.STATUS_CHANGED)
    row.refresh_from_db()
    assert row.actor is None and stored(agency).status == A.REJECTED


def test_a_move_the_table_does_not_allow_is_refused_with_the_apps_message_and_leaves_no_trace(
    agency,
):
    before = stored(agency).status_changed_at
    with pytest.raises(ValidationError) as refused:
        workflow().move(agency, A.SUSPENDED, actor=UserFactory(), kind="status_changed")
    assert refused.value.code == "transition"
    with translation.override("id"):
        assert refused.value.messages == [
            "Instansi berstatus “Menunggu verifikasi” tidak dapat diubah menjadi “Dibekukan”."
        ]
    with translation.override("en"):
        assert refused.value.messages == [
            "An agency that is “Awaiting verification” cannot become “Suspended”."
        ]
    assert agency.status == A.PENDING
    assert (stored(agency).status, stored(agency).status_changed_at) == (A.PENDING, before)
    assert not AgencyEvent.objects.filter(agency=agency).exists()


def test_a_status_with_no_way_out_refuses_every_move(agency):
    Agency.objects.filter(pk=agency.pk).update(status=A.SUSPENDED)
    agency.refresh_from_db()
    for target in AgencyStatus:
        assert not workflow().allows(agency.status, target)
        with pytest.raises(ValidationError):
            workflow().check(agency, target)


def test_a_role_must_be_the_one_the_table_names_for_the_move(agency):
    flow = workflow()
    assert flow.allows(A.PENDING, A.VERIFIED, role="reviewer")
    assert not flow.allows(A.PENDING, A.VERIFIED, role="registrant")
    with pytest.raises(ValidationError) as refused:
        flow.move(agency, A.VERIFIED, actor=UserFactory(), role="registrant", kind="x")
    assert refused.value.code == "transition"
    assert not AgencyEvent.objects.exists() and stored(agency).status == A.PENDING
    flow.move(agency, A.VERIFIED, actor=UserFactory(), role="reviewer", kind="status_changed")
    assert stored(agency).status == A.VERIFIED


def test_a_move_may_name_several_roles_that_each_may_make_it():
    flow = Workflow(
        AgencyStatus,
        {A.PENDING: {A.VERIFIED: frozenset({"reviewer", "auditor"}), A.REJECTED: "reviewer"}},
        history=AgencyEvent,
        subject="agency",
        refused="",
    )
    assert flow.allows(A.PENDING, A.VERIFIED, role="reviewer")
    assert flow.allows(A.PENDING, A.VERIFIED, role="auditor")
    assert not flow.allows(A.PENDING, A.VERIFIED, role="registrant")
    assert not flow.allows(A.PENDING, A.REJECTED, role="auditor")
    assert flow.allows(A.PENDING, A.VERIFIED)


def test_update_fields_saves_the_status_with_only_the_fields_named(agency):
    reviewer = UserFactory()
    agency.status_reason = "Tidak terdaftar"
    agency.description = "Not meant to be saved"
    workflow().move(
        agency,
        A.REJECTED,
        actor=reviewer,
        update_fields=["status_reason"],
        kind=AgencyEventKind.STATUS_CHANGED,
    )
    row = stored(agency)
    assert (row.status, row.status_reason) == (A.REJECTED, "Tidak terdaftar")
    assert row.description != "Not meant to be saved"


def test_statuses_read_in_lower_case_when_the_message_wants_them_so(agency):
    flow = workflow(lowercase=True)
    with pytest.raises(ValidationError) as refused:
        flow.check(agency, A.SUSPENDED)
    # Read in the reader's language, like the message itself.
    with translation.override("en"):
        assert refused.value.messages == [
            "An agency that is “awaiting verification” cannot become “suspended”."
        ]
    with translation.override("id"):
        assert refused.value.messages == [
            "Instansi berstatus “menunggu verifikasi” tidak dapat diubah menjadi “dibekukan”."
        ]


def test_a_claim_moves_a_row_once_however_often_it_is_made(agency):
    flow = workflow()
    first = flow.claim(agency.pk, A.PENDING, A.VERIFIED, note="Otomatis")
    again = flow.claim(agency.pk, A.PENDING, A.VERIFIED, note="Otomatis")
    assert first is not None and again is None
    assert stored(agency).status == A.VERIFIED
    row = AgencyEvent.objects.get(agency=agency)
    assert (row.from_status, row.to_status, row.actor, row.note) == (
        "pending",
        "verified",
        None,
        "Otomatis",
    )
    assert stored(agency).status_changed_at == row.at
    with pytest.raises(ValidationError):
        flow.claim(agency.pk, A.VERIFIED, A.PENDING)
    assert AgencyEvent.objects.filter(agency=agency).count() == 1


def test_a_line_that_is_not_a_move_is_recorded_without_touching_the_status(agency):
    editor = UserFactory()
    row = workflow().record(agency, actor=editor, kind=AgencyEventKind.PROFILE_UPDATED, detail="x")
    assert (row.actor, row.from_status, row.to_status) == (editor, "", "")
    assert stored(agency).status == A.PENDING


@pytest.mark.parametrize(
    "flow",
    [
        AGENCY_WORKFLOW,
        AGREEMENT_WORKFLOW,
        TRAINING_WORKFLOW,
        REGISTRATION_WORKFLOW,
        SUBMISSION_WORKFLOW,
    ],
    ids=lambda flow: flow.statuses.__name__,
)
def test_every_app_writes_the_moves_of_every_stored_status_once(flow):
    never_stored = {AgreementStatus.EXPIRED}
    assert set(flow.transitions) == set(flow.statuses) - never_stored
    for targets in flow.transitions.values():
        assert set(targets) <= set(flow.statuses) - never_stored
    assert flow.model._meta.get_field(flow.field)
