"""Every write to agreements goes through here; every move of an agreement is recorded."""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.enums import MemberRole
from agencies.rules import agency_ids_where, is_secretariat
from core.files import PDF, check_document
from core.money import format_rupiah
from core.workflow import Workflow

from . import monev, notifications, reminders, rules
from .enums import (
    AGREEMENT_TRANSITIONS,
    ALLOWED_PARENT_KINDS,
    NOTE_REQUIRED,
    PARENT_REQUIRED,
    AgreementKind,
    AgreementStatus,
    DocumentKind,
    EventKind,
    MilestoneStatus,
    ReportStatus,
)
from .models import (
    PARTY_FIELDS,
    Agreement,
    AgreementTransition,
    Comment,
    Contribution,
    Document,
    DocumentVersion,
    Milestone,
    MonevReport,
    Party,
)

logger = logging.getLogger(__name__)

AGREEMENT_FIELDS = [
    "monev_per_year",
    "title",
    "kind",
    "cooperation_kind",
    "parent",
    "background",
    "purpose",
    "scope",
    "benefits",
    "start_date",
    "end_date",
    "visibility",
    "legacy",
]


AGREEMENT_WORKFLOW = Workflow(
    AgreementStatus,
    AGREEMENT_TRANSITIONS,
    history=AgreementTransition,
    subject="agreement",
    refused=gettext_lazy("An agreement that is “%(from)s” cannot become “%(to)s”."),
)


def validate_agreement(*, kind, parent, start_date, end_date, parties, user):
    """Everything that makes a set of agreement fields acceptable; raises ValidationError."""
    errors = {}
    if start_date and end_date and end_date <= start_date:
        errors["end_date"] = _("The end date must be after the start date.")
    allowed_parents = ALLOWED_PARENT_KINDS[AgreementKind(kind)]
    if parent is None and kind in PARENT_REQUIRED:
        errors["parent"] = _("An addendum must name the agreement it amends.")
    elif parent is not None and parent.kind not in allowed_parents:
        errors["parent"] = _("A %(kind)s cannot be placed under a %(parent)s.") % {
            "kind": AgreementKind(kind).label,
            "parent": AgreementKind(parent.kind).label,
        }
    agencies = [party["agency"] for party in parties]
    if len(set(agencies)) < 2:
        errors["__all__"] = _("An agreement needs at least two different parties.")
    elif len(agencies) != len(set(agencies)):
        errors["__all__"] = _("Each agency can be a party only once.")
    elif not is_secretariat(user):
        own = set(agency_ids_where(user, MemberRole.EDITOR).values_list("agency_id", flat=True))
        if not own & {agency.pk for agency in agencies}:
            errors["__all__"] = _(
                "One of the parties must be an agency where you are an editor or admin."
            )
    if errors:
        raise ValidationError(errors)


def agreement_create(*, by, parties, sectors, locations=(), **fields):
    """Draft an agreement (or enter a legacy one directly as in force)."""
    if not rules.can_create_agreement(by):
        raise PermissionDenied
    validate_agreement(
        kind=fields["kind"],
        parent=fields.get("parent"),
        start_date=fields["start_date"],
        end_date=fields["end_date"],
        parties=parties,
        user=by,
    )
    legacy = fields.get("legacy", False)
    if legacy and not is_secretariat(by):
        raise ValidationError(_("Only the secretariat enters agreements signed before the portal."))
    with transaction.atomic():
        agreement = Agreement(**{key: fields[key] for key in AGREEMENT_FIELDS if key in fields})
        agreement.created_by = by
        if legacy:
            # Signed before the portal: in force, or signed and waiting for its start date.
            started = fields["start_date"] <= timezone.localdate()
            agreement.status = AgreementStatus.IN_FORCE if started else AgreementStatus.SIGNED
        else:
            agreement.status = AgreementStatus.DRAFT
        agreement.reference = f"tmp-{secrets.token_hex(8)}"
        agreement.save()
        # A readable code people can quote on the phone: KS-<year>-<number>.
        agreement.reference = f"KS-{agreement.created_at:%Y}-{agreement.pk:05d}"
        agreement.save(update_fields=["reference"])
        agreement.sectors.set(sectors)
        agreement.locations.set(locations)
        for party in parties:
            Party.objects.create(agreement=agreement, **{k: party.get(k, "") for k in PARTY_FIELDS})
        AGREEMENT_WORKFLOW.record(
            agreement,
            actor=by,
            to_status=agreement.status,
            note=_("Entered as signed before the portal existed.") if legacy else "",
        )
    logger.info("agreement %s created by user %s", agreement.reference, by.pk)
    reminders.sync_agreement(agreement)
    return agreement


