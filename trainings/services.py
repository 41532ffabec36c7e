"""Every write to trainings goes through here.

Seats are decided under a row lock on the training (CONVENTIONS rule 8): registering, approving,
cancelling and promoting from the waiting list all lock the training first, so confirmed
registrations never exceed the seats however many people press the button at once.
"""

import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.enums import AgencyStatus, MemberRole
from agencies.rules import agency_ids_where, is_secretariat
from core import background
from core.files import check_document
from core.http import absolute_url
from core.workflow import Workflow
from notifications.services import email_queue, notify

from . import checkin, reminders, rules
from .enums import (
    ACTIVE,
    CHOICE_KINDS,
    CONFIRMED,
    ORGANISER,
    PARTICIPANT,
    REGISTRATION_TRANSITIONS,
    TRAINING_TRANSITIONS,
    Audience,
    CertificateStatus,
    QuestionKind,
    RegistrationStatus,
    TrainingStatus,
)
from .models import (
    TRAINING_FIELDS,
    Attendance,
    Certificate,
    Feedback,
    Material,
    Organiser,
    Question,
    Registration,
    RegistrationEvent,
    Speaker,
    Training,
    TrainingEvent,
    TrainingSession,
)
from .tasks import generate_certificate

logger = logging.getLogger(__name__)
R = RegistrationStatus

TRAINING_WORKFLOW = Workflow(
    TrainingStatus,
    TRAINING_TRANSITIONS,
    history=TrainingEvent,
    subject="training",
    refused=gettext_lazy("A training that is %(from)s cannot become %(to)s."),
    lowercase=True,
)
REGISTRATION_WORKFLOW = Workflow(
    RegistrationStatus,
    REGISTRATION_TRANSITIONS,
    history=RegistrationEvent,
    subject="registration",
    refused=gettext_lazy("This registration is %(from)s and cannot become %(to)s."),
    lowercase=True,
)

SESSION_FIELDS = ["title", "starts_at", "ends_at"]
SPEAKER_FIELDS = ["name", "affiliation", "topic"]
QUESTION_FIELDS = ["text", "kind", "choices", "required", "position"]


# --- Trainings ------------------------------------------------------------------------------------


def validate_training(*, fields, sessions, organisers, user):
    errors = {}
    opens, closes = fields.get("registration_opens_at"), fields.get("registration_closes_at")
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    if not sessions:
        errors["__all__"] = _("A training needs at least one session.")
    else:
        last_end = max(session["ends_at"] for session in sessions)
        if closes and closes > last_end:
            errors["registration_closes_at"] = _(
                "Registration must close before the last session ends."
            )
        first_start = min(session["starts_at"] for session in sessions)
        cancel = fields.get("cancellation_closes_at")
        if cancel and cancel > first_start:
            errors["cancellation_closes_at"] = _(
                "Participants cannot be allowed to cancel after the training has started."
            )
    mode = fields.get("mode")
    if mode in {"online", "hybrid"} and not fields.get("online_link"):
        errors["online_link"] = _("An online or hybrid training needs its meeting link.")
    if mode in {"in_person", "hybrid"} and not (fields.get("venue") and fields.get("regency")):
        errors["venue"] = _("An in-person or hybrid training needs a venue and a regency or city.")
    agencies = [row["agency"] for row in organisers]
    leads = [row for row in organisers if row.get("is_lead")]
    if len(agencies) != len(set(agencies)):
        errors.setdefault("__all__", _("Each agency can organise a training only once."))
    elif len(leads) != 1:
        errors.setdefault("__all__", _("Exactly one organiser leads the training."))
    elif not is_secretariat(user):
        own = set(agency_ids_where(user, MemberRole.EDITOR).values_list("agency_id", flat=True))
        if leads[0]["agency"].pk not in own:
            errors.setdefault(
                "__all__",
                _("The lead organiser must be an agency where you are an editor or admin."),
            )
    unverified = [a for a in agencies if a.status != AgencyStatus.VERIFIED]
    if unverified:
        errors.setdefault(
            "__all__",
            _("%(agency)s is not verified yet and cannot organise trainings.")
            % {"agency": unverified[0]},
        )
    if errors:
        raise ValidationError(errors)


