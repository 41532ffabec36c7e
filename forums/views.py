from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from agencies.models import Agency
from agencies.rules import agency_ids_of, agency_ids_where, is_secretariat
from core.converters import TRACKING_CODE
from core.exports import export_response
from core.forms import add_service_errors
from core.http import client_ip, int_param
from core.lists import page_of, render_list
from core.once import KEEP, created, creates
from core.pagecache import cached_page
from core.storage import private_download
from core.throttle import failed, hit

from . import rules, selectors, services
from .enums import PRIVACY_RANK, SUBMISSION_TRANSITIONS, Privacy, SubmissionStatus, Verdict
from .exports import public_dataset
from .forms import (
    AccessLinkForm,
    AnswerForm,
    AppealForm,
    ForwardForm,
    InboxFilterForm,
    LookupForm,
    MeetingForm,
    NoteForm,
    PrivacyForm,
    PublicFilterForm,
    RatingForm,
    ReasonForm,
    ReplyForm,
    ReportForm,
    SubmissionForm,
    SupportEmailForm,
    SuspendForm,
)
from .models import Attachment, Forum, Meeting, Reply, Submission
from .personal_data import guest_export
from .placement import forum_from_request

S = SubmissionStatus


def _filters(form):
    data = form.cleaned_data if form.is_valid() else {}
    return {
        "query": data.get("q") or "",
        "kind": data.get("kind") or "",
        "status": data.get("status") or "",
        "sector": data.get("sector"),
        "regency": data.get("regency"),
    }


def _grant(request, submission):
    """This browser proved it sent the submission (tracking code and e-mail, or the link)."""
    granted = set(request.session.get(rules.SESSION_KEY, []))
    granted.add(submission.pk)
    request.session[rules.SESSION_KEY] = sorted(granted)[-50:]


def _revoke(request, submission):
    """This browser no longer stands for the submission's sender (their data is erased)."""
    granted = set(request.session.get(rules.SESSION_KEY, [])) - {submission.pk}
    request.session[rules.SESSION_KEY] = sorted(granted)


# A long thread is read a page at a time: 500 replies on one page took a quarter of a second.
THREAD_PAGE_SIZE = 50
MODERATION_BATCH = 30


# --- Public ---------------------------------------------------------------------------------------


@cached_page
def index(request):
    form = PublicFilterForm(request.GET or None)
    return render_list(
        request,
        form=form,
        queryset=selectors.submission_public_list(**_filters(form)),
        template="forums/index.html",
        results_template="forums/_results.html",
        extra={
            "forums": selectors.forums_for_index(),
            "is_staff": is_secretariat(request.user) or bool(agency_ids_of(request.user)),
            "meetings": selectors.upcoming_meetings()[:5],
        },
    )


@cached_page
def area(request, slug):
    forum = get_object_or_404(
        Forum.objects.select_related("sector", "regency", "agreement", "training"), slug=slug
    )
    if not rules.forum_is_public(request.user, forum):
        raise Http404
    form = PublicFilterForm(request.GET or None)
    return render_list(
        request,
        form=form,
        queryset=selectors.submission_public_list(forum=forum, **_filters(form)),
        template="forums/area.html",
        results_template="forums/_results.html",
        extra={
            "forum": forum,
            "meetings": selectors.upcoming_meetings(forum),
            "can_announce": rules.can_announce(request.user, forum),
        },
    )


@require_http_methods(["GET", "POST"])
@creates
def submit(request):
    forum = forum_from_request(request)
    if forum is None:
        raise Http404
    user = request.user if request.user.is_authenticated else None
    form = SubmissionForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.submission_create(
                forum=forum,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                privacy=data["privacy"],
                user=user,
                name=data.get("name", ""),
                email=data.get("email", ""),
                sector=data["sector"],
                regency=data["regency"],
                target_agency=data["target_agency"],
                attachments=data["attachments"],
                ip=client_ip(request),
                looks_like_a_bot=form.looks_like_a_bot(services.MIN_FILL_SECONDS),
            )
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not post in the forum."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session["forum_sent"] = submission.tracking_code
            if user is not None and not submission.quarantined:
                created(request, submission)
                messages.success(
                    request,
                    _("Thank you. Your tracking code is %(code)s; we have e-mailed it to you.")
                    % {"code": submission.tracking_code},
                )
                return redirect(submission)
            # The form sent a second time (a double Enter without JavaScript) may arrive without
            # the session this answer starts, when the browser drops this answer for the next:
            # that one is led to the code by its address: a random reference, never the code
            # (forums.services.submission_sent_reference).
            created(request, _submitted_url(submission))
            return redirect("forums:submitted")
    return render(request, "forums/submit.html", {"form": form, "forum": forum})