def agreement_update(*, agreement, by, parties, sectors, locations=(), **fields):
    if not rules.is_editor_for(by, agreement):
        raise PermissionDenied(_("Only editors of the parties and the secretariat can do this."))
    if not rules.can_edit_agreement(by, agreement):
        raise ValidationError(_("Only a draft can be changed, by an editor of one of the parties."))
    validate_agreement(
        kind=fields["kind"],
        parent=fields.get("parent"),
        start_date=fields["start_date"],
        end_date=fields["end_date"],
        parties=parties,
        user=by,
    )
    with transaction.atomic():
        for key in AGREEMENT_FIELDS:
            if key in fields and key != "legacy":
                setattr(agreement, key, fields[key])
        agreement.save()
        agreement.sectors.set(sectors)
        agreement.locations.set(locations)
        _replace_parties(agreement, parties)
    return agreement


def _replace_parties(agreement, parties):
    """Update the parties in place (by agency), so that milestones and financing keep theirs."""
    existing = {party.agency_id: party for party in agreement.parties.all()}
    wanted = {party["agency"].pk for party in parties}
    for party_id, party in existing.items():
        if party_id not in wanted:
            if party.milestones.exists() or party.contributions.exists():
                raise ValidationError(
                    _(
                        "%(agency)s has milestones or financing on this agreement; move them to "
                        "another party before removing it."
                    )
                    % {"agency": party.agency}
                )
            party.delete()
    for data in parties:
        values = {key: data.get(key, "") for key in PARTY_FIELDS if key != "agency"}
        party = existing.get(data["agency"].pk)
        if party is None:
            Party.objects.create(agreement=agreement, agency=data["agency"], **values)
        else:
            for key, value in values.items():
                setattr(party, key, value)
            party.save()


def agreement_delete_draft(*, agreement, by):
    """Withdraw a draft: it is deleted with its parties, documents (their files too),
    milestones, financing, discussion and history. A draft is its drafters' working copy (the
    duplicate of a double-click, a plan given up, a proposal sent back that the parties drop);
    a row marked withdrawn would stay in every list for nothing. The log says who deleted which
    reference."""
    if not rules.is_editor_for(by, agreement):
        raise PermissionDenied(_("Only editors of the parties and the secretariat can do this."))
    with transaction.atomic():
        # Under the row's lock: a draft being proposed right now is not deleted under it.
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.status != AgreementStatus.DRAFT:
            raise ValidationError(
                _("Only a draft can be deleted; this agreement is already “%(status)s”.")
                % {"status": AgreementStatus(agreement.status).label}
            )
        if agreement.children.exists():
            raise ValidationError(
                _("Other agreements are drafted under this one; delete or move them first.")
            )
        files = [
            version.file
            for version in DocumentVersion.objects.filter(document__agreement=agreement)
        ]
        reminders.forget_agreement(agreement)
        reference = agreement.reference
        # What holds on to a party (PROTECT, on purpose elsewhere) goes first; the rest cascades.
        for rows in (agreement.milestones, agreement.contributions, agreement.monev_reports):
            rows.all().delete()
        agreement.delete()
        transaction.on_commit(lambda: _delete_files(files))
    logger.info("draft agreement %s deleted by user %s", reference, by.pk)


def _delete_files(files):
    for file in files:
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.exception("could not delete %s of a deleted draft", file.name)


def _has_document(agreement, kind):
    return DocumentVersion.objects.filter(
        document__agreement=agreement, document__kind=kind
    ).exists()