def _sync_children(model, training, rows, fields, *, protect=None):
    """Update, add and delete a training's sessions, speakers or questions from form rows.

    A row is a dict of `fields`, plus "id" (the existing object or None) and "DELETE"."""
    keep = []
    for row in rows:
        existing = row.get("id")
        if row.get("DELETE"):
            if existing is not None and existing.training_id == training.pk:
                if protect and protect(existing):
                    raise ValidationError(protect(existing))
                existing.delete()
            continue
        obj = existing if existing is not None and existing.training_id == training.pk else None
        obj = obj or model(training=training)
        for field in fields:
            setattr(obj, field, row.get(field) if row.get(field) is not None else "")
        obj.full_clean(exclude=["training"])
        obj.save()
        keep.append(obj.pk)
    return keep


def _session_protect(session):
    if session.attendances.exists():
        return _("“%(session)s” already has attendance and cannot be removed.") % {
            "session": session
        }
    return None


def _refresh_dates(training):
    dates = training.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    training.starts_at, training.ends_at = dates["first"], dates["last"]
    training.save(update_fields=["starts_at", "ends_at", "updated_at"])


def training_save(*, by, organisers, sessions, speakers=(), questions=(), training=None, **fields):
    """Create a draft training, or change one. Rows are form rows (see _sync_children)."""
    creating = training is None
    if creating and not rules.can_create_training(by):
        raise PermissionDenied
    if not creating and not rules.can_manage_training(by, training):
        raise PermissionDenied
    if not creating and training.status in {TrainingStatus.CANCELLED, TrainingStatus.COMPLETED}:
        raise ValidationError(_("A cancelled or completed training can no longer be changed."))
    live_sessions = [row for row in sessions if not row.get("DELETE")]
    validate_training(fields=fields, sessions=live_sessions, organisers=organisers, user=by)
    with transaction.atomic():
        if creating:
            training = Training(created_by=by, reference=f"tmp-{secrets.token_hex(8)}")
        else:
            training = Training.objects.select_for_update().get(pk=training.pk)
        if not creating and "capacity" in fields:
            confirmed = _confirmed_count(training)
            if fields["capacity"] < confirmed:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(count)s people already have a seat; cancel registrations first "
                            "to have fewer seats."
                        )
                        % {"count": confirmed}
                    }
                )
        for key in TRAINING_FIELDS:
            if key in fields:
                setattr(training, key, fields[key])
        training.save()
        if creating:
            training.reference = f"PL-{training.created_at:%Y}-{training.pk:05d}"
            training.save(update_fields=["reference"])
            TRAINING_WORKFLOW.record(training, actor=by, to_status=TrainingStatus.DRAFT)
        _sync_organisers(training, organisers)
        _sync_children(
            TrainingSession, training, sessions, SESSION_FIELDS, protect=_session_protect
        )
        _sync_children(Speaker, training, speakers, SPEAKER_FIELDS)
        _sync_children(Question, training, questions, QUESTION_FIELDS)
        _refresh_dates(training)
        if not creating:
            # More seats (or a longer window) may let people in from the waiting list.
            _fill_seats(training, by=by)
        reminders.sync_training(training)
    return training


def _sync_organisers(training, organisers):
    wanted = {row["agency"].pk: bool(row.get("is_lead")) for row in organisers}
    training.organiser_rows.exclude(agency_id__in=wanted).delete()
    # Clear the lead first: the "one lead" constraint holds at every statement.
    training.organiser_rows.update(is_lead=False)
    for agency_id, is_lead in wanted.items():
        Organiser.objects.update_or_create(
            training=training, agency_id=agency_id, defaults={"is_lead": is_lead}
        )


