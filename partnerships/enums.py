from django.db import models
from django.utils.translation import gettext_lazy as _

from core.enums import StatusChoices


class AgreementKind(models.TextChoices):
    KB = "kb", _("Joint agreement (Kesepakatan Bersama / MoU)")
    NK = "nk", _("Memorandum with central government (Nota Kesepakatan)")
    PKS = "pks", _("Cooperation agreement (Perjanjian Kerja Sama / MoA)")
    ADENDUM = "adendum", _("Addendum (Adendum)")


# Which kinds an agreement of each kind may hang under (CONVENTIONS rule 4: written down once).
ALLOWED_PARENT_KINDS = {
    AgreementKind.KB: set(),
    AgreementKind.NK: set(),
    AgreementKind.PKS: {AgreementKind.KB, AgreementKind.NK},
    AgreementKind.ADENDUM: {AgreementKind.KB, AgreementKind.NK, AgreementKind.PKS},
}
PARENT_REQUIRED = {AgreementKind.ADENDUM}


class CooperationKind(models.TextChoices):
    KSDD = "ksdd", _("Region with region (KSDD)")
    KSDPK = "ksdpk", _("Region with a third party (KSDPK)")
    SINERGI = "sinergi", _("With central government (Sinergi)")
    KSDPL = "ksdpl", _("With foreign bodies (KSDPL)")
    AGENCIES = "agencies", _("Between agencies")


class AgreementStatus(StatusChoices):
    DRAFT = "draft", "secondary", _("Draft")
    SUBMITTED = "submitted", "secondary", _("Proposed (usulan)")
    VERIFIED = "verified", "warning", _("Verified")
    DELIBERATION = "deliberation", "warning", _("In deliberation")
    SCHEDULED = "scheduled", "info", _("Signing scheduled")
    SIGNED = "signed", "success", _("Signed")
    IN_FORCE = "in_force", "success", _("In force")
    COMPLETED = "completed", "dark", _("Completed")
    REJECTED = "rejected", "danger", _("Rejected")
    REVOKED = "revoked", "danger", _("Revoked")
    # Never stored: an agreement in force whose end date has passed (see selectors).
    EXPIRED = "expired", "dark", _("Expired")


S = AgreementStatus

# from-status -> {to-status: who may make the move}
EDITORS, SECRETARIAT = "party_editor", "secretariat"
AGREEMENT_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED: EDITORS},
    S.SUBMITTED: {S.VERIFIED: SECRETARIAT, S.REJECTED: SECRETARIAT, S.DRAFT: SECRETARIAT},
    S.VERIFIED: {S.DELIBERATION: SECRETARIAT, S.REJECTED: SECRETARIAT},
    S.DELIBERATION: {S.SCHEDULED: SECRETARIAT, S.REJECTED: SECRETARIAT},
    S.SCHEDULED: {S.SIGNED: SECRETARIAT, S.DELIBERATION: SECRETARIAT},
    S.SIGNED: {S.IN_FORCE: SECRETARIAT, S.REVOKED: SECRETARIAT},
    S.IN_FORCE: {S.COMPLETED: SECRETARIAT, S.REVOKED: SECRETARIAT},
    S.COMPLETED: {},
    S.REJECTED: {},
    S.REVOKED: {},
}
# What the button of each move says (a verb: what the person does, not where the row goes), and
# how it looks: the way forward is the primary action, a step back is secondary, an end is red.
FORWARD, BACK, END = "primary", "secondary", "danger"
MOVE_ACTIONS = {
    (S.DRAFT, S.SUBMITTED): (_("Submit to the secretariat"), FORWARD),
    (S.SUBMITTED, S.VERIFIED): (_("Verify the proposal"), FORWARD),
    (S.SUBMITTED, S.DRAFT): (_("Return to the proposer"), BACK),
    (S.SUBMITTED, S.REJECTED): (_("Reject"), END),
    (S.VERIFIED, S.DELIBERATION): (_("Take to the TKKSD deliberation"), FORWARD),
    (S.VERIFIED, S.REJECTED): (_("Reject"), END),
    (S.DELIBERATION, S.SCHEDULED): (_("Schedule the signing"), FORWARD),
    (S.DELIBERATION, S.REJECTED): (_("Reject"), END),
    (S.SCHEDULED, S.SIGNED): (_("Record the signing"), FORWARD),
    (S.SCHEDULED, S.DELIBERATION): (_("Back to the deliberation"), BACK),
    (S.SIGNED, S.IN_FORCE): (_("Put into force"), FORWARD),
    (S.SIGNED, S.REVOKED): (_("Revoke the agreement"), END),
    (S.IN_FORCE, S.COMPLETED): (_("Mark as completed"), FORWARD),
    (S.IN_FORCE, S.REVOKED): (_("Revoke the agreement"), END),
}


def move_action(from_status, to_status):
    """(label, style) of the button that makes this move."""
    return MOVE_ACTIONS[(AgreementStatus(from_status), AgreementStatus(to_status))]