def _check_requirements(agreement, to_status, details):
    """What a stage needs before an agreement may enter it."""
    if to_status == AgreementStatus.SUBMITTED and not _has_document(agreement, DocumentKind.TOR):
        raise ValidationError(
            _("Upload the terms of reference (KAK) before submitting the proposal.")
        )
    if to_status == AgreementStatus.SCHEDULED:
        missing = [
            name
            for name in ("signing_date", "signing_place", "signing_mode")
            if not details.get(name)
        ]
        if missing:
            raise ValidationError(_("Give the date, place and mode of the signing."))
    if to_status == AgreementStatus.SIGNED:
        if not _has_document(agreement, DocumentKind.SIGNED):
            raise ValidationError(_("Upload the signed final document (PDF) first."))
        if not (
            details.get("checked_initials")
            and details.get("checked_duty_stamp")
            and details.get("checked_seal")
        ):
            raise ValidationError(
                _("Confirm the checklist: initials, duty stamp and seal are all in order.")
            )
        if not details.get("signed_on"):
            raise ValidationError(_("Give the date of signing."))
        if details["signed_on"] > timezone.localdate():
            raise ValidationError({"signed_on": _("The date of signing cannot lie in the future.")})
    if to_status == AgreementStatus.IN_FORCE and agreement.start_date > timezone.localdate():
        raise ValidationError(
            _(
                "This agreement starts on %(date)s; it stays signed until then and enters into "
                "force by itself that day."
            )
            % {"date": formats.date_format(agreement.start_date)}
        )


def agreement_move(*, agreement, to_status, by, note="", **details):
    """Move an agreement to its next stage, if that move is allowed and `by` may make it."""
    to_status = AgreementStatus(to_status)
    note = (note or "").strip()
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        from_status = AGREEMENT_WORKFLOW.check(agreement, to_status)
        if not rules.can_move(
            by, agreement, to_status, AGREEMENT_TRANSITIONS[from_status][to_status]
        ):
            raise PermissionDenied(
                _("You may not move this agreement to “%(to)s”.") % {"to": to_status.label}
            )
        if to_status in NOTE_REQUIRED and not note:
            raise ValidationError(
                _("Please write the reason; the parties will read it."), code="note"
            )
        signed_document = details.pop("signed_document", None)
        signed_public = details.pop("signed_public", True)
        if to_status == AgreementStatus.SIGNED and signed_document is not None:
            # The signing form carries the signed PDF: uploaded (or a new version) in this step.
            document_upload(
                agreement=agreement,
                by=by,
                kind=DocumentKind.SIGNED,
                title=_("Signed agreement"),
                file=signed_document,
                public=signed_public,
                document=agreement.documents.filter(kind=DocumentKind.SIGNED).first(),
            )
        _check_requirements(agreement, to_status, details)
        for field in (
            "signing_date",
            "signing_place",
            "signing_mode",
            "signed_on",
            "checked_initials",
            "checked_duty_stamp",
            "checked_seal",
        ):
            if field in details:
                setattr(agreement, field, details[field])
        AGREEMENT_WORKFLOW.move(agreement, to_status, actor=by, note=note)
        if to_status == AgreementStatus.SIGNED and agreement.start_date <= timezone.localdate():
            # In force from the day it is signed when its start date has come.
            AGREEMENT_WORKFLOW.move(agreement, AgreementStatus.IN_FORCE, actor=by, update_fields=[])
        notifications.agreement_moved(
            agreement=agreement, from_status=from_status, by=by, note=note
        )
    logger.info(
        "agreement %s: %s -> %s by user %s",
        agreement.reference,
        from_status,
        agreement.status,
        by.pk,
    )
    reminders.sync_agreement(agreement)
    return agreement


def agreements_advance(*, today=None):
    """Daily: signed agreements whose start has come enter into force; agreements in force past
    their end date are completed. Idempotent: each row is claimed with a conditional UPDATE."""
    today = today or timezone.localdate()
    started = list(
        Agreement.objects.filter(status=AgreementStatus.SIGNED, start_date__lte=today).values_list(
            "pk", flat=True
        )
    )
    ended = list(
        Agreement.objects.filter(status=AgreementStatus.IN_FORCE, end_date__lt=today).values_list(
            "pk", flat=True
        )
    )
    moved = 0
    for pks, old, new in (
        (started, AgreementStatus.SIGNED, AgreementStatus.IN_FORCE),
        (ended, AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED),
    ):
        for pk in pks:
            with transaction.atomic():
                if AGREEMENT_WORKFLOW.claim(pk, old, new, note=_("Automatically, by date.")):
                    moved += 1
                    notifications.agreement_moved(
                        agreement=Agreement.objects.get(pk=pk), from_status=old, by=None
                    )
    for agreement in Agreement.objects.filter(pk__in=started + ended):
        reminders.sync_agreement(agreement)
    return moved