def training_move(*, training, to_status, by, note=""):
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    with transaction.atomic():
        training = Training.objects.select_for_update().get(pk=training.pk)
        to_status = TrainingStatus(to_status)
        TRAINING_WORKFLOW.check(training, to_status)
        now = timezone.now()
        if to_status == TrainingStatus.PUBLISHED and not training.sessions.exists():
            raise ValidationError(_("Add at least one session before publishing."))
        if to_status == TrainingStatus.DRAFT and training.registrations.exists():
            raise ValidationError(
                _("People have registered already; the training cannot go back to draft.")
            )
        if to_status == TrainingStatus.COMPLETED:
            last = training.sessions.order_by("-starts_at").first()
            if last is None or last.starts_at > now:
                raise ValidationError(
                    _("A training can be completed once its last session has started.")
                )
        if to_status == TrainingStatus.CANCELLED and not note:
            raise ValidationError(
                {"note": _("Say why the training is cancelled; participants read it.")}
            )
        TRAINING_WORKFLOW.move(
            training, to_status, actor=by, note=note, update_fields=["updated_at"]
        )
        if to_status == TrainingStatus.COMPLETED:
            _complete(training, by)
        elif to_status == TrainingStatus.CANCELLED:
            for registration in training.registrations.filter(status__in=sorted(ACTIVE)):
                _set_status(registration, R.CANCELLED_BY_ORGANISER, by, note)
                _notify(registration, "cancelled_by_organiser", reason=note)
        reminders.sync_training(training)
    return training


def _complete(training, by):
    """Attendance becomes final; those who came often enough get a certificate."""
    sessions = training.sessions.count()
    confirmed = training.registrations.filter(status=R.APPROVED).annotate(
        attended=Count("attendances")
    )
    for registration in confirmed:
        if registration.attended == 0:
            status = R.NO_SHOW
        elif registration.attended >= sessions:
            status = R.ATTENDED
        else:
            status = R.PARTLY_ATTENDED
        _set_status(registration, status, None)
        share = registration.attended * 100 / sessions if sessions else 0
        if share >= training.min_attendance_percent:
            certificate = Certificate.objects.create(
                registration=registration, code=_certificate_code()
            )
            background.enqueue_on_commit(generate_certificate, certificate.pk)
    # Those still waiting or awaiting approval did not take part.
    for registration in training.registrations.filter(status__in=[R.REGISTERED, R.WAITLISTED]):
        _set_status(
            registration,
            R.CANCELLED_BY_ORGANISER,
            None,
            _("The training took place without this registration being confirmed."),
        )


def _certificate_code():
    # SRT-XXXX-XXXX: short enough to read out on the phone, random enough not to be guessed.
    return "SRT-" + checkin.display(checkin.new_code()[:8])


# --- Registrations --------------------------------------------------------------------------------


def _set_status(registration, to_status, actor, note=""):
    """Move a registration the table allows to move (who may ask for it: _check_move)."""
    if note:
        registration.reason = note
    REGISTRATION_WORKFLOW.move(
        registration, to_status, actor=actor, note=note, update_fields=["reason"]
    )


def _notify(registration, event, **extra):
    """E-mail the participant (in their language, from the worker, after commit)."""
    user = registration.user
    training = registration.training
    context = {
        "event": event,
        "name": user.full_name,
        "training": training,
        "registration": registration,
        "code": checkin.display(registration.code),
        "url": absolute_url(reverse("trainings:registration", args=[training.reference])),
        **extra,
    }
    images = {}
    if event in {"approved", "promoted"}:
        images["qr"] = checkin.qr_png(checkin.signed_token(registration.code))
        context["token"] = checkin.signed_token(registration.code)
    email = email_queue(
        to=user.email,
        template="training_registration",
        context=context,
        language=user.preferred_language,
        kind=f"trainings.{event}",
        about=registration,
        inline_images=images,
    )
    notify(
        user=user,
        kind="trainings.registration",
        title=email.subject,
        url=reverse("trainings:registration", args=[training.reference]),
    )


def _confirmed_count(training):
    return training.registrations.filter(status__in=sorted(CONFIRMED)).count()


def _locked(training):
    return Training.objects.select_for_update().get(pk=training.pk)