def _submitted_url(submission):
    reference = services.submission_sent_reference(
        submission=submission, max_age=int(KEEP.total_seconds())
    )
    return f"{reverse('forums:submitted')}?{urlencode({'kode': reference})}"


def submitted(request):
    """After sending without an account (and what a bot sees, too)."""
    code = services.submission_code_for_sent_reference(
        request.GET.get("kode", "")
    ) or request.session.get("forum_sent")
    if not code:
        raise Http404
    return render(request, "forums/submitted.html", {"code": code})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    if request.method == "POST":
        try:
            submission = services.submission_confirm_email(token=token)
        except ValidationError as error:
            # Used already: the input is in the queue, and its tracking code finds it.
            used = any(item.code == "used" for item in error.error_list)
            return render(
                request,
                "forums/confirm.html",
                {"error": error.messages[0], "used": used},
                status=400,
            )
        _grant(request, submission)
        messages.success(
            request,
            _("Your e-mail address is confirmed; %(code)s is in the queue.")
            % {"code": submission.tracking_code},
        )
        return redirect(submission)
    return render(request, "forums/confirm.html", {"token": token})


# Lookup limits: generous per connection (a campus or office NAT is many residents); the wrong
# e-mail addresses tried for one code count per connection, so a stranger elsewhere cannot lock
# the submitter out, and a high cap per code stops guessing spread over many connections. The
# e-mailed access link is never limited by these.
LOOKUPS_PER_IP = 60  # per 10 minutes
WRONG_PER_CODE_AND_IP = 5  # per day
WRONG_PER_CODE = 100  # per day, from anywhere


@cached_page  # the empty forms; a POST (and what it puts in the session) is never shared
@require_http_methods(["GET", "POST"])
def lookup(request):
    sending_link = request.POST.get("action") == "link"
    # ?kode= from the portal's search: the code typed there, in both forms (never looked up).
    typed = TRACKING_CODE.read(request.GET.get("kode", ""))
    initial = {"code": typed} if typed else None
    form = LookupForm(
        request.POST if request.method == "POST" and not sending_link else None, initial=initial
    )
    link_form = AccessLinkForm(
        request.POST if sending_link else None, prefix="link", initial=initial
    )
    ip = client_ip(request)
    if sending_link and link_form.is_valid():
        if not hit("lookup-ip", ip, limit=LOOKUPS_PER_IP, per=timezone.timedelta(minutes=10)):
            link_form.add_error(None, _("Too many attempts. Please wait ten minutes."))
        else:
            services.submission_send_access_link(code=link_form.cleaned_data["code"])
            messages.success(
                request,
                _(
                    "If this tracking code is yours, a link that opens it is on its way to the "
                    "e-mail address you sent it with."
                ),
            )
            return redirect("forums:lookup")
    elif form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]  # as the portal writes it, however it was typed
        day = timezone.timedelta(days=1)
        if not hit("lookup-ip", ip, limit=LOOKUPS_PER_IP, per=timezone.timedelta(minutes=10)):
            form.add_error(None, _("Too many attempts. Please wait ten minutes and try again."))
        elif failed("lookup-wrong", (code, ip), limit=WRONG_PER_CODE_AND_IP, per=day) or failed(
            "lookup-code", code, limit=WRONG_PER_CODE, per=day
        ):
            # Guessing e-mail addresses for a known code (to find out who wrote it) stops here.
            form.add_error(
                None,
                _(
                    "Too many wrong attempts for this tracking code. Ask for a link below: it "
                    "goes to the address you sent your input with."
                ),
            )
        else:
            submission = services.submission_lookup(**form.cleaned_data)
            if submission is None:
                hit("lookup-wrong", (code, ip), limit=10**6, per=day)
                hit("lookup-code", code, limit=10**6, per=day)
                form.add_error(
                    None,
                    _("No submission has this tracking code and e-mail address. Check both."),
                )
            else:
                _grant(request, submission)
                return redirect(submission)
    return render(request, "forums/lookup.html", {"form": form, "link_form": link_form})