def document_upload(*, agreement, by, kind, title, file, public=False, document=None):
    """Add a document, or a new version of `document`; old versions are kept."""
    if not rules.can_upload_documents(by, agreement):
        raise PermissionDenied(_("Only editors of the parties and the secretariat can upload."))
    only = {PDF} if kind == DocumentKind.SIGNED else None
    content_type = check_document(file, only=only)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    with transaction.atomic():
        if document is None:
            document = Document.objects.create(
                agreement=agreement, kind=kind, title=title, public=public
            )
        else:
            document = Document.objects.select_for_update().get(pk=document.pk, agreement=agreement)
        number = (
            document.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        version = DocumentVersion(
            document=document,
            number=number,
            token=secrets.token_hex(20),
            original_name=file.name[:255],
            content_type=content_type,
            size=file.size,
            sha256=digest.hexdigest(),
            uploaded_by=by,
        )
        version.file.save(version.token, file, save=False)
        version.save()
        _event(agreement, EventKind.DOCUMENT, by, f"{document.title} v{number}")
    return version


# --- Implementation: milestones, financing, monev, discussion ------------------------------------

ACTIVE = {
    AgreementStatus.DRAFT,
    AgreementStatus.SUBMITTED,
    AgreementStatus.VERIFIED,
    AgreementStatus.DELIBERATION,
    AgreementStatus.SCHEDULED,
    AgreementStatus.SIGNED,
    AgreementStatus.IN_FORCE,
}


def _event(agreement, kind, actor, detail=""):
    return AGREEMENT_WORKFLOW.record(agreement, actor=actor, kind=kind, detail=detail[:300])


def _require_editor(user, agreement):
    if not rules.can_upload_documents(user, agreement):
        raise PermissionDenied(_("Only editors of the parties and the secretariat can do this."))


def milestone_create(*, agreement, by, title, responsible, due_date, note=""):
    _require_editor(by, agreement)
    if agreement.status not in ACTIVE:
        raise ValidationError(_("Milestones can no longer be added to this agreement."))
    if responsible.agreement_id != agreement.pk:
        raise ValidationError({"responsible": _("Choose one of this agreement's parties.")})
    with transaction.atomic():
        milestone = Milestone.objects.create(
            agreement=agreement, title=title, responsible=responsible, due_date=due_date, note=note
        )
        _event(agreement, EventKind.MILESTONE_ADDED, by, title)
        notifications.milestone_added(milestone=milestone, by=by)
    reminders.sync_milestone(milestone)
    return milestone


def milestone_complete(*, milestone, by, completed_on, evidence=None):
    """Record a milestone as done, with the date and optionally an evidence file."""
    agreement = milestone.agreement
    _require_editor(by, agreement)
    if agreement.status not in ACTIVE:
        raise ValidationError(_("This agreement is closed; its milestones cannot change."))
    if milestone.status == MilestoneStatus.DONE:
        raise ValidationError(_("This milestone is already done."))
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})
    if completed_on < agreement.start_date:
        raise ValidationError(
            {
                "completed_on": _("The agreement's term starts on %(date)s; not before that.")
                % {"date": formats.date_format(agreement.start_date)}
            }
        )
    with transaction.atomic():
        if evidence is not None:
            version = document_upload(
                agreement=agreement,
                by=by,
                kind=DocumentKind.EVIDENCE,
                title=_("Evidence: %(title)s") % {"title": milestone.title},
                file=evidence,
            )
            milestone.evidence = version.document
        milestone.status = MilestoneStatus.DONE
        milestone.completed_on = completed_on
        milestone.save()
        _event(agreement, EventKind.MILESTONE_DONE, by, milestone.title)
    reminders.sync_milestone(milestone)
    return milestone


def contribution_add(*, agreement, by, party, source, form, planned, realised=0, description=""):
    _require_editor(by, agreement)
    if agreement.status not in ACTIVE:
        raise ValidationError(_("This agreement is closed; its financing cannot change."))
    if party.agreement_id != agreement.pk:
        raise ValidationError({"party": _("Choose one of this agreement's parties.")})
    if realised and realised > planned * 10:
        raise ValidationError(
            {"realised": _("Check the realised amount: it is more than ten times the plan.")}
        )
    with transaction.atomic():
        contribution = Contribution.objects.create(
            agreement=agreement,
            party=party,
            source=source,
            form=form,
            planned=planned,
            realised=realised,
            description=description,
        )
        _event(agreement, EventKind.FINANCING, by, f"{party.agency}: {format_rupiah(planned)}")
    return contribution