def clean_answers(training, answers):
    """Check the answers to the training's questions; returns them keyed by question id."""
    cleaned, errors = {}, {}
    for question in training.questions.all():
        key = str(question.pk)
        value = answers.get(key)
        if question.kind == QuestionKind.MULTIPLE:
            value = [v for v in (value or []) if v in question.choice_list]
        elif question.kind in CHOICE_KINDS:
            value = value if value in question.choice_list else ""
        elif question.kind == QuestionKind.YES_NO:
            value = value if value in {"yes", "no"} else ""
        else:
            value = (value or "").strip()[:500]
        if question.required and not value:
            errors[f"q_{key}"] = _("This question needs an answer.")
        cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def registration_create(*, training, user, answers=None):
    """Sign up: a seat if one is free (or a request for approval), otherwise the waiting list."""
    if not user.is_authenticated:
        raise PermissionDenied
    answers = clean_answers(training, answers or {})
    with transaction.atomic():
        training = _locked(training)
        if training.status != TrainingStatus.PUBLISHED:
            raise ValidationError(_("This training is not open for registration."))
        now = timezone.now()
        if now < training.registration_opens_at:
            raise ValidationError(_("Registration has not opened yet."))
        if now >= training.registration_closes_at:
            raise ValidationError(_("Registration has closed."))
        if training.audience == Audience.STAFF and not rules.is_agency_staff(user):
            raise ValidationError(_("This training is for agency staff only."))
        if training.registrations.filter(user=user, status__in=sorted(ACTIVE)).exists():
            raise ValidationError(_("You are already registered for this training."))
        if training.requires_approval:
            status = R.REGISTERED
        elif _confirmed_count(training) < training.capacity:
            status = R.APPROVED
        else:
            status = R.WAITLISTED
        registration = Registration.objects.create(
            training=training,
            user=user,
            status=status,
            answers=answers,
            code=checkin.new_code(),
            created_at=now,
            status_changed_at=now,
        )
        REGISTRATION_WORKFLOW.record(registration, actor=user, to_status=status)
        _notify(registration, {R.REGISTERED: "received"}.get(status, status))
    return registration


def _check_move(registration, to_status, by, who_needed):
    REGISTRATION_WORKFLOW.check(registration, to_status, role=who_needed)
    if who_needed == ORGANISER and not rules.can_manage_training(by, registration.training):
        raise PermissionDenied
    if who_needed == PARTICIPANT and registration.user_id != by.pk:
        raise PermissionDenied


def _reload(registration):
    """The registration and its training, the training locked (seats change only under it)."""
    training = _locked(registration.training)
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
    registration.training = training
    return registration


def registration_approve(*, registration, by):
    """Give a seat to someone awaiting approval or on the waiting list."""
    with transaction.atomic():
        registration = _reload(registration)
        _check_move(registration, R.APPROVED, by, ORGANISER)
        if _confirmed_count(registration.training) >= registration.training.capacity:
            raise ValidationError(
                _("All %(seats)s seats are taken. Put the person on the waiting list instead.")
                % {"seats": registration.training.capacity}
            )
        was = registration.status
        _set_status(registration, R.APPROVED, by)
        _notify(registration, "promoted" if was == R.WAITLISTED else "approved")
    return registration


def registration_waitlist(*, registration, by):
    with transaction.atomic():
        registration = _reload(registration)
        _check_move(registration, R.WAITLISTED, by, ORGANISER)
        _set_status(registration, R.WAITLISTED, by)
        _notify(registration, "waitlisted")
    return registration


def registration_reject(*, registration, by, reason):
    if not reason:
        raise ValidationError({"reason": _("Say why; the person reads it.")})
    with transaction.atomic():
        registration = _reload(registration)
        _check_move(registration, R.REJECTED, by, ORGANISER)
        _set_status(registration, R.REJECTED, by, reason)
        _notify(registration, "rejected", reason=reason)
    return registration