@require_http_methods(["GET", "POST"])
def access(request, token):
    """Where the e-mailed access link leads. A GET only asks (mail scanners open links); the
    button's POST opens the submission and uses the link up."""
    if request.method == "POST":
        try:
            submission = services.submission_open_access_link(token=token)
        except ValidationError as error:
            return render(request, "forums/access.html", {"error": error.messages[0]}, status=400)
        _grant(request, submission)
        return redirect(submission)
    return render(request, "forums/access.html", {})


def _submission_or_404(request, code):
    submission = selectors.submission_for_page(code)
    if submission is None or not rules.can_view(rules.Visitor.of(request), submission):
        raise Http404
    return submission


@cached_page
def submission(request, code):
    submission = _submission_or_404(request, code)
    return render(request, "forums/submission.html", _submission_context(request, submission))


def _submission_context(request, submission, reply_form=None):
    visitor = rules.Visitor.of(request)
    is_submitter = rules.is_submitter(visitor, submission)
    user = request.user
    following = False
    supported = False
    if user.is_authenticated:
        following = submission.follows.filter(user=user).exists()
        supported = submission.supports.filter(user=user).exists()
    rating = None
    if is_submitter and submission.answered_at is not None:
        rating = selectors.rating_for_page(submission, selectors.latest_answer(submission))
        if not (rating["rating"] or rating["rateable"] or rating["appealable"]):
            # Past the rating window, unrated: nothing to say (an appeal is said either way).
            rating = rating if submission.appealed_at else None
    return {
        "submission": submission,
        "replies": page_of(request, selectors.thread(submission), size=THREAD_PAGE_SIZE),
        "events": selectors.timeline(submission),
        "attachments": list(submission.attachments.all()),
        "is_submitter": is_submitter,
        "show_identity": submission.privacy == Privacy.PUBLIC,
        "published": rules.is_published(submission),
        "can_reply": rules.can_reply(visitor, submission)
        and submission.status not in {S.CLOSED, S.REJECTED},
        "can_close": is_submitter
        and submission.answered_at is not None
        and submission.status in {S.ANSWERED, S.IN_FOLLOW_UP},
        "is_staff": rules.is_staff_for(user, submission),
        "following": following,
        "supported": supported,
        # Nobody supports their own input: the page shows them the count only.
        "own": rules.is_own(visitor, submission),
        "reply_form": reply_form or ReplyForm(),
        # The submitter's rating of the last answer, and the one appeal.
        "rating": rating,
        "rating_form": RatingForm(),
        "show_rating_reasons": is_submitter,
        # A guest's own data: download it, erase their name and address from it.
        "guest_data": rules.can_manage_guest_data(visitor, submission),
    }


@require_POST
@creates
def reply(request, code):
    submission = _submission_or_404(request, code)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_create(
                submission=submission,
                by=rules.Visitor.of(request),
                body=form.cleaned_data["body"],
                ip=client_ip(request),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, f"{submission.get_absolute_url()}#replies")
            messages.success(request, _("Your reply is posted."))
            return redirect(f"{submission.get_absolute_url()}#replies")
    context = _submission_context(request, submission, reply_form=form)
    if not context["can_reply"]:  # closed meanwhile: no reply form to keep the text in
        messages.error(
            request, " ".join(form.non_field_errors()) or _("Write a reply before sending.")
        )
        return redirect(f"{submission.get_absolute_url()}#replies")
    # Refused (empty, too long, too many at once): the page again, the reply kept in its field.
    return render(request, "forums/submission.html", context)


@require_POST
def close(request, code):
    submission = _submission_or_404(request, code)
    try:
        services.submission_close(submission=submission, by=rules.Visitor.of(request))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Thank you. The submission is closed."))
    return redirect(submission)


def _as_submitter_or_404(request, code):
    """The submission, for its submitter only (anyone else: as if it did not exist)."""
    submission = _submission_or_404(request, code)
    if not rules.can_rate(rules.Visitor.of(request), submission):
        raise Http404
    return submission