# Moves that must say why.
NOTE_REQUIRED = {S.REJECTED, S.REVOKED, S.DRAFT}
# Stages in which the parties may still change the text and the parties.
EDITABLE = {S.DRAFT}
# Stages the public may see (when the agreement is public).
PUBLIC_STATUSES = {S.IN_FORCE, S.COMPLETED}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (parties and secretariat only)")


class PartyRole(models.TextChoices):
    FIRST = "first", _("First party (Pihak Pertama)")
    SECOND = "second", _("Second party (Pihak Kedua)")
    THIRD = "third", _("Third party (Pihak Ketiga)")
    OTHER = "other", _("Other party")


class SigningMode(models.TextChoices):
    DESK = "desk", _("Desk to desk")
    CEREMONY = "ceremony", _("Ceremony")
    HYBRID = "hybrid", _("Hybrid")


class DocumentKind(models.TextChoices):
    REQUEST_LETTER = "request_letter", _("Request letter (surat permohonan)")
    TOR = "tor", _("Terms of reference (KAK)")
    DRAFT = "draft", _("Draft text")
    SIGNED = "signed", _("Signed final document")
    ANNEX = "annex", _("Annex (lampiran)")
    REPORT = "report", _("Report")
    EVIDENCE = "evidence", _("Evidence")


class MilestoneStatus(StatusChoices):
    PLANNED = "planned", "info", _("Planned")
    IN_PROGRESS = "in_progress", "warning", _("In progress")
    DONE = "done", "success", _("Done")
    # Never stored: not done and past its due date.
    LATE = "late", "danger", _("Late")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("Regional budget (APBD)")
    APBN = "apbn", _("State budget (APBN)")
    CSR = "csr", _("Corporate social responsibility (CSR)")
    PRIVATE = "private", _("Private funds")
    GRANT = "grant", _("Grant (hibah)")
    OTHER = "other", _("Other")


class FundingForm(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("Continue (lanjut)")
    EXPAND = "expand", _("Expand (perluas)")
    STOP = "stop", _("Stop (hentikan)")


class ReportStatus(StatusChoices):
    SUBMITTED = "submitted", "warning", _("Submitted")
    ACCEPTED = "accepted", "success", _("Accepted")
    RETURNED = "returned", "danger", _("Returned with comments")


class EventKind(models.TextChoices):
    STATUS = "status", _("Status changed")
    DOCUMENT = "document", _("Document uploaded")
    MILESTONE_ADDED = "milestone_added", _("Milestone planned")
    MILESTONE_DONE = "milestone_done", _("Milestone done")
    FINANCING = "financing", _("Financing recorded")
    FINANCING_REMOVED = "financing_removed", _("Financing removed")
    MONEV_SUBMITTED = "monev_submitted", _("Monev report submitted")
    MONEV_ACCEPTED = "monev_accepted", _("Monev report accepted")
    MONEV_RETURNED = "monev_returned", _("Monev report returned")
    TERMINATION_REQUESTED = "termination_requested", _("Termination requested")
    RENEWED = "renewed", _("Renewal drafted")


class NoticeKind(models.TextChoices):
    """What the parties and the secretariat hear of as an agreement moves (registered as
    notification kinds, each with its own setting on the notification settings page)."""

    STEP = (
        "partnerships.agreement_step",
        _(
            "Agreements: each step (submitted, verified, returned, deliberation, signing, in "
            "force, ended, termination)"
        ),
    )
    WAITING = (
        "partnerships.agreement_waiting",
        _(
            "Agreements waiting for the secretariat (proposals, termination requests, monev "
            "reports)"
        ),
    )
    DISCUSSION = (
        "partnerships.agreement_discussion",
        _("Agreements: new comments in the discussion"),
    )
    MONEV = (
        "partnerships.agreement_monev",
        _("Agreements: monev reports submitted, returned or accepted"),
    )
    MILESTONE = "partnerships.agreement_milestone", _("Agreements: milestones given to your agency")


# The e-mails of each step (partnerships.notifications), as the outbox names them: kind
# "partnerships.<event>" (registered in apps.py).
EMAIL_EVENTS = {
    "agreement_submitted": _("Agreement submitted to the secretariat"),
    "agreement_verified": _("Agreement verified"),
    "agreement_returned": _("Agreement returned to its drafters"),
    "agreement_rejected": _("Agreement rejected"),
    "agreement_deliberation": _("Agreement in TKKSD deliberation"),
    "agreement_scheduled": _("Agreement signing scheduled"),
    "agreement_signed": _("Agreement signed"),
    "agreement_in_force": _("Agreement in force"),
    "agreement_completed": _("Agreement ended"),
    "agreement_revoked": _("Agreement terminated"),
    "termination_requested": _("Termination of an agreement requested"),
    "comment": _("Comment in an agreement's discussion"),
    "monev_submitted": _("Monev report submitted"),
    "monev_returned": _("Monev report returned"),
    "monev_accepted": _("Monev report accepted"),
    "milestone_added": _("Milestone planned"),
}
