"""Who hears of each step of an agreement, and what they read, each in their own language.

Every step in partnerships.services ends by calling one function here, inside the step's
transaction: the bell rows are written with the step and the e-mails leave through the outbox
once it commits, so a step that fails tells nobody and a step taken once (the services lock the
row, so a second press of the button is refused) tells each person once.

Who is told of a step: the admins and editors of every party, and each party's person in charge
(through their account when their address has one, otherwise by e-mail in the default language);
the secretariat too for what waits on it (a proposal to verify, a termination to decide, a monev
report to review). Never the person who took the step. Each message says what happened, by which
agency, links to the agreement's page and says what is expected of the reader, if anything.
"""

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import normalise_email
from agencies.enums import MemberRole
from agencies.rules import agency_ids_of, agency_people, is_secretariat, secretariat_users
from notifications.registry import Message
from notifications.services import notify_each

from . import monev
from .enums import AgreementStatus, NoticeKind, SigningMode

S = AgreementStatus
TEMPLATE = "agreement_event"
STAFF_ROLES = [MemberRole.ADMIN, MemberRole.EDITOR]
SECRETARIAT = object()  # the step was the secretariat's
# Stages in which the agreement waits on the secretariat: a comment then concerns it too.
WITH_SECRETARIAT = {S.SUBMITTED, S.VERIFIED, S.DELIBERATION, S.SCHEDULED}


def _day(value):
    return formats.date_format(value, "j F Y")


def _moment(value):
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'l, j F Y')}, {local:%H.%M} WIB"


def _parties(agreement):
    return list(agreement.parties.select_related("agency"))


def _acting(parties, by):
    """Whose step it was: the agency of the party `by` works for, the secretariat, or None (the
    portal itself, by date)."""
    if by is None:
        return None
    own = agency_ids_of(by, MemberRole.VIEWER)
    for party in parties:
        if party.agency_id in own:
            return party.agency.name
    return SECRETARIAT if is_secretariat(by) else None


def _who(acting):
    """The acting agency's name, in the reader's language."""
    if acting is SECRETARIAT:
        return _("The secretariat")
    return acting or "Sumut Mitra"


def _in_charge(parties):
    """Each party's person in charge: the accounts behind their addresses, and the addresses
    that have none (with the person's name); {address: party} for what an address reads."""
    parties_by_address = {
        normalise_email(party.pic_email): party for party in parties if party.pic_email.strip()
    }
    accounts = {
        user.email: user
        for user in get_user_model().objects.filter(
            email__in=list(parties_by_address), is_active=True
        )
    }
    users = [accounts[address] for address in parties_by_address if address in accounts]
    addresses = [
        (party.pic_email.strip(), party.pic_name)
        for address, party in parties_by_address.items()
        if address not in accounts
    ]
    return users, addresses, parties_by_address


def _announce(
    agreement,
    *,
    event,
    by,
    text,
    kind=NoticeKind.STEP,
    parties=None,
    scope=None,
    secretariat_kind=None,
    anchor="",
):
    """Tell the admins, editors and persons in charge of the `scope` parties (all by default),
    and the secretariat under `secretariat_kind` when given, about one step.

    text(audience) -> (title, body) in the active language; audience is "secretariat" or
    "party". The secretariat is told first: one of them who is also a party's person in charge
    reads the secretariat's version, once."""
    parties = _parties(agreement) if parties is None else parties
    scope = parties if scope is None else scope
    url = f"{agreement.get_absolute_url()}{anchor}"
    users, addresses, parties_by_address = _in_charge(scope)

    def message(audience):
        def build(recipient):
            title, body = text(audience)
            if isinstance(recipient, str):
                party = parties_by_address[normalise_email(recipient)]
                body += "\n\n" + _(
                    "You receive this e-mail as the person in charge of this agreement for "
                    "%(agency)s."
                ) % {"agency": party.agency.name}
            return Message(title=title, body=body, url=url)

        return build

    shared = {"template": TEMPLATE, "email_kind": f"partnerships.{event}", "about": agreement}
    told = set()
    if secretariat_kind is not None:
        notify_each(
            kind=secretariat_kind,
            users=secretariat_users(),
            actor=by,
            told=told,
            message=message("secretariat"),
            **shared,
        )
    staff = agency_people([party.agency_id for party in scope], STAFF_ROLES)
    notify_each(
        kind=kind,
        users=[*staff, *users],
        addresses=addresses,
        actor=by,
        told=told,
        message=message("party"),
        **shared,
    )


def _paragraphs(*parts):
    return "\n\n".join(part for part in parts if part)