MONEV_FIELDS = [
    "activities",
    "jobs_absorbed",
    "investment_realised",
    "trainees",
    "ikm_assisted",
    "products",
    "contributions_note",
    "obstacles",
    "follow_up",
    "recommendation",
]


def monev_submit(*, agreement, by, party, year, period, evidence=(), **fields):
    """A party reports on one period; a returned report is corrected and sent again."""
    if agreement.status not in rules.REPORTABLE:
        raise ValidationError(_("Monev reports are for agreements in force."))
    if party.agreement_id != agreement.pk:
        raise ValidationError({"party": _("Choose one of this agreement's parties.")})
    if not (rules.is_member_of_party(by, party) or is_secretariat(by)):
        raise PermissionDenied(_("Report for a party you work for."))
    if not monev.period_is_reportable(agreement, year, period):
        raise ValidationError(
            {"period": _("Choose a period within the agreement's term that has already begun.")}
        )
    with transaction.atomic():
        report = (
            MonevReport.objects.select_for_update()
            .filter(agreement=agreement, year=year, period=period)
            .first()
        )
        if report is not None and report.status != ReportStatus.RETURNED:
            raise ValidationError(
                _("A report for this period is already %(status)s."),
                params={"status": report.get_status_display().lower()},
                code="exists",
            )
        if report is not None and not (
            rules.is_member_of_party(by, report.party) or is_secretariat(by)
        ):
            # Not a question of rights (the caller reports for their own party): the period
            # chosen belongs to another party's report.
            raise ValidationError(
                _("Only %(agency)s corrects its returned report."),
                params={"agency": report.party.agency},
                code="other_party",
            )
        report = report or MonevReport(agreement=agreement, year=year, period=period)
        report.party = party
        for key in MONEV_FIELDS:
            if key in fields:
                setattr(report, key, fields[key])
        report.status = ReportStatus.SUBMITTED
        report.submitted_by = by
        report.submitted_at = timezone.now()
        report.save()
        # Evidence sent again with a corrected report is a new version of the evidence sent
        # before, not a second document.
        earlier = list(report.evidence.order_by("pk")) if report.pk else []
        for index, file in enumerate(evidence):
            version = document_upload(
                agreement=agreement,
                by=by,
                kind=DocumentKind.REPORT,
                title=_("Monev %(period)s evidence")
                % {"period": monev.label(year, period, agreement.monev_per_year)},
                file=file,
                document=earlier[index] if index < len(earlier) else None,
            )
            report.evidence.add(version.document)
        _event(
            agreement,
            EventKind.MONEV_SUBMITTED,
            by,
            monev.label(year, period, agreement.monev_per_year),
        )
        notifications.monev_submitted(report=report, by=by)
    return report


def monev_review(*, report, by, decision, comment=""):
    if not is_secretariat(by):
        raise PermissionDenied(_("Only the secretariat reviews monev reports."))
    decision = ReportStatus(decision)
    if decision == ReportStatus.RETURNED and not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the party should correct.")})
    with transaction.atomic():
        report = MonevReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be reviewed."))
        report.status = decision
        report.review_comment = comment.strip()
        report.reviewed_by = by
        report.reviewed_at = timezone.now()
        report.save()
        kind = (
            EventKind.MONEV_ACCEPTED
            if decision == ReportStatus.ACCEPTED
            else EventKind.MONEV_RETURNED
        )
        _event(
            report.agreement,
            kind,
            by,
            monev.label(report.year, report.period, report.agreement.monev_per_year),
        )
        notifications.monev_reviewed(report=report, by=by)
    return report


def comment_add(*, agreement, by, body, attachment=None):
    if not rules.can_view_agreement(by, agreement):
        raise PermissionDenied(
            _("Only the parties and the secretariat take part in the discussion.")
        )
    with transaction.atomic():
        document = None
        if attachment is not None:
            document = document_upload(
                agreement=agreement,
                by=by,
                kind=DocumentKind.ANNEX,
                title=attachment.name[:200],
                file=attachment,
            ).document
        comment = Comment.objects.create(
            agreement=agreement, author=by, body=body.strip(), attachment=document
        )
        notifications.comment_added(comment=comment)
    return comment


