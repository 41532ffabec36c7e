"""The demo data (`manage.py seed_demo`, what `make run` shows) obeys the rules the services
apply to real data. Demo rows are partly written directly, for speed and for history in the
past; this test runs every one of them through the same validations, so a demo can never show
what the portal would refuse (a training carrying out an unsigned PKS, a reminder that cannot
fire, a history no workflow allows)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from agencies.enums import AgencyStatus
from core.workflow import Workflow
from forums.enums import SUBMISSION_TRANSITIONS
from forums.models import Submission
from notifications.models import Reminder
from partnerships import rules as partnership_rules
from partnerships.enums import AGREEMENT_TRANSITIONS, AgreementStatus, DocumentKind
from partnerships.models import Agreement
from partnerships.services import validate_agreement
from tests.factories import secretariat_user
from trainings.enums import TrainingStatus
from trainings.models import Training
from trainings.services import TRAINING_FIELDS, validate_training

S = AgreementStatus
SIGNED_OR_LATER = {S.SIGNED, S.IN_FORCE, S.COMPLETED, S.REVOKED}


def walk(history, transitions, statuses, final):
    """The steps a history took, each one allowed by the workflow's table, ending at `final`
    (lines that are no move, such as a forum answer's rating, are not steps)."""
    workflow = Workflow(statuses, transitions, history=None, subject="demo", refused="")
    wrong = []
    steps = [row.to_status for row in history if row.to_status]
    for before, after in zip(steps, steps[1:], strict=False):
        if not workflow.allows(statuses(before), statuses(after)):
            wrong.append(f"{before} -> {after}")
    if steps and steps[-1] != final:
        wrong.append(f"history ends at {steps[-1]}, the row is {final}")
    return wrong


def _agreement_passes_the_services_checks():
    secretariat = secretariat_user()
    today = timezone.localdate()
    problems = []
    for agreement in Agreement.objects.prefetch_related("parties__agency", "documents"):
        parties = [
            {"agency": party.agency, "role": party.role} for party in agreement.parties.all()
        ]
        try:
            validate_agreement(
                kind=agreement.kind,
                parent=agreement.parent,
                start_date=agreement.start_date,
                end_date=agreement.end_date,
                parties=parties,
                user=secretariat,
            )
        except Exception as error:  # noqa: BLE001 - every refusal is reported below
            problems.append(f"{agreement.reference}: {error}")
        kinds = {document.kind for document in agreement.documents.all()}
        status = agreement.status
        if status != S.DRAFT and DocumentKind.TOR not in kinds:
            problems.append(f"{agreement.reference}: {status} without its KAK")
        if status in SIGNED_OR_LATER and not agreement.legacy:
            if DocumentKind.SIGNED not in kinds:
                problems.append(f"{agreement.reference}: {status} without the signed document")
            if not (agreement.signed_on and agreement.signed_on <= today):
                problems.append(f"{agreement.reference}: {status}, signed on {agreement.signed_on}")
        if status == S.IN_FORCE and not agreement.start_date <= today <= agreement.end_date:
            problems.append(f"{agreement.reference}: in force outside its term")
        if status == S.SCHEDULED and not (agreement.signing_date and agreement.signing_place):
            problems.append(f"{agreement.reference}: scheduled without date and place")
        if not agreement.legacy:
            problems += [
                f"{agreement.reference}: {step}"
                for step in walk(
                    agreement.transitions.order_by("at", "pk"),
                    AGREEMENT_TRANSITIONS,
                    AgreementStatus,
                    status,
                )
            ]
        for milestone in agreement.milestones.all():
            if milestone.completed_on and milestone.completed_on < agreement.start_date:
                problems.append(f"{agreement.reference}: a milestone done before the term")
    return problems


def _training_passes_the_services_checks():
    secretariat = secretariat_user()
    problems = []
    for training in Training.objects.prefetch_related("sessions", "organiser_rows__agency"):
        fields = {name: getattr(training, name) for name in TRAINING_FIELDS}
        sessions = [
            {"starts_at": s.starts_at, "ends_at": s.ends_at} for s in training.sessions.all()
        ]
        organisers = [
            {"agency": row.agency, "is_lead": row.is_lead} for row in training.organiser_rows.all()
        ]
        if training.status in {TrainingStatus.DRAFT, TrainingStatus.PUBLISHED}:
            # A training still to run: the checks of creating it, its agreement included.
            try:
                validate_training(
                    fields=fields, sessions=sessions, organisers=organisers, user=secretariat
                )
            except Exception as error:  # noqa: BLE001 - every refusal is reported below
                problems.append(f"{training.reference}: {error}")
        if training.agreement is not None and not (
            partnership_rules.can_be_carried_out(training.agreement)
            or training.agreement.status == S.COMPLETED
        ):
            problems.append(
                f"{training.reference} carries out {training.agreement.reference}, which is "
                f"{training.agreement.status}"
            )
        unverified = [row.agency for row in training.organiser_rows.all()]
        if any(agency.status != AgencyStatus.VERIFIED for agency in unverified):
            problems.append(f"{training.reference}: an organiser that is not verified")
    return problems


def _submission_took_a_path_the_workflow_allows():
    from forums.enums import SubmissionStatus

    problems = []
    for submission in Submission.objects.prefetch_related("events"):
        problems += [
            f"{submission.tracking_code}: {step}"
            for step in walk(
                submission.events.order_by("at", "pk"),
                SUBMISSION_TRANSITIONS,
                SubmissionStatus,
                submission.status,
            )
        ]
        due, forwarded = submission.answer_due, submission.forwarded_at
        if due and forwarded and due < forwarded:
            problems.append(f"{submission.tracking_code}: answer due before it was forwarded")
    return problems


def _ratings_are_of_answers_as_the_services_make_them():
    from forums.models import AnswerRating

    problems = []
    ratings = AnswerRating.objects.select_related("submission", "answer")
    for rating in ratings:
        code, answer = rating.submission.tracking_code, rating.answer
        if answer.submission_id != rating.submission_id or answer.kind != "answer":
            problems.append(f"{code}: a rating of something that is not its official answer")
        if rating.agency_id != answer.agency_id:
            problems.append(f"{code}: a rating credited to an agency that did not answer")
        if rating.created_at < answer.created_at:
            problems.append(f"{code}: rated before it was answered")
    appealed = set(ratings.filter(appealed=True).values_list("submission", flat=True))
    marked = set(Submission.objects.exclude(appealed_at=None).values_list("pk", flat=True))
    problems += [f"submission {pk}: appealed without its rating" for pk in marked - appealed]
    problems += [
        f"submission {pk}: an appeal the submission does not know" for pk in appealed - marked
    ]
    return problems


def _pending_reminder_can_still_fire():
    now = timezone.now()
    dead = [
        f"{reminder.rule.key} about {reminder.content_type.model} {reminder.object_id}"
        for reminder in Reminder.objects.filter(status="pending").select_related(
            "rule", "content_type"
        )
        if reminder.expires_at is not None and reminder.expires_at <= max(reminder.due_at, now)
    ]
    return dead


@pytest.mark.django_db
def test_the_demo_obeys_the_rules_of_real_data(settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    problems = {
        "agreements": _agreement_passes_the_services_checks(),
        "trainings": _training_passes_the_services_checks(),
        "submissions": _submission_took_a_path_the_workflow_allows(),
        "ratings": _ratings_are_of_answers_as_the_services_make_them(),
        "reminders": _pending_reminder_can_still_fire(),
    }
    # The demo shows a rated answer, and an appeal answered again.
    from forums.models import AnswerRating

    assert AnswerRating.objects.filter(verdict="puas").exists()
    assert Submission.objects.filter(appealed_at__isnull=False, status="answered").exists()
    assert problems == dict.fromkeys(problems, [])

    # The checks see what they guard: break one row of each kind and each is reported.
    running = Agreement.objects.filter(status=S.IN_FORCE, legacy=False).first()
    Agreement.objects.filter(pk=running.pk).update(
        start_date=timezone.localdate().replace(year=2099),
        end_date=timezone.localdate().replace(year=2100),
    )
    welding = Training.objects.exclude(agreement=None).filter(status="published").first()
    scheduled = Agreement.objects.filter(status=S.SCHEDULED).first()
    Training.objects.filter(pk=welding.pk).update(agreement=scheduled)
    submission = Submission.objects.filter(status="answered").first()
    submission.events.filter(to_status="answered").update(to_status="closed")
    reminder = Reminder.objects.filter(status="pending").first()
    Reminder.objects.filter(pk=reminder.pk).update(expires_at=reminder.due_at)
    rated = AnswerRating.objects.filter(appealed=False).first()
    AnswerRating.objects.filter(pk=rated.pk).update(agency=None)
    assert running.reference in " ".join(_agreement_passes_the_services_checks())
    assert welding.reference in " ".join(_training_passes_the_services_checks())
    assert submission.tracking_code in " ".join(_submission_took_a_path_the_workflow_allows())
    assert str(reminder.object_id) in " ".join(_pending_reminder_can_still_fire())
    assert rated.submission.tracking_code in " ".join(
        _ratings_are_of_answers_as_the_services_make_them()
    )