# --- The steps of the procedure -------------------------------------------------------------------


def agreement_moved(*, agreement, from_status, by, note=""):
    """An agreement moved from `from_status` to its status now (agreement_move, or the daily
    agreements_advance with `by` None). A signing whose start date has come moves it on into
    force within the same step: that is one step, told once."""
    parties = _parties(agreement)
    acting = _acting(parties, by)
    to_status = S(agreement.status)
    values = {"reference": agreement.reference, "title": agreement.title, "note": note}
    if from_status == S.DRAFT and to_status == S.SUBMITTED:
        resubmitted = agreement.transitions.filter(
            from_status=S.SUBMITTED, to_status=S.DRAFT
        ).exists()
        _announce(
            agreement,
            event="agreement_submitted",
            by=by,
            parties=parties,
            secretariat_kind=NoticeKind.WAITING,
            text=lambda audience: _submitted(values, acting, resubmitted, audience),
        )
        return
    texts = {
        S.VERIFIED: ("agreement_verified", _verified),
        S.DRAFT: ("agreement_returned", _returned),
        S.REJECTED: ("agreement_rejected", _rejected),
        S.DELIBERATION: ("agreement_deliberation", _deliberation),
        S.SCHEDULED: ("agreement_scheduled", _scheduled),
        S.SIGNED: ("agreement_signed", _signed),
        S.IN_FORCE: ("agreement_in_force", _in_force),
        S.COMPLETED: ("agreement_completed", _completed),
        S.REVOKED: ("agreement_revoked", _revoked),
    }
    event, write = texts[to_status]
    if to_status == S.IN_FORCE and from_status == S.SCHEDULED:
        event, write = "agreement_signed", _signed
    _announce(
        agreement,
        event=event,
        by=by,
        parties=parties,
        text=lambda audience: write(agreement, values, acting, from_status),
    )


def _submitted(values, acting, resubmitted, audience):
    values = {**values, "agency": _who(acting)}
    title = _("Proposal to verify: %(reference)s %(title)s") % values
    if resubmitted:
        happened = _(
            "%(agency)s corrected the proposal “%(title)s” (%(reference)s) and submitted it again."
        )
    else:
        happened = _("%(agency)s submitted the proposal “%(title)s” (%(reference)s).")
    if audience == "secretariat":
        expected = _(
            "Please verify it: check the request letter, the terms of reference (KAK) and the "
            "parties, then verify it, return it to the parties with a note, or reject it."
        )
    else:
        title = _("%(reference)s submitted to the secretariat") % values
        expected = _("The secretariat verifies it next; nothing is needed from you for now.")
    return title, _paragraphs(happened % values, expected)


def _verified(agreement, values, acting, from_status):
    return (
        _("%(reference)s verified by the secretariat") % values,
        _paragraphs(
            _("%(agency)s verified the proposal “%(title)s” (%(reference)s).")
            % {**values, "agency": _who(acting)},
            _(
                "The regional cooperation team (TKKSD) deliberates it next; follow its "
                "questions in the agreement's discussion."
            ),
        ),
    )


def _returned(agreement, values, acting, from_status):
    return (
        _("%(reference)s returned for correction") % values,
        _paragraphs(
            _("%(agency)s returned the proposal “%(title)s” (%(reference)s) to the parties.")
            % {**values, "agency": _who(acting)},
            _("Note: %(note)s") % values,
            _(
                "An editor of one of the parties corrects the draft as the note asks and "
                "submits it again."
            ),
        ),
    )


def _rejected(agreement, values, acting, from_status):
    return (
        _("%(reference)s rejected") % values,
        _paragraphs(
            _("%(agency)s rejected “%(title)s” (%(reference)s).")
            % {**values, "agency": _who(acting)},
            _("Reason: %(note)s") % values,
        ),
    )


def _deliberation(agreement, values, acting, from_status):
    if from_status == S.SCHEDULED:
        happened = _(
            "The signing of “%(title)s” (%(reference)s) is called off; the agreement is back in "
            "deliberation."
        )
    else:
        happened = _(
            "The regional cooperation team (TKKSD) is deliberating “%(title)s” (%(reference)s)."
        )
    return (
        _("%(reference)s in deliberation") % values,
        _paragraphs(
            happened % values,
            _("Note: %(note)s") % values if values["note"] else "",
            _(
                "Answer the team's questions in the agreement's discussion; the secretariat "
                "schedules the signing once the text is agreed."
            ),
        ),
    )