def agreement_request_termination(*, agreement, by, reason):
    """An admin of any party asks the secretariat to end the agreement early."""
    if not rules.is_party_member(by, agreement, MemberRole.ADMIN):
        raise PermissionDenied(_("Only an admin of one of the parties can ask for termination."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please write the reason; the parties will read it.")})
    with transaction.atomic():
        # Checked on the locked row: a second press of the button asks (and tells) nobody twice.
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.status not in rules.ENDABLE:
            raise ValidationError(
                _("Only an agreement that is signed or in force can be terminated.")
            )
        if agreement.termination_requested_at is not None:
            raise ValidationError(
                _(
                    "Ending this agreement was already asked for on %(date)s; the secretariat "
                    "decides."
                ),
                params={"date": formats.date_format(agreement.termination_requested_at)},
            )
        agreement.termination_requested_at = timezone.now()
        agreement.termination_requested_by = by
        agreement.termination_reason = reason.strip()
        agreement.save(
            update_fields=[
                "termination_requested_at",
                "termination_requested_by",
                "termination_reason",
            ]
        )
        _event(agreement, EventKind.TERMINATION_REQUESTED, by, reason.strip())
        notifications.termination_requested(agreement=agreement, by=by)
    return agreement


def agreement_renew(*, agreement, by):
    """Draft the renewal (perpanjangan): a linked successor with the same parties and text,
    starting the day after this one ends, for the same length."""
    if not rules.is_party_member(by, agreement, MemberRole.EDITOR):
        raise PermissionDenied(_("Only editors of the parties can draft a renewal."))
    if agreement.status not in rules.RENEWABLE:
        raise ValidationError(_("Only an agreement in force or completed can be renewed."))
    length = agreement.end_date - agreement.start_date
    start = agreement.end_date + timedelta(days=1)
    parties = [
        {field: getattr(party, field) for field in PARTY_FIELDS}
        for party in agreement.parties.all()
    ]
    with transaction.atomic():
        # One renewal at a time: a second click waits here, then finds the first.
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if Agreement.objects.filter(renewal_of=agreement).exists():
            raise ValidationError(_("A renewal of this agreement already exists."))
        successor = agreement_create(
            by=by,
            parties=parties,
            sectors=list(agreement.sectors.all()),
            locations=list(agreement.locations.all()),
            **{
                **{key: getattr(agreement, key) for key in AGREEMENT_FIELDS},
                "legacy": False,
                "start_date": start,
                "end_date": start + length,
            },
        )
        successor.renewal_of = agreement
        successor.save(update_fields=["renewal_of"])
        _event(agreement, EventKind.RENEWED, by, successor.reference)
    return successor


def contribution_update(
    *, contribution, by, party, source, form, planned, realised=0, description=""
):
    agreement = contribution.agreement
    _require_editor(by, agreement)
    if agreement.status not in ACTIVE:
        raise ValidationError(_("This agreement is closed; its financing cannot change."))
    if party.agreement_id != agreement.pk:
        raise ValidationError({"party": _("Choose one of this agreement's parties.")})
    with transaction.atomic():
        contribution.party, contribution.source, contribution.form = party, source, form
        contribution.planned, contribution.realised = planned, realised
        contribution.description = description
        contribution.save()
        _event(
            agreement,
            EventKind.FINANCING,
            by,
            f"{party.agency}: {format_rupiah(realised)} / {format_rupiah(planned)}",
        )
    return contribution


def contribution_delete(*, contribution, by):
    """Remove a financing row recorded by mistake; the history keeps what it said."""
    agreement = contribution.agreement
    _require_editor(by, agreement)
    if agreement.status not in ACTIVE:
        raise ValidationError(_("This agreement is closed; its financing cannot change."))
    detail = (
        f"{contribution.party.agency}: {format_rupiah(contribution.realised)} / "
        f"{format_rupiah(contribution.planned)}"
    )
    with transaction.atomic():
        # A second click (or a second tab) finds the row gone and records nothing twice.
        deleted, _by_model = Contribution.objects.filter(pk=contribution.pk).delete()
        if not deleted:
            raise ValidationError(_("This financing row has already been removed."))
        _event(agreement, EventKind.FINANCING_REMOVED, by, detail)


def milestone_start(*, milestone, by):
    _require_editor(by, milestone.agreement)
    if milestone.agreement.status not in ACTIVE or milestone.status != MilestoneStatus.PLANNED:
        raise ValidationError(_("Only a planned milestone of an open agreement can start."))
    milestone.status = MilestoneStatus.IN_PROGRESS
    milestone.save(update_fields=["status"])
    return milestone