@require_http_methods(["GET", "POST"])
@creates
def rate(request, code):
    """The submitter rates the last official answer: puas, or tidak puas with a reason."""
    submission = _as_submitter_or_404(request, code)
    state = selectors.rating_for_page(submission, selectors.latest_answer(submission))
    if request.method == "GET" and not state["rateable"]:
        messages.info(request, _("There is no answer to rate now."))
        return redirect(submission)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rating = services.answer_rate(
                submission=submission,
                by=rules.Visitor.of(request),
                verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, f"{submission.get_absolute_url()}#rating")
            messages.success(
                request,
                _("Thank you: your rating is recorded.")
                # Follow-up is offered only while it can still be asked for (once per input).
                if rating.verdict == Verdict.SATISFIED or submission.appealed_at is not None
                else _(
                    "Thank you: your rating is recorded. If the agency should follow up, ask for "
                    "it below; that is possible once."
                ),
            )
            return redirect(f"{submission.get_absolute_url()}#rating")
    return render(
        request, "forums/rate.html", {"submission": submission, "form": form, "state": state}
    )


@require_http_methods(["GET", "POST"])
def appeal(request, code):
    """ "Tidak puas, minta tindak lanjut": a page that says what happens, then the one appeal."""
    submission = _as_submitter_or_404(request, code)
    state = selectors.rating_for_page(submission, selectors.latest_answer(submission))
    if request.method == "GET" and not state["appealable"]:
        messages.info(request, _("Follow-up cannot be asked for now."))
        return redirect(submission)
    earlier = state["rating"].reason if state["rating"] else ""
    form = AppealForm(request.POST or None, initial={"reason": earlier})
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_appeal(
                submission=submission,
                by=rules.Visitor.of(request),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request for follow-up is sent: %(agency)s answers again by %(date)s.")
                % {
                    "agency": submission.assigned_agency.name,
                    "date": formats.date_format(timezone.localtime(submission.answer_due), "j F Y"),
                },
            )
            return redirect(submission)
    return render(
        request, "forums/appeal.html", {"submission": submission, "form": form, "state": state}
    )


GUEST_EXPORT_FILENAME = "data-kiriman-sumut-mitra.json"


def _guest_submission_or_404(request, code):
    """The submission, for the guest's browser that proved it only."""
    submission = _submission_or_404(request, code)
    if not rules.can_manage_guest_data(rules.Visitor.of(request), submission):
        raise Http404
    return submission


@require_GET
def guest_data(request, code):
    """A guest's data (UU PDP): a page that says what the file holds; `?unduh=1` downloads it.
    It holds every input sent without an account that this browser proved."""
    submission = _guest_submission_or_404(request, code)
    proved = selectors.guest_submissions(rules.Visitor.of(request))
    if request.GET.get("unduh"):
        response = JsonResponse(
            guest_export(proved),
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = f'attachment; filename="{GUEST_EXPORT_FILENAME}"'
        # Personal data: no shared cache or browser cache may keep a copy.
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request, "forums/guest_data.html", {"submission": submission, "submissions": proved}
    )


@require_http_methods(["GET", "POST"])
def guest_erase(request, code):
    """A guest erases the name and address their input was sent with: a page that says what
    goes and what stays, then the button's POST."""
    submission = _guest_submission_or_404(request, code)
    if request.method == "POST":
        submission = services.submission_erase_personal_data(
            submission=submission, by=rules.Visitor.of(request)
        )
        _revoke(request, submission)
        messages.success(
            request,
            _(
                "Your name and e-mail address are erased from %(code)s. This browser no longer "
                "opens it as yours."
            )
            % {"code": submission.tracking_code},
        )
        return redirect(submission if rules.is_published(submission) else "forums:lookup")
    return render(
        request,
        "forums/guest_erase.html",
        {"submission": submission, "contact_email": settings.CONTACT_EMAIL},
    )