def _scheduled(agreement, values, acting, from_status):
    mode = SigningMode(agreement.signing_mode).label if agreement.signing_mode else ""
    return (
        _("Signing of %(reference)s on %(date)s")
        % {**values, "date": _day(timezone.localtime(agreement.signing_date))},
        _paragraphs(
            _(
                "%(agency)s scheduled the signing of “%(title)s” (%(reference)s): %(when)s, "
                "%(place)s (%(mode)s)."
            )
            % {
                **values,
                "agency": _who(acting),
                "when": _moment(agreement.signing_date),
                "place": agreement.signing_place,
                "mode": mode,
            },
            _(
                "Make sure your agency's signatory can attend, with the agency's seal and the "
                "duty stamp (meterai)."
            ),
        ),
    )


def _running(agreement):
    """What the parties do while an agreement is in force."""
    return _(
        "Record its milestones and financing on the agreement's page, and send a monitoring and "
        "evaluation (monev) report: %(frequency)s."
    ) % {"frequency": str(agreement.get_monev_per_year_display()).lower()}


def _signed(agreement, values, acting, from_status):
    values = {
        **values,
        "agency": _who(acting),
        "date": _day(agreement.signed_on),
        "start": _day(agreement.start_date),
        "end": _day(agreement.end_date),
    }
    if agreement.status == S.IN_FORCE:
        return (
            _("%(reference)s signed and in force") % values,
            _paragraphs(
                _(
                    "%(agency)s recorded the signing of “%(title)s” (%(reference)s) on %(date)s; "
                    "it is in force from today until %(end)s."
                )
                % values,
                _running(agreement),
            ),
        )
    return (
        _("%(reference)s signed") % values,
        _paragraphs(
            _(
                "%(agency)s recorded the signing of “%(title)s” (%(reference)s) on %(date)s. It "
                "comes into force on %(start)s."
            )
            % values,
        ),
    )


def _in_force(agreement, values, acting, from_status):
    values = {
        **values,
        "agency": _who(acting),
        "start": _day(agreement.start_date),
        "end": _day(agreement.end_date),
    }
    if acting is None:
        happened = _(
            "“%(title)s” (%(reference)s) came into force on its start date, %(start)s, and runs "
            "until %(end)s."
        )
    else:
        happened = _("%(agency)s brought “%(title)s” (%(reference)s) into force until %(end)s.")
    return (
        _("%(reference)s is in force") % values,
        _paragraphs(happened % values, _running(agreement)),
    )


def _completed(agreement, values, acting, from_status):
    values = {**values, "agency": _who(acting), "end": _day(agreement.end_date)}
    if acting is None:
        happened = _("“%(title)s” (%(reference)s) ended on %(end)s and is now completed.")
    else:
        happened = _("%(agency)s closed “%(title)s” (%(reference)s) as completed.")
    return (
        _("%(reference)s completed") % values,
        _paragraphs(
            happened % values,
            _(
                "Send any monev report still due. To go on working together, an editor of a "
                "party can draft its renewal from the agreement's page."
            ),
        ),
    )


def _revoked(agreement, values, acting, from_status):
    values = {**values, "agency": _who(acting)}
    if agreement.termination_requested_at is not None:
        happened = _(
            "%(agency)s granted the request to end “%(title)s” (%(reference)s) early: the "
            "agreement is terminated."
        )
    else:
        happened = _("%(agency)s terminated “%(title)s” (%(reference)s).")
    return (
        _("%(reference)s terminated") % values,
        _paragraphs(happened % values, _("Reason: %(note)s") % values),
    )


# --- Beside the procedure -------------------------------------------------------------------------


def termination_requested(*, agreement, by):
    parties = _parties(agreement)
    acting = _acting(parties, by)

    def text(audience):
        values = {
            "reference": agreement.reference,
            "title": agreement.title,
            "agency": _who(acting),
            "reason": agreement.termination_reason,
        }
        happened = _(
            "%(agency)s asked to end “%(title)s” (%(reference)s) early. Reason: %(reason)s"
        )
        if audience == "secretariat":
            expected = _(
                "Please decide: terminate the agreement, or keep it and tell the parties why in "
                "the agreement's discussion."
            )
        else:
            expected = _(
                "The secretariat decides; give your view in the agreement's discussion if you wish."
            )
        return (
            _("Termination of %(reference)s requested") % values,
            _paragraphs(happened % values, expected),
        )

    _announce(
        agreement,
        event="termination_requested",
        by=by,
        parties=parties,
        secretariat_kind=NoticeKind.WAITING,
        text=text,
    )