def registration_cancel(*, registration, by, reason=""):
    """Cancelled by the participant (until the cut-off) or by an organiser (with a reason).
    A freed seat goes to the first person on the waiting list."""
    with transaction.atomic():
        registration = _reload(registration)
        training = registration.training
        by_participant = registration.user_id == by.pk and not (
            reason and rules.can_manage_training(by, training)
        )
        target = R.CANCELLED if by_participant else R.CANCELLED_BY_ORGANISER
        _check_move(registration, target, by, PARTICIPANT if by_participant else ORGANISER)
        if by_participant:
            deadline = training.cancellation_deadline
            if deadline is not None and timezone.now() >= deadline:
                raise ValidationError(
                    _("Registrations can no longer be cancelled here; contact the organisers.")
                )
        elif not reason:
            raise ValidationError({"reason": _("Say why; the person reads it.")})
        held_seat = registration.status in CONFIRMED
        _set_status(registration, target, by, reason)
        if not by_participant:
            _notify(registration, "cancelled_by_organiser", reason=reason)
        if held_seat:
            _fill_seats(training, by=None)
    return registration


def _fill_seats(training, *, by):
    """Promote from the waiting list, first come first served, while seats are free.
    The caller holds the training's lock."""
    if training.status != TrainingStatus.PUBLISHED:
        return []
    free = training.capacity - _confirmed_count(training)
    if free <= 0:
        return []
    promoted = []
    for registration in training.registrations.filter(status=R.WAITLISTED).order_by("pk")[:free]:
        registration.training = training
        _set_status(registration, R.APPROVED, by, _("A seat became free."))
        _notify(registration, "promoted")
        promoted.append(registration)
    return promoted


# --- Check-in -------------------------------------------------------------------------------------


class CheckinRefused(ValidationError):
    pass


def attendance_checkin(*, session, text, by, method):
    """Record attendance from a scanned or typed code. Returns (registration, attendance, new).
    Scanning twice records one attendance; foreign, forged or cancelled codes are refused."""
    training = session.training
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    if training.status != TrainingStatus.PUBLISHED:
        raise CheckinRefused(_("Attendance can only be taken while the training is published."))
    try:
        code = checkin.code_from_input(text)
    except checkin.BadCode as exc:
        raise CheckinRefused(_("This is not a valid check-in code of Sumut Mitra.")) from exc
    registration = Registration.objects.select_related("user", "training").filter(code=code).first()
    if registration is None:
        raise CheckinRefused(_("No registration has this code. Check it and try again."))
    if registration.training_id != training.pk:
        raise CheckinRefused(
            _("This code belongs to another training (“%(title)s”), not to this one.")
            % {"title": registration.training.title}
        )
    return _attend(session, registration, by, method)


def attendance_tick(*, session, registration, by, method):
    """The tick-list fallback: the organiser ticks a name."""
    if not rules.can_manage_training(by, session.training):
        raise PermissionDenied
    if registration.training_id != session.training_id:
        raise CheckinRefused(_("This person is not registered for this training."))
    if session.training.status != TrainingStatus.PUBLISHED:
        raise CheckinRefused(_("Attendance can only be taken while the training is published."))
    return _attend(session, registration, by, method)


def _attend(session, registration, by, method):
    if registration.status not in CONFIRMED:
        raise CheckinRefused(
            _("%(name)s's registration is “%(status)s”; only confirmed participants check in.")
            % {
                "name": registration.user.full_name,
                "status": RegistrationStatus(registration.status).label,
            }
        )
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.get_or_create(
                session=session,
                registration=registration,
                defaults={"method": method, "checked_in_by": by},
            )
    except IntegrityError:  # the same code scanned at two doors at once
        attendance, created = (
            Attendance.objects.get(session=session, registration=registration),
            False,
        )
    return registration, attendance, created


# --- Certificates and feedback --------------------------------------------------------------------