@login_required
@require_POST
def support(request, code):
    submission = _submission_or_404(request, code)
    try:
        added = services.support_add(submission=submission, user=rules.Visitor.of(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if added:
            messages.success(request, _("Thank you for your support."))
        else:
            messages.info(request, _("You support this already."))
    return redirect(submission)


@require_http_methods(["GET", "POST"])
@creates
def support_email(request, code):
    submission = _submission_or_404(request, code)
    visitor = rules.Visitor.of(request)
    own = rules.is_own(visitor, submission)
    form = SupportEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_request_by_email(
                submission=submission,
                email=form.cleaned_data["email"],
                ip=client_ip(request),
                by=visitor,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, submission)
            messages.success(
                request, _("Check your e-mail: your support counts once you open the link.")
            )
            return redirect(submission)
    return render(
        request,
        "forums/support_email.html",
        {"form": form, "submission": submission, "own": own},
    )


@require_http_methods(["GET", "POST"])
def support_confirm(request, token):
    if request.method == "POST":
        try:
            submission = services.support_confirm(token=token)
        except ValidationError as error:
            return render(
                request, "forums/support_confirm.html", {"error": error.messages[0]}, status=400
            )
        messages.success(request, _("Thank you for your support."))
        return redirect(submission)
    return render(request, "forums/support_confirm.html", {"token": token})


@login_required
@require_POST
@creates
def follow(request, code):
    submission = _submission_or_404(request, code)
    try:
        following = services.follow_toggle(submission=submission, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        created(request, submission)
        messages.success(
            request,
            _("You follow this submission; we e-mail you when it moves.")
            if following
            else _("You no longer follow this submission."),
        )
    return redirect(submission)


@require_http_methods(["GET", "POST"])
@creates
def report(request, code):
    submission = _submission_or_404(request, code)
    target_reply = None
    if request.GET.get("balasan"):
        target_reply = get_object_or_404(
            Reply, pk=int_param(request.GET, "balasan"), submission=submission, hidden=False
        )
        if target_reply.kind != "reply":  # notes are staff-only; answers are the agency's word
            raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.looks_like_a_bot(1):
            created(request, submission)  # as if it had been taken
            messages.success(request, _("Thank you. A moderator will look at it."))
            return redirect(submission)
        try:
            services.report_create(
                submission=None if target_reply else submission,
                reply=target_reply,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                user=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, submission)
            messages.success(request, _("Thank you. A moderator will look at it."))
            return redirect(submission)
    return render(
        request,
        "forums/report.html",
        {"form": form, "submission": submission, "reply": target_reply},
    )


def attachment(request, token):
    item = get_object_or_404(Attachment.objects.select_related("submission"), token=token)
    submission = item.submission
    if submission.quarantined or not rules.can_view(rules.Visitor.of(request), submission):
        raise Http404
    return private_download(
        item.file,
        content_type=item.content_type,
        filename=item.name,
        as_attachment=item.content_type == "application/pdf",
    )


@cached_page
@login_required
def mine(request):
    return render(
        request,
        "forums/mine.html",
        {"page": page_of(request, selectors.my_submissions(request.user))},
    )


class PublicFeed(Feed):
    """Atom feed of published submissions: never rahasia, held or hidden ones, never a name of
    an anonim submitter, never an e-mail address."""

    title = gettext_lazy("Sumut Mitra: residents' input")
    description = gettext_lazy("The latest published input from North Sumatra's residents.")

    def link(self):
        return reverse("forums:index")

    def items(self):
        return selectors.submission_public_list()[:50]

    def item_title(self, item):
        return f"{item.tracking_code} {item.title}"

    def item_description(self, item):
        return item.body_html

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return rules.public_name(item)


feed = cached_page(PublicFeed())


def export(request):
    form = PublicFilterForm(request.GET or None)
    dataset = public_dataset(selectors.submission_public_list(**_filters(form)))
    return export_response(
        dataset, fmt="csv", filename=f"aspirasi-{timezone.localdate().isoformat()}"
    )


# --- Meetings -------------------------------------------------------------------------------------


@cached_page
def meeting(request, pk):
    item = get_object_or_404(
        Meeting.objects.select_related("forum__agreement", "forum__training"), pk=pk
    )
    if not rules.can_view_meeting(request.user, item):
        raise Http404
    count = item.rsvps.count()
    going = request.user.is_authenticated and item.rsvps.filter(user=request.user).exists()
    return render(
        request, "forums/meeting.html", {"meeting": item, "rsvp_count": count, "going": going}
    )


@login_required
@require_POST
@creates
def rsvp(request, pk):
    item = get_object_or_404(
        Meeting.objects.select_related("forum__agreement", "forum__training"), pk=pk
    )
    if not rules.can_view_meeting(request.user, item):
        raise Http404
    try:
        going = services.rsvp_toggle(meeting=item, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        created(request, item)
        messages.success(
            request,
            _("See you there: your attendance is noted.")
            if going
            else _("Your RSVP is withdrawn."),
        )
    return redirect(item)


@login_required
@require_http_methods(["GET", "POST"])
@creates
def meeting_create(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    if not rules.can_announce(request.user, forum):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.meeting_create(forum=forum, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, item)
            messages.success(request, _("The meeting is announced."))
            return redirect(item)
    return render(request, "forums/meeting_form.html", {"form": form, "forum": forum})


# --- Staff ----------------------------------------------------------------------------------------


@cached_page
@login_required
def inbox(request):
    secretariat = is_secretariat(request.user)
    agency_ids = (
        None
        if secretariat
        else list(agency_ids_where(request.user).values_list("agency_id", flat=True))
    )
    if not secretariat and not agency_ids:
        raise PermissionDenied
    form = InboxFilterForm(
        request.GET or None,
        agencies=None if secretariat else Agency.objects.filter(pk__in=agency_ids),
    )
    data = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.inbox(
        request.user,
        status=data.get("status") or "",
        overdue=data.get("overdue") or False,
        query=data.get("q") or "",
        agency_ids=[data["agency"].pk] if data.get("agency") else None,
    )
    return render(
        request,
        "forums/inbox.html",
        {
            "form": form,
            "page": page_of(request, queryset),
            "queues": selectors.secretariat_queues() if secretariat else None,
            "is_secretariat": secretariat,
            "now": timezone.now(),
        },
    )


def _staff_submission_or_404(request, code):
    item = (
        rules.staff_submissions(request.user)
        .filter(tracking_code=code, quarantined=False)
        .select_related("forum", "sector", "regency", "author", "assigned_agency", "target_agency")
        .first()
    )
    if item is None:
        raise Http404
    return item


ACTIONS = {
    # slug: (form class or None, who may take it)
    "verifikasi": (None, "secretariat"),
    "tolak": (ReasonForm, "secretariat"),
    "teruskan": (ForwardForm, "secretariat"),
    "tindak-lanjut": (None, "agency"),
    "jawab": (AnswerForm, "agency"),
    "catatan": (NoteForm, "staff"),
    "privasi": (PrivacyForm, "staff"),
    "terbitkan": (None, "moderator"),
    "sembunyikan": (None, "moderator"),
    "tampilkan": (None, "moderator"),
    "kunci": (None, "moderator"),
    "buka-kunci": (None, "moderator"),
}
MODERATION = {
    "terbitkan": "publish",
    "sembunyikan": "hide",
    "tampilkan": "unhide",
    "kunci": "lock",
    "buka-kunci": "unlock",
}


@cached_page
@login_required
def manage(request, code):
    item = _staff_submission_or_404(request, code)
    user = request.user
    allowed = {slug for slug, (_form, who) in ACTIONS.items() if rules.may_act(user, item, who)}
    moves = SUBMISSION_TRANSITIONS[S(item.status)]
    show_identity = rules.can_see_identity(user, item)
    return render(
        request,
        "forums/manage.html",
        {
            "submission": item,
            "replies": page_of(request, selectors.thread(item, staff=True), size=THREAD_PAGE_SIZE),
            "events": selectors.timeline(item, staff=True),
            "attachments": list(item.attachments.all()),
            "show_identity": show_identity,
            # The timeline never names a submitter whose identity this person may not see.
            "hidden_actor": None if show_identity else item.author_id,
            "published": rules.is_published(item),
            "can": allowed,
            "moves": moves,
            "note_form": NoteForm(),
            "is_moderator": rules.is_moderator(user),
            "overdue": selectors.annotate_overdue(Submission.objects.filter(pk=item.pk))
            .values_list("is_overdue", flat=True)
            .first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates
def action(request, code, slug):
    item = _staff_submission_or_404(request, code)
    if slug not in ACTIONS:
        raise Http404
    form_class, who = ACTIONS[slug]
    if not rules.may_act(request.user, item, who):
        raise PermissionDenied
    initial = {"privacy": item.privacy} if slug == "privasi" else None
    form = form_class(request.POST or None, initial=initial) if form_class else None
    if slug == "privasi" and form is not None:
        form.fields["privacy"].choices = [
            (value, label)
            for value, label in Privacy.choices
            if PRIVACY_RANK[Privacy(value)] >= PRIVACY_RANK[Privacy(item.privacy)]
        ]
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        by = request.user
        try:
            if slug == "verifikasi":
                services.submission_verify(submission=item, by=by)
            elif slug == "tolak":
                services.submission_reject(submission=item, by=by, reason=data["reason"])
            elif slug == "teruskan":
                services.submission_forward(
                    submission=item, by=by, agency=data["agency"], note=data["note"]
                )
            elif slug == "tindak-lanjut":
                services.submission_follow_up(submission=item, by=by)
            elif slug == "jawab":
                services.submission_answer(submission=item, by=by, body=data["body"])
            elif slug == "catatan":
                services.note_create(submission=item, by=by, body=data["body"])
            elif slug == "privasi":
                services.submission_set_privacy(submission=item, by=by, privacy=data["privacy"])
            else:
                services.moderate_submission(submission=item, by=by, action=MODERATION[slug])
        except ValidationError as error:
            if form is None:
                messages.error(request, error.messages[0])
                return redirect("forums:manage", code=code)
            add_service_errors(form, error)
        else:
            created(request, reverse("forums:manage", args=[code]))
            messages.success(
                request, _("Done: %(code)s is updated.") % {"code": item.tracking_code}
            )
            return redirect("forums:manage", code=code)
    return render(
        request,
        "forums/action.html",
        {"submission": item, "form": form, "slug": slug, "title": ACTION_TITLES.get(slug, "")},
    )


ACTION_TITLES = {
    "verifikasi": gettext_lazy("Verify"),
    "tolak": gettext_lazy("Reject"),
    "teruskan": gettext_lazy("Forward to an agency"),
    "tindak-lanjut": gettext_lazy("Mark as being followed up"),
    "jawab": gettext_lazy("Give the official answer"),
    "catatan": gettext_lazy("Add an internal note"),
    "privasi": gettext_lazy("Make it more private"),
    "terbitkan": gettext_lazy("Publish"),
    "sembunyikan": gettext_lazy("Hide"),
    "tampilkan": gettext_lazy("Show again"),
    "kunci": gettext_lazy("Lock the thread"),
    "buka-kunci": gettext_lazy("Unlock the thread"),
}


@cached_page
@login_required
def moderation(request):
    if not rules.is_moderator(request.user):
        raise PermissionDenied
    held, reports = selectors.moderation_queue()
    # The oldest held input and the newest reports, a screenful each; the counts say how many
    # wait (thousands of rows on one page took a quarter of a second to draw).
    return render(
        request,
        "forums/moderation.html",
        {
            "held": held[:MODERATION_BATCH],
            "held_count": held.count(),
            "reports": reports[:MODERATION_BATCH],
            "reports_count": reports.count(),
            "batch": MODERATION_BATCH,
        },
    )


@login_required
@require_POST
def reply_moderate(request, pk, action):
    if action not in {"hide", "unhide"}:
        raise Http404
    target = get_object_or_404(Reply.objects.select_related("submission"), pk=pk)
    services.moderate_reply(reply=target, by=request.user, action=action)
    messages.success(request, _("The reply is updated."))
    return redirect("forums:manage", code=target.submission.tracking_code)


@login_required
@require_http_methods(["GET", "POST"])
def suspend(request, pk):
    if not rules.is_moderator(request.user):
        raise PermissionDenied
    person = get_object_or_404(User, pk=pk)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["days"]
        until = timezone.now() + timezone.timedelta(days=days) if days else None
        try:
            services.account_suspend(
                user=person, by=request.user, reason=form.cleaned_data["reason"], until=until
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s may no longer post in the forum.") % {"name": person.full_name}
            )
            return redirect("forums:moderation")
    return render(request, "forums/suspend.html", {"form": form, "person": person})
