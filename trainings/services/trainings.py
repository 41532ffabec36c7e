"""Trainings and their workflow: the organisers' form (sessions, speakers, questions,
organisers), publishing, cancelling and completing."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.enums import AgencyStatus, MemberRole
from agencies.rules import agency_ids_where, is_secretariat
from core import background
from partnerships import rules as partnership_rules

from .. import checkin, reminders, rules
from ..calendar import training_calendar
from ..enums import ACTIVE, CONFIRMED, TrainingStatus
from ..models import (
    TRAINING_FIELDS,
    Certificate,
    Organiser,
    Question,
    Speaker,
    Training,
    TrainingSession,
)
from ..tasks import generate_certificate
from ._common import TRAINING_WORKFLOW, R, _confirmed_count, _notify, _set_status
from .registrations import waitlist_promote

SESSION_FIELDS = ["title", "starts_at", "ends_at"]
SPEAKER_FIELDS = ["name", "affiliation", "topic"]
QUESTION_FIELDS = ["text", "kind", "choices", "required", "position"]


def validate_training(*, fields, sessions, organisers, user, current_agreement_id=None):
    """`current_agreement_id`: the agreement the training already carries out (kept even after
    that agreement completes); a new link must be to a signed or running agreement."""
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
    agreement = fields.get("agreement")
    if agreement is not None and agreement.pk != current_agreement_id:
        if not partnership_rules.can_be_carried_out(agreement):
            errors["agreement"] = _(
                "A training can carry out only an agreement that is signed or in force; "
                "“%(agreement)s” is %(status)s."
            ) % {"agreement": agreement.title, "status": agreement.get_status_display().lower()}
        elif not partnership_rules.is_party([a.pk for a in agencies], agreement):
            errors["agreement"] = _(
                "One of the organisers must be a party of the agreement the training carries out."
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
    validate_training(
        fields=fields,
        sessions=live_sessions,
        organisers=organisers,
        user=by,
        current_agreement_id=None if creating else training.agreement_id,
    )
    with transaction.atomic():
        if creating:
            training = Training(created_by=by, reference=f"tmp-{secrets.token_hex(8)}")
        else:
            training = Training.objects.select_for_update().get(pk=training.pk)
            before = _as_participants_see_it(training)
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
            waitlist_promote(training, by=by)
            _tell_of_changes(training, before, _as_participants_see_it(training))
        reminders.sync_training(training)
    return training


def _as_participants_see_it(training):
    """What a participant's calendar and plans hang on: each session's times, and the place."""
    sessions = {
        session.pk: (session.starts_at, session.ends_at) for session in training.sessions.all()
    }
    return sessions, (training.venue, training.regency_id, training.mode, training.online_link)


# Registrations whose people still expect to come: a seat, awaiting approval, or waiting.
EXPECTING = [R.REGISTERED, R.APPROVED, R.WAITLISTED]


def _calendar_file(training, *, with_link):
    return (
        f"{training.reference}.ics",
        training_calendar(training, with_link=with_link),
        "text/calendar",
    )


def _tell_of_changes(training, before, after):
    """A published training whose sessions moved or whose place changed tells everyone still
    expecting to come, once, with the new calendar file (the online link only for those with
    a seat, as on the calendar download). Any other change (a description, the seats) does not."""
    schedule_changed, place_changed = before[0] != after[0], before[1] != after[1]
    if training.status != TrainingStatus.PUBLISHED or not (schedule_changed or place_changed):
        return
    files = {
        True: [_calendar_file(training, with_link=True)],
        False: [_calendar_file(training, with_link=False)],
    }
    sessions = list(training.sessions.order_by("starts_at", "pk"))
    registrations = training.registrations.filter(status__in=EXPECTING).select_related("user")
    waiting = 0  # the waiting list is in pk order: each one's place, counted as we go
    for registration in registrations.order_by("pk"):
        registration.training = training
        confirmed = registration.status in CONFIRMED
        if registration.status == R.WAITLISTED:
            waiting += 1
        _notify(
            registration,
            "changed",
            attachments=files[confirmed],
            position=waiting if registration.status == R.WAITLISTED else None,
            sessions=sessions,
            schedule_changed=schedule_changed,
            place_changed=place_changed,
            online_link=training.online_link if confirmed else "",
        )


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
            # The calendar file marks every session cancelled: calendars drop them.
            files = [_calendar_file(training, with_link=False)]
            registrations = training.registrations.filter(status__in=sorted(ACTIVE))
            for registration in registrations.select_related("user").order_by("pk"):
                registration.training = training
                _set_status(registration, R.CANCELLED_BY_ORGANISER, by, note)
                _notify(registration, "training_cancelled", reason=note, attachments=files)
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
