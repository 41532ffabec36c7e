"""Who may see what of residents' input. The privacy the submitter chose is enforced here, in
one place, for pages, lists, feeds, exports, counts and e-mails alike.

- public: published with the submitter's name (never their e-mail, phone or IP);
- anonim: published, the identity hidden from everyone but the secretariat and the submitter;
- rahasia: never published; only the secretariat, the assigned agency and the submitter see it.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import normalise_email
from agencies.enums import MemberRole
from agencies.rules import agency_ids_of, agency_ids_where, is_secretariat
from core.querysets import EachRowExists
from partnerships.rules import is_publicly_visible, public_agreement_q
from trainings.enums import Audience
from trainings.rules import SHOWN

from .enums import PUBLIC_STATUSES, Privacy, SubmissionStatus
from .models import PUBLISHED, Forum, Meeting, Submission

SESSION_KEY = "forum_submissions"


def published_q(prefix=""):
    """The condition for a submission anyone may see (the public lists' indexes use it too)."""
    return Q(**{f"{prefix}{lookup}": value for lookup, value in PUBLISHED.items()})


def public_submissions(queryset=None, *, per_row=False):
    """The input anyone may see (`is_published`, as a queryset): published, in a forum anyone
    may read (an internal agreement's or a closed training's forum shows nothing publicly).
    `per_row`: each row's forum is asked as the row is read (core.querysets.EachRowExists),
    for a search that reads a few hundred rows; a list or a count of them all asks every
    forum once instead."""
    queryset = Submission.objects.all() if queryset is None else queryset
    if per_row:
        public_forum = EachRowExists(public_forums().filter(pk=OuterRef("forum_id")))
    else:
        public_forum = Q(forum__in=public_forums().values("pk"))
    return queryset.filter(published_q(), public_forum)


def is_published(submission):
    """Whether anyone may see `submission`: published, and in a forum anyone may read. Loads
    the forum and its agreement or training when they are not loaded yet."""
    return (
        submission.status in PUBLIC_STATUSES
        and not (submission.held or submission.hidden or submission.quarantined)
        and submission.privacy != Privacy.CONFIDENTIAL
        and forum_is_public(None, submission.forum)
    )


def is_moderator(user):
    return is_secretariat(user)


@dataclass(frozen=True)
class Visitor:
    """Who acts on a submission: an account (or AnonymousUser) and the submissions this browser
    proved with their tracking code and e-mail address. Views build it from the request
    (`Visitor.of`), so the predicates and services below never need the request itself."""

    user: object = field(default_factory=AnonymousUser)
    proved: frozenset = frozenset()

    @classmethod
    def of(cls, request):
        return cls(request.user, frozenset(request.session.get(SESSION_KEY, ())))


def visitor(who):
    """`who` as a Visitor: a Visitor stays one; an account (or None) has proved no code."""
    if isinstance(who, Visitor):
        return who
    return Visitor(who if who is not None else AnonymousUser())


def is_submitter(who, submission):
    """The account that sent it, or a browser that proved the tracking code and e-mail."""
    who = visitor(who)
    if who.user.is_authenticated and submission.author_id == who.user.pk:
        return True
    return submission.pk in who.proved


def sent_from(submission):
    """The e-mail addresses `submission` was sent from: its author account's, or the guest's."""
    addresses = {normalise_email(submission.author_email)}
    if submission.author_id:
        addresses.add(normalise_email(submission.author.email))
    return addresses - {""}


def is_own(who, submission):
    """Whether `who` (a Visitor or an account) sent `submission`: the submitter (is_submitter),
    or an account whose address it was sent from (a guest's input, sent before the account).

    For refusing what nobody may do with their own input (support it). An address typed into a
    form proves nothing about who types it: the services answer such an address as they answer
    any other (see sent_from), so a refusal never tells anyone who sent anonim or rahasia input."""
    who = visitor(who)
    if is_submitter(who, submission):
        return True
    return who.user.is_authenticated and normalise_email(who.user.email) in sent_from(submission)


def can_support(who, submission):
    """Anyone may support published input, except the person who sent it."""
    return is_published(submission) and not is_own(who, submission)


def can_rate(who, submission):
    """Only the submitter rates the official answer and asks for follow-up: its account, or a
    browser that proved the tracking code and e-mail address (or opened the e-mailed link)."""
    return is_submitter(who, submission)


def can_manage_guest_data(who, submission):
    """A guest's own data on their input (download it, erase their name and address from it):
    the browser that proved its tracking code and e-mail address, or opened the e-mailed link.
    Input sent with an account is the account's (its data download and deletion)."""
    who = visitor(who)
    return submission.author_id is None and submission.pk in who.proved


def rating_closes_at(submission):
    """When the last answer can no longer be rated: FORUM_RATING_DAYS after the submission
    closed (None while it is open)."""
    if submission.status != SubmissionStatus.CLOSED or submission.closed_at is None:
        return None
    return submission.closed_at + timedelta(days=settings.FORUM_RATING_DAYS)


def rating_open(submission, now=None):
    """Whether the last official answer may be rated now: while the submission is answered,
    and for FORUM_RATING_DAYS after it closed (by itself or by the submitter)."""
    if submission.answered_at is None:
        return False
    if submission.status == SubmissionStatus.ANSWERED:
        return True
    closes = rating_closes_at(submission)
    return closes is not None and (now or timezone.now()) <= closes


def appeal_open(submission):
    """The one appeal ("tidak puas, minta tindak lanjut"): while the submission is answered, if
    it was never appealed before. Once closed it stays closed."""
    return submission.status == SubmissionStatus.ANSWERED and submission.appealed_at is None


def is_assigned_staff(user, submission, minimum=MemberRole.VIEWER):
    return (
        submission.assigned_agency_id is not None
        and submission.assigned_agency_id in agency_ids_of(user, minimum)
    )


def is_staff_for(user, submission):
    """The secretariat and the assigned agency's staff: the staff pages of this submission."""
    return is_secretariat(user) or is_assigned_staff(user, submission)


def can_view(who, submission):
    """`who`: a Visitor or an account."""
    who = visitor(who)
    if is_secretariat(who.user) or is_submitter(who, submission):
        return True
    if is_assigned_staff(who.user, submission):
        return True
    return is_published(submission)


def can_see_identity(user, submission):
    """Who sent it (name; the e-mail only on staff pages). Only the secretariat sees who sent an
    anonim or rahasia submission: the agency it concerns never does, so a privacy change (anonim
    to rahasia) cannot reveal it either."""
    if is_secretariat(user):
        return True
    return submission.privacy == Privacy.PUBLIC


def can_answer(user, submission):
    """Editors and admins of the assigned agency."""
    return is_assigned_staff(user, submission, MemberRole.EDITOR)


def can_reply(who, submission):
    """Signed-in readers of a submission, and its submitter (by account or tracking code)."""
    who = visitor(who)
    if submission.locked or not who.user.is_authenticated and not is_submitter(who, submission):
        return False
    return can_view(who, submission)


def staff_submissions(user, queryset=None):
    """The staff inbox: everything for the secretariat, the assigned ones for agency staff."""
    queryset = Submission.objects.all() if queryset is None else queryset
    if is_secretariat(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(assigned_agency__in=agency_ids_where(user))


def visible_submissions(who, queryset=None, *, per_row=False):
    """The input `who` (a Visitor or an account) may open (`can_view`, as a queryset): the
    published, their own (by account, or proved by this browser), and for staff the input
    assigned to their agencies (everything for the secretariat); never spam or input whose
    e-mail address is unconfirmed (no page shows those).

    `per_row` (see public_submissions), for a search: only where the published are ORed with
    one's own, where PostgreSQL listed every public forum first; alone, the published are
    joined with their forums better as they are (a rare word's 2,000 rows at 10x took 10 ms
    that way, 40 ms asked row by row)."""
    who = visitor(who)
    queryset = Submission.objects.all() if queryset is None else queryset
    queryset = queryset.filter(quarantined=False).exclude(status=SubmissionStatus.UNCONFIRMED)
    if is_secretariat(who.user):
        return queryset
    mine = Q(pk__in=sorted(who.proved))
    if who.user.is_authenticated:
        mine |= Q(author=who.user)
    per_row = per_row and (who.user.is_authenticated or bool(who.proved))
    return (
        public_submissions(queryset, per_row=per_row)
        | staff_submissions(who.user, queryset)
        | queryset.filter(mine)
    )


def public_forums_q(prefix=""):
    """The forums anyone may read (`forum_is_public`, as a condition): every topic area, and
    an agreement's or a training's forum while its parent is public."""
    agreement = f"{prefix}agreement"
    training = f"{prefix}training"
    return (
        Q(**{f"{agreement}__isnull": True, f"{training}__isnull": True})
        | public_agreement_q(f"{agreement}__")
        | Q(**{f"{training}__audience": Audience.PUBLIC, f"{training}__status__in": SHOWN})
    )


def public_forums():
    """The forums anyone may read (`forum_is_public`, as a queryset)."""
    return Forum.objects.filter(public_forums_q())


def public_meetings(queryset=None):
    """The announced meetings anyone may find in lists and the search: not cancelled, in a
    forum anyone may read. A cancelled one's page still opens (`can_view_meeting`), to say so."""
    return openable_meetings(queryset).filter(cancelled=False)


def openable_meetings(queryset=None):
    """The meetings whose page anyone may open: in a forum anyone may read, cancelled ones
    too (they were announced; people who saw them learn there that they are off)."""
    queryset = Meeting.objects.all() if queryset is None else queryset
    return queryset.filter(forum__in=public_forums().values("pk"))


def can_view_meeting(user, meeting):
    """A meeting's page: anyone, while its forum is public (`openable_meetings`); otherwise only
    who may announce meetings in that forum (the people who organise it)."""
    return forum_is_public(user, meeting.forum) or can_announce(user, meeting.forum)


def public_name(submission):
    """The name a public page may show: never for anonim or rahasia, never an e-mail address."""
    if submission.privacy != Privacy.PUBLIC:
        return _("Anonymous")
    if submission.author_id:
        return submission.author.full_name
    return submission.author_name or _("A resident")


def public_name_of(*, privacy, account_name, guest_name):
    """public_name of a submission read as a plain row (the API's list pages): `account_name`
    is its account's full name, None when a guest sent it."""
    if privacy != Privacy.PUBLIC:
        return _("Anonymous")
    if account_name is not None:
        return account_name
    return guest_name or _("A resident")


def training_is_public(training):
    """A training's forum is public: only for published (or past) public trainings."""
    return training.audience == Audience.PUBLIC and training.status in SHOWN


def forum_is_public(user, forum):
    """An agreement's or training's forum is public only while its parent is."""
    if forum.agreement_id:
        return is_publicly_visible(forum.agreement)
    if forum.training_id:
        return training_is_public(forum.training)
    return True


def can_announce(user, forum):
    """Public meetings: the secretariat anywhere; an agreement's parties or a training's
    organisers (editors and admins) in its forum; any agency's editors in topic areas."""
    if is_secretariat(user):
        return True
    editors_of = agency_ids_of(user, "editor")
    if not editors_of or not forum.is_active:
        return False
    if forum.agreement_id:
        return bool({p.agency_id for p in forum.agreement.parties.all()} & editors_of)
    if forum.training_id:
        return bool({o.agency_id for o in forum.training.organiser_rows.all()} & editors_of)
    return True


def may_act(user, submission, who):
    """Whether `user` may take a staff action meant for `who` (forums.views.ACTIONS): the
    secretariat's and moderators' steps, an addressed agency's answer, or any staff step."""
    if who in {"secretariat", "moderator"}:
        return is_secretariat(user)
    if who == "agency":
        return can_answer(user, submission)
    return is_staff_for(user, submission)