def comment_added(*, comment):
    agreement = comment.agreement
    parties = _parties(agreement)
    acting = _acting(parties, comment.author)
    waiting = agreement.status in WITH_SECRETARIAT or (
        agreement.termination_requested_at is not None
        and agreement.status in {S.SIGNED, S.IN_FORCE}
    )
    excerpt = comment.body if len(comment.body) <= 500 else f"{comment.body[:500]}…"

    def text(audience):
        values = {
            "reference": agreement.reference,
            "title": agreement.title,
            "person": comment.author.full_name if comment.author else "",
            "agency": _who(acting),
        }
        return (
            _("New comment on %(reference)s") % values,
            _paragraphs(
                _("%(person)s (%(agency)s) wrote in the discussion of “%(title)s” (%(reference)s):")
                % values,
                f"“{excerpt}”",
                _("Reply in the agreement's discussion if it needs an answer."),
            ),
        )

    _announce(
        agreement,
        event="comment",
        by=comment.author,
        kind=NoticeKind.DISCUSSION,
        parties=parties,
        secretariat_kind=NoticeKind.DISCUSSION if waiting else None,
        text=text,
        anchor="#discussion",
    )


def _monev_values(report):
    agreement = report.agreement
    return {
        "reference": agreement.reference,
        "title": agreement.title,
        "period": monev.label(report.year, report.period, agreement.monev_per_year),
        "agency": report.party.agency.name,
        "comment": report.review_comment,
    }


def monev_submitted(*, report, by):
    values = _monev_values(report)

    def text(audience):
        happened = _(
            "%(agency)s submitted the monitoring and evaluation report for %(period)s of "
            "“%(title)s” (%(reference)s)."
        )
        if audience == "secretariat":
            return (
                _("Monev report to review: %(reference)s, %(period)s") % values,
                _paragraphs(
                    happened % values,
                    _(
                        "Please review it: accept it, or return it with comments on what to "
                        "correct."
                    ),
                ),
            )
        return (
            _("Monev report submitted: %(reference)s, %(period)s") % values,
            _paragraphs(happened % values, _("The secretariat reviews it next.")),
        )

    _announce(
        report.agreement,
        event="monev_submitted",
        by=by,
        kind=NoticeKind.MONEV,
        secretariat_kind=NoticeKind.WAITING,
        text=text,
        anchor="#monev",
    )


def monev_reviewed(*, report, by):
    values = _monev_values(report)
    returned = report.status == "returned"

    def text(audience):
        if returned:
            return (
                _("Monev report returned: %(reference)s, %(period)s") % values,
                _paragraphs(
                    _(
                        "The secretariat returned the monitoring and evaluation report of "
                        "%(agency)s for %(period)s of “%(title)s” (%(reference)s). Comments: "
                        "%(comment)s"
                    )
                    % values,
                    _("%(agency)s corrects the report as the comments ask and submits it again.")
                    % values,
                ),
            )
        return (
            _("Monev report accepted: %(reference)s, %(period)s") % values,
            _(
                "The secretariat accepted the monitoring and evaluation report of %(agency)s for "
                "%(period)s of “%(title)s” (%(reference)s)."
            )
            % values,
        )

    _announce(
        report.agreement,
        event="monev_returned" if returned else "monev_accepted",
        by=by,
        kind=NoticeKind.MONEV,
        text=text,
        anchor="#monev",
    )


def milestone_added(*, milestone, by):
    """The responsible party hears of a milestone it is to deliver."""
    agreement = milestone.agreement
    parties = _parties(agreement)
    acting = _acting(parties, by)
    responsible = next(party for party in parties if party.pk == milestone.responsible_id)

    def text(audience):
        values = {
            "reference": agreement.reference,
            "title": agreement.title,
            "milestone": milestone.title,
            "by": _who(acting),
            "agency": responsible.agency.name,
            "date": _day(milestone.due_date),
        }
        return (
            _("New milestone for %(agency)s: %(milestone)s") % values,
            _paragraphs(
                _(
                    "%(by)s planned the milestone “%(milestone)s” of “%(title)s” (%(reference)s) "
                    "for %(agency)s, due on %(date)s."
                )
                % values,
                _(
                    "Your agency is responsible for it: mark it in progress when work starts and "
                    "record it as done, with evidence, on the agreement's page."
                ),
            ),
        )

    _announce(
        agreement,
        event="milestone_added",
        by=by,
        kind=NoticeKind.MILESTONE,
        parties=parties,
        scope=[responsible],
        text=text,
        anchor="#milestones",
    )