def certificate_generate(*, pk):
    """Draw the PDF of a pending certificate and mark it valid; idempotent (a second run, or a
    run for a revoked one, does nothing). Every run counts an attempt (core/background.py): a
    failure is recorded on the certificate and raised for the task; once the attempts are used
    up the sweep marks it failed, and an administrator can have it drawn again."""
    from .certificates import render_certificate  # noqa: PLC0415 - ReportLab: slow, worker only

    # Two workers drawing the same certificate at once do no harm (the update to READY below
    # decides which file stays), so the claim takes no lease: it counts the attempt.
    if not background.claim(Certificate.objects.filter(pk=pk, status=CertificateStatus.PENDING)):
        return False
    certificate = Certificate.objects.select_related(
        "registration__user", "registration__training"
    ).get(pk=pk)
    name = f"{certificate.code}-{secrets.token_hex(8)}.pdf"
    try:
        pdf = render_certificate(certificate)
        stored = certificate.file.storage.save(
            certificate.file.field.generate_filename(certificate, name), ContentFile(pdf)
        )
    except Exception as exc:  # recorded for the admin, then raised for the task's own policy
        Certificate.objects.filter(pk=pk).update(last_error=f"{type(exc).__name__}: {exc}"[:2000])
        logger.warning("certificate %s could not be drawn (attempt %s)", pk, certificate.attempts)
        raise
    won = Certificate.objects.filter(pk=pk, status=CertificateStatus.PENDING).update(
        status=CertificateStatus.READY, file=stored, issued_at=timezone.now(), last_error=""
    )
    if not won:  # another worker finished first, or it was revoked meanwhile
        certificate.file.storage.delete(stored)
        return False
    with transaction.atomic():
        _notify(certificate.registration, "certificate_ready")
    return True


def certificates_sweep(*, now=None):
    """Certificates whose task was lost (the broker was away, a worker died) or whose drawing
    failed are enqueued again; those tried too often are marked failed. Returns how many were
    enqueued."""
    requeued, _failed = background.sweep(
        Certificate.objects.filter(status=CertificateStatus.PENDING),
        task=generate_certificate,
        failed=CertificateStatus.FAILED,
        now=now,
        batch=200,
    )
    return requeued


def certificate_redraw(*, certificate, by):
    """An administrator has a certificate that could not be prepared drawn again (its attempts
    start over). Returns whether it was failed (and so is queued again)."""
    if not rules.can_redraw_certificate(by, certificate):
        raise PermissionDenied
    updated = Certificate.objects.filter(pk=certificate.pk, status=CertificateStatus.FAILED).update(
        status=CertificateStatus.PENDING, attempts=0, last_error="", enqueued_at=timezone.now()
    )
    if updated:
        background.enqueue_on_commit(generate_certificate, certificate.pk)
    return bool(updated)


def certificate_revoke(*, certificate, by, reason):
    training = certificate.registration.training
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    updated = Certificate.objects.filter(
        pk=certificate.pk,
        status__in=[CertificateStatus.READY, CertificateStatus.PENDING, CertificateStatus.FAILED],
    ).update(
        status=CertificateStatus.REVOKED,
        revoked_at=timezone.now(),
        revoked_by=by,
        revoke_reason=reason,
    )
    if not updated:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.refresh_from_db()
    return certificate


def feedback_submit(*, registration, by, rating, comment=""):
    if registration.user_id != by.pk:
        raise PermissionDenied
    if not rules.can_give_feedback(registration):
        raise ValidationError(
            _("Feedback opens when the training is completed, for those who attended.")
        )
    feedback = Feedback(registration=registration, rating=rating, comment=comment.strip())
    # The rating's own validators, so that 0 or 6 is not mistaken below for a second feedback.
    feedback.full_clean(exclude=["registration"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
            return feedback
    except IntegrityError as exc:
        raise ValidationError(_("You have already given feedback on this training.")) from exc


# --- Materials ------------------------------------------------------------------------------------


def material_upload(*, training, by, title, file, public=False):
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    content_type = check_document(file)
    material = Material(
        training=training,
        title=title,
        original_name=file.name[:255],
        content_type=content_type,
        token=secrets.token_hex(20),
        public=public,
        uploaded_by=by,
    )
    material.file.save(material.token, file, save=False)
    material.save()
    return material
