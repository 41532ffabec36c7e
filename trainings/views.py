from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from core.archives import zip_response
from core.exports import EXPORT_FORMATS, export_response
from core.forms import add_service_errors
from core.http import int_param
from core.lists import page_of, render_list
from core.once import created, creates
from core.pagecache import cached_page
from core.storage import private_download
from partnerships import rules as partnership_rules

from . import checkin, rules, sections, selectors, services
from .calendar import feed_calendar, training_calendar
from .enums import (
    ACTIVE,
    TRAINING_TRANSITIONS,
    Audience,
    CertificateStatus,
    CheckinMethod,
    MessageAudience,
    RegistrationStatus,
    TrainingStatus,
)
from .exports import certificates_archive, participants_dataset
from .forms import (
    ArchiveFilterForm,
    CertificateCheckForm,
    CheckinForm,
    FeedbackForm,
    ManageFilterForm,
    MaterialForm,
    MessageForm,
    NoteForm,
    PublicFilterForm,
    QuestionFormSet,
    ReasonForm,
    RegistrationFilterForm,
    RegistrationForm,
    SessionFormSet,
    SessionSeriesForm,
    SpeakerFormSet,
    TrainingForm,
    formset_rows,
)
from .models import Certificate, Material, Registration, TrainingSession

ICS = "text/calendar; charset=utf-8"


def _filters(form):
    data = form.cleaned_data if form.is_valid() else {}
    filters = {
        "query": data.get("q") or "",
        "sector": data.get("sector"),
        "regency": data.get("regency"),
        "kind": data.get("kind") or "",
        "mode": data.get("mode") or "",
        "open_only": data.get("open_only") or False,
    }
    if "status" in data:
        filters["status"] = data.get("status") or ""
    for name in ("starting_soon", "awaiting_approval"):
        if name in data:
            filters[name] = data.get(name) or False
    if "organiser" in data:
        filters["organiser"] = data.get("organiser")
    return filters


def _list(request, form, queryset, template, results_template, extra=None):
    return render_list(
        request,
        form=form,
        queryset=queryset,
        template=template,
        results_template=results_template,
        extra={"now": timezone.now(), **(extra or {})},
    )


# --- Public ---------------------------------------------------------------------------------------


def _public_tabs(request):
    """The upcoming list and the archive, each keeping the other's filters (not its page, nor
    'open for registration', which no finished training is)."""
    params = request.GET.copy()
    for name in ("page", "open_only"):
        params.pop(name, None)
    query = params.urlencode()
    return {
        "tab_query": f"?{query}" if query else "",
        "can_organise": rules.can_see_organiser_list(request.user),
    }


@cached_page
def public_list(request):
    form = PublicFilterForm(request.GET or None)
    queryset = selectors.training_upcoming_list(user=request.user, **_filters(form))
    return _list(
        request,
        form,
        queryset,
        "trainings/list.html",
        "trainings/_results.html",
        _public_tabs(request),
    )


@cached_page
def archive(request):
    """Trainings that are over, the latest first: the public list's "Finished" tab."""
    form = ArchiveFilterForm(request.GET or None)
    queryset = selectors.training_archive_list(user=request.user, **_filters(form))
    return _list(
        request,
        form,
        queryset,
        "trainings/archive.html",
        "trainings/_results.html",
        {**_public_tabs(request), "archive": True},
    )


@cached_page
def feed(request):
    content = feed_calendar(selectors.feed_trainings(), _("Sumut Mitra trainings"))
    response = HttpResponse(content, content_type=ICS)
    response["Content-Disposition"] = 'inline; filename="pelatihan-sumut-mitra.ics"'
    return response


def _training_or_404(request, reference):
    training = selectors.training_for_user(user=request.user, reference=reference)
    if training is None:
        raise Http404
    return training


@cached_page
def detail(request, reference):
    training = _training_or_404(request, reference)
    user = request.user
    registration = selectors.registration_of(user=user, training=training)
    active = (
        registration
        if registration
        and registration.status
        not in {
            RegistrationStatus.CANCELLED,
            RegistrationStatus.CANCELLED_BY_ORGANISER,
            RegistrationStatus.REJECTED,
        }
        else None
    )
    confirmed = rules.is_confirmed(active)
    materials = [
        material
        for material in training.materials.all()
        if rules.can_see_material(user, training, material, active)
    ]
    can_register = active is None and rules.can_register(user, training)
    needs_login = not user.is_authenticated and training.is_open
    return render(
        request,
        "trainings/detail.html",
        {
            "training": training,
            "registration": active,
            "position": selectors.waitlist_position(active) if active else None,
            "confirmed": confirmed,
            "sees_extras": rules.sees_participant_extras(user, training, active),
            "seats_left": max(training.capacity - training.confirmed, 0),
            "outlook": selectors.signup_outlook(training) if can_register or needs_login else None,
            "can_register": can_register,
            "needs_login": needs_login,
            "staff_only": training.audience == "staff" and not rules.is_agency_staff(user),
            "organiser": rules.can_see_organiser_pages(user, training),
            "materials": materials,
            "agreement_url": _agreement_url(user, training.agreement),
            "sections": sections.detail.sections_for(request, training),
        },
    )


def _agreement_url(user, agreement):
    """Where the training's agreement may be opened by this person, if anywhere."""
    if agreement is None:
        return None
    if partnership_rules.can_view_agreement(user, agreement):
        return agreement.get_absolute_url()
    if partnership_rules.is_publicly_visible(agreement):
        return agreement.get_public_url()
    return None


def training_ics(request, reference):
    training = _training_or_404(request, reference)
    registration = selectors.registration_of(user=request.user, training=training)
    with_link = rules.sees_participant_extras(request.user, training, registration)
    response = HttpResponse(training_calendar(training, with_link=with_link), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="{training.reference}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@cached_page
def verify(request):
    """Anyone can check a certificate code: valid, revoked or unknown. The first visit shows the
    empty form; a check sent empty, or with text that is no code, says what to type."""
    form = CertificateCheckForm(request.GET if "kode" in request.GET else None)
    code = form.code() if form.is_bound else ""
    certificate = None
    if form.is_bound and form.is_valid():
        certificate = (
            Certificate.objects.select_related("registration__user", "registration__training")
            .filter(code=code)
            .exclude(status__in=[CertificateStatus.PENDING, CertificateStatus.FAILED])
            .first()
        )
    return render(
        request,
        "trainings/verify.html",
        {"form": form, "code": code, "certificate": certificate},
    )


def material_download(request, reference, token):
    training = _training_or_404(request, reference)
    material = get_object_or_404(Material, training=training, token=token)
    registration = None
    if not material.public:
        registration = selectors.registration_of(user=request.user, training=training)
    if not rules.can_see_material(request.user, training, material, registration):
        raise Http404
    return private_download(
        material.file, content_type=material.content_type, filename=material.original_name
    )


# --- Participants ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@creates
def register(request, reference):
    training = _training_or_404(request, reference)
    form = RegistrationForm(request.POST or None, training=training)
    refusal = None
    existing = selectors.registration_of(user=request.user, training=training)
    if existing and existing.status in ACTIVE:
        messages.info(request, _("You are already registered for this training."))
        return redirect("trainings:registration", reference=reference)
    if not rules.can_register(request.user, training):
        if training.audience == Audience.STAFF and not rules.is_agency_staff(request.user):
            refusal = _("This training is for agency staff only.")
        else:
            refusal = _("Registration for this training is not open.")
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                training=training, user=request.user, answers=form.answers()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, reverse("trainings:registration", args=[reference]))
            messages.success(request, _registered_message(registration))
            return redirect("trainings:registration", reference=reference)
    return render(
        request,
        "trainings/register.html",
        {
            "training": training,
            "form": form,
            "refusal": refusal,
            "outlook": None if refusal else selectors.signup_outlook(training),
        },
    )


def _registered_message(registration):
    if registration.status == RegistrationStatus.WAITLISTED:
        return _("All seats are taken; you are on the waiting list as number %(position)s.") % {
            "position": selectors.waitlist_position(registration)
        }
    if registration.status == RegistrationStatus.REGISTERED:
        return _(
            "Your registration is sent and awaits the organisers' approval; "
            "we e-mail you when they decide."
        )
    return _("Registration accepted: your seat is confirmed.")


def _own_registration_or_404(request, reference):
    training = _training_or_404(request, reference)
    registration = selectors.registration_of(user=request.user, training=training)
    if registration is None:
        raise Http404
    registration.training = training
    return training, registration


@cached_page
@login_required
def registration(request, reference):
    training, registration = _own_registration_or_404(request, reference)
    return render(
        request,
        "trainings/registration.html",
        {
            "training": training,
            "registration": registration,
            "confirmed": rules.is_confirmed(registration),
            "qr": checkin.qr_svg(registration.code)
            if rules.has_checkin_code(registration)
            else None,
            "code": checkin.display(registration.code),
            "position": selectors.waitlist_position(registration),
            "can_cancel": rules.can_cancel_own(registration),
            "cancel_deadline": training.cancellation_deadline,
            "certificate": getattr(registration, "certificate", None),
            "can_give_feedback": rules.can_give_feedback(registration)
            and not hasattr(registration, "feedback"),
            "attended_sessions": {a.session_id for a in registration.attendances.all()},
        },
    )


@login_required
def registration_qr(request, reference):
    """The check-in QR code as a PNG image, to keep on the phone or print for offline use."""
    training, registration = _own_registration_or_404(request, reference)
    if not rules.has_checkin_code(registration):
        raise Http404
    png = checkin.qr_png(checkin.signed_token(registration.code), scale=10)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="presensi-{training.reference}.png"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def cancel_own(request, reference):
    """A GET says what cancelling does and asks (every link to cancel leads here: the
    registration page, the list of one's trainings, the e-mails); the POST cancels."""
    training, registration = _own_registration_or_404(request, reference)
    if request.method == "GET":
        can_cancel = rules.can_cancel_own(registration)
        return render(
            request,
            "trainings/cancel_own.html",
            {
                "training": training,
                "registration": registration,
                "can_cancel": can_cancel,
                "outcome": selectors.cancellation_outcome(registration) if can_cancel else None,
                "cancel_deadline": training.cancellation_deadline,
            },
        )
    was = registration.status
    try:
        cancelled = services.registration_cancel(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _cancelled_message(was, cancelled.promoted))
    return redirect("trainings:registration", reference=reference)


def _cancelled_message(was, promoted):
    if was == RegistrationStatus.WAITLISTED:
        return _("Your registration is cancelled; you are no longer on the waiting list.")
    if was == RegistrationStatus.REGISTERED:
        return _("Your request is withdrawn; the organisers will not decide on it.")
    if promoted:
        return _(
            "Your registration is cancelled; your seat went to the next person on the waiting list."
        )
    return _("Your registration is cancelled; your seat is free for someone else.")


@login_required
def certificate_download(request, reference):
    training, registration = _own_registration_or_404(request, reference)
    certificate = getattr(registration, "certificate", None)
    if certificate is None or certificate.status != CertificateStatus.READY:
        raise Http404
    return _pdf(certificate)


def _pdf(certificate):
    return private_download(
        certificate.file,
        content_type="application/pdf",
        filename=f"sertifikat-{certificate.code}.pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates
def feedback(request, reference):
    training, registration = _own_registration_or_404(request, reference)
    if not rules.can_give_feedback(registration):
        raise PermissionDenied
    if hasattr(registration, "feedback"):
        messages.info(request, _("You have already given feedback on this training. Thank you!"))
        return redirect("trainings:registration", reference=reference)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                registration=registration, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, reverse("trainings:registration", args=[reference]))
            messages.success(request, _("Thank you for your feedback."))
            return redirect("trainings:registration", reference=reference)
    return render(request, "trainings/feedback_form.html", {"training": training, "form": form})


@cached_page
@login_required
def mine(request):
    page = page_of(request, selectors.my_registrations(request.user))
    return render(request, "trainings/mine.html", {"page": page})


# --- Organisers -----------------------------------------------------------------------------------


@cached_page
@login_required
def manage_list(request):
    form = ManageFilterForm(request.GET or None)
    queryset = selectors.training_manage_list(user=request.user, **_filters(form))
    return _list(
        request,
        form,
        queryset,
        "trainings/manage_list.html",
        "trainings/_manage_results.html",
        {"can_create": rules.can_create_training(request.user)},
    )


def _organised_or_404(request, reference, *, manage=False):
    training = _training_or_404(request, reference)
    if not rules.can_see_organiser_pages(request.user, training):
        raise Http404
    if manage and not rules.can_manage_training(request.user, training):
        raise PermissionDenied
    return training


def _training_form(request, training):
    user = request.user
    form = TrainingForm(request.POST or None, instance=training, user=user)
    target = training or None
    formsets = {
        "sessions": SessionFormSet(request.POST or None, instance=target, prefix="sesi"),
        "speakers": SpeakerFormSet(request.POST or None, instance=target, prefix="narasumber"),
        "questions": QuestionFormSet(request.POST or None, instance=target, prefix="pertanyaan"),
    }
    series = SessionSeriesForm(request.POST or None, prefix="seri", new_training=training is None)
    if (
        request.method == "POST"
        and form.is_valid()
        and all(f.is_valid() for f in [*formsets.values(), series])
    ):
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"lead", "co_organisers"}}
        try:
            saved = services.training_save(
                by=user,
                training=training,
                organisers=form.organisers(),
                sessions=formset_rows(formsets["sessions"]) + series.sessions(),
                speakers=formset_rows(formsets["speakers"]),
                questions=formset_rows(formsets["questions"]),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created(request, reverse("trainings:manage_detail", args=[saved.reference]))
            if training is None:
                messages.success(
                    request,
                    _("Draft %(reference)s is saved. Publish it when it is ready.")
                    % {"reference": saved.reference},
                )
            else:
                messages.success(request, _("The training is saved."))
            return redirect("trainings:manage_detail", reference=saved.reference)
    # The rows' and the series' errors are listed in the summary at the top with the form's.
    rows = [row for formset in formsets.values() for row in formset]
    more_forms = [part for part in [*rows, series] if part.is_bound and part.errors]
    return render(
        request,
        "trainings/training_form.html",
        {
            "form": form,
            "training": training,
            "series": series,
            "more_forms": more_forms,
            **formsets,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates
def create(request):
    if not rules.can_create_training(request.user):
        raise PermissionDenied
    return _training_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, reference):
    training = _organised_or_404(request, reference, manage=True)
    if training.status in {TrainingStatus.CANCELLED, TrainingStatus.COMPLETED}:
        raise PermissionDenied
    return _training_form(request, training)


@cached_page
@login_required
def manage_detail(request, reference):
    training = _organised_or_404(request, reference)
    can_manage = rules.can_manage_training(request.user, training)
    moves = []
    if can_manage:
        moves = [
            TrainingStatus(status)
            for status in TRAINING_TRANSITIONS[TrainingStatus(training.status)]
        ]
        if training.confirmed or training.waiting or training.registrations.exists():
            # Back to draft only while nobody has registered (the service says so too).
            moves = [status for status in moves if status != TrainingStatus.DRAFT]
    return render(
        request,
        "trainings/manage_detail.html",
        {
            "training": training,
            "moves": sorted(moves, key=lambda s: list(TrainingStatus).index(s)),
            "can_manage": can_manage,
            "seats_left": max(training.capacity - training.confirmed, 0),
            "material_form": MaterialForm() if can_manage else None,
            "sent_messages": list(selectors.messages_of_training(training)),
            "agreement_url": _agreement_url(request.user, training.agreement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request, reference, to_status):
    training = _organised_or_404(request, reference, manage=True)
    try:
        target = TrainingStatus(to_status)
    except ValueError as exc:
        raise Http404 from exc
    if target not in TRAINING_TRANSITIONS[TrainingStatus(training.status)]:
        raise PermissionDenied
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_move(
                training=training, to_status=target, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _MOVED[target])
            return redirect("trainings:manage_detail", reference=reference)
    return render(
        request,
        "trainings/move.html",
        {"training": training, "form": form, "target": target},
    )


_MOVED = {
    TrainingStatus.PUBLISHED: gettext_lazy(
        "The training is published; people can register in its window."
    ),
    TrainingStatus.DRAFT: gettext_lazy("The training is back to draft and hidden from the public."),
    TrainingStatus.CANCELLED: gettext_lazy(
        "The training is cancelled and every participant is told."
    ),
    TrainingStatus.COMPLETED: gettext_lazy(
        "The training is completed. Certificates are being prepared in the background."
    ),
}


@cached_page
@login_required
def registrations(request, reference):
    training = _organised_or_404(request, reference)
    form = RegistrationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.registrations_for_training(
        training, status=data.get("status") or "", query=data.get("q") or ""
    )
    page = page_of(request, queryset, 50)
    return render(
        request,
        "trainings/registrations.html",
        {
            "training": training,
            "form": form,
            "page": page,
            "can_manage": rules.can_manage_training(request.user, training),
            "questions": list(training.questions.all()),
            "session_count": len(training.sessions.all()),
            "seats_left": max(training.capacity - training.confirmed, 0),
        },
    )


REGISTRATION_ACTIONS = {
    "setujui": ("approve", False, RegistrationStatus.APPROVED),
    "tunggu": ("waitlist", False, RegistrationStatus.WAITLISTED),
    "tolak": ("reject", True, RegistrationStatus.REJECTED),
    "batalkan": ("cancel", True, RegistrationStatus.CANCELLED_BY_ORGANISER),
}


@login_required
@require_http_methods(["GET", "POST"])
def registration_action(request, reference, pk, action):
    training = _organised_or_404(request, reference, manage=True)
    if action not in REGISTRATION_ACTIONS:
        raise Http404
    verb, needs_reason, target = REGISTRATION_ACTIONS[action]
    registration = get_object_or_404(
        Registration.objects.select_related("user"), pk=pk, training=training
    )
    form = ReasonForm(request.POST or None) if needs_reason else None
    if request.method == "POST" and (form is None or form.is_valid()):
        service = getattr(services, f"registration_{verb}")
        kwargs = {"registration": registration, "by": request.user}
        if needs_reason:
            kwargs["reason"] = form.cleaned_data["reason"]
        try:
            service(**kwargs)
        except ValidationError as error:
            if form is not None:
                add_service_errors(form, error)
            else:
                messages.error(request, error.messages[0])
                return redirect("trainings:registrations", reference=reference)
        else:
            registration.refresh_from_db()
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {
                    "name": registration.user.full_name,
                    "status": RegistrationStatus(registration.status).label,
                },
            )
            return redirect("trainings:registrations", reference=reference)
    # Approving or waitlisting asks nothing (form is None): the list's buttons POST directly.
    return render(
        request,
        "trainings/registration_action.html",
        {"training": training, "registration": registration, "target": target, "form": form},
    )


@login_required
def registrations_export(request, reference, fmt):
    training = _organised_or_404(request, reference)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    dataset = participants_dataset(training, selectors.registrations_for_export(training))
    return export_response(dataset, fmt=fmt, filename=f"peserta-{training.reference}", private=True)


@login_required
@require_http_methods(["GET", "POST"])
def session_checkin(request, reference, session_pk):
    training = _organised_or_404(request, reference, manage=True)
    session = get_object_or_404(TrainingSession, pk=session_pk, training=training)
    session.training = training
    form = CheckinForm(request.POST if "code" in request.POST else None)
    result = None
    if request.method == "POST":
        try:
            if "undo" in request.POST:
                registration = get_object_or_404(
                    Registration.objects.select_related("user"),
                    pk=int_param(request.POST, "undo"),
                    training=training,
                )
                if services.attendance_undo(
                    session=session, registration=registration, by=request.user
                ):
                    messages.success(
                        request,
                        _("%(name)s is no longer marked present at this session.")
                        % {"name": registration.user.full_name},
                    )
                if not request.htmx:
                    return redirect(request.path)
            elif "registration" in request.POST:
                registration = get_object_or_404(
                    Registration.objects.select_related("user"),
                    pk=int_param(request.POST, "registration"),
                    training=training,
                )
                result = services.attendance_tick(
                    session=session,
                    registration=registration,
                    by=request.user,
                    method=CheckinMethod.LIST,
                )
            elif form.is_valid():
                method = form.cleaned_data.get("method") or CheckinMethod.TYPED
                result = services.attendance_checkin(
                    session=session, text=form.cleaned_data["code"], by=request.user, method=method
                )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            status = 200 if request.htmx else None
            if not request.htmx:
                return redirect(request.path)
            return _checkin_page(request, training, session, CheckinForm(), status=status)
        if result is not None:
            registration, attendance, created = result
            if created:
                messages.success(
                    request,
                    _("%(name)s is checked in.") % {"name": registration.user.full_name},
                )
            else:
                messages.info(
                    request,
                    _("%(name)s was already checked in at %(time)s.")
                    % {
                        "name": registration.user.full_name,
                        "time": timezone.localtime(attendance.checked_in_at).strftime("%H.%M"),
                    },
                )
            if not request.htmx:
                return redirect(request.path)
            form = CheckinForm()
    return _checkin_page(request, training, session, form)


def _checkin_page(request, training, session, form, status=None):
    people = list(selectors.checkin_list(session))
    return render(
        request,
        "trainings/checkin.html",
        {
            "training": training,
            "session": session,
            "form": form,
            "people": people,
            "present": sum(1 for person in people if person.present),
            "window": services.checkin_window(session),
        },
        status=status,
    )


@cached_page
@login_required
def attendance_sheet(request, reference, session_pk):
    """The session's printable attendance sheet (daftar hadir): confirmed participants with a
    column to sign, for the door; A4 from the browser's print (static/css/print.css)."""
    training = _organised_or_404(request, reference, manage=True)
    session = get_object_or_404(TrainingSession, pk=session_pk, training=training)
    session.training = training
    sessions = list(training.sessions.all())
    return render(
        request,
        "trainings/attendance_sheet.html",
        {
            "training": training,
            "session": session,
            "number": sessions.index(session) + 1,
            "session_count": len(sessions),
            "people": list(selectors.checkin_list(session)),
        },
    )


@cached_page
@login_required
def certificates(request, reference):
    training = _organised_or_404(request, reference)
    items = list(selectors.certificates_for_training(training))
    return render(
        request,
        "trainings/certificates.html",
        {
            "training": training,
            "certificates": items,
            "ready": sum(1 for c in items if c.status == CertificateStatus.READY),
            "pending": sum(1 for c in items if c.status == CertificateStatus.PENDING),
            "can_manage": rules.can_manage_training(request.user, training),
        },
    )


@login_required
def organiser_certificate_download(request, reference, pk):
    training = _organised_or_404(request, reference)
    certificate = get_object_or_404(
        Certificate, pk=pk, registration__training=training, status=CertificateStatus.READY
    )
    return _pdf(certificate)


@login_required
def certificates_zip(request, reference):
    """Every valid certificate of the training in one ZIP, streamed as it is packed."""
    training = _organised_or_404(request, reference)
    filename, members = certificates_archive(training, by=request.user)
    if not members:
        raise Http404
    return zip_response(members, filename=filename)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request, reference, pk):
    training = _organised_or_404(request, reference, manage=True)
    certificate = get_object_or_404(
        Certificate.objects.select_related("registration__user"),
        pk=pk,
        registration__training=training,
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Certificate %(code)s is revoked.") % {"code": certificate.code}
            )
            return redirect("trainings:certificates", reference=reference)
    return render(
        request,
        "trainings/certificate_revoke.html",
        {"training": training, "certificate": certificate, "form": form},
    )


@login_required
def feedback_summary(request, reference):
    training = _organised_or_404(request, reference)
    return render(
        request,
        "trainings/feedback_summary.html",
        {"training": training, "summary": selectors.feedback_summary(training)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates
def message(request, reference):
    """Write to the participants: the form, then a page that says how many people it reaches
    and sends it when confirmed (the text travels in the form's hidden fields). The confirmation
    sent twice sends once; the first step creates nothing and keeps its token."""
    training = _organised_or_404(request, reference, manage=True)
    form = MessageForm(request.POST or None)
    recipients = None
    if request.method == "POST" and form.is_valid():
        recipients = selectors.message_recipients(training, form.cleaned_data["audience"]).count()
        if not recipients:
            form.add_error("audience", _("Nobody is in this group yet."))
        elif "confirm" in request.POST:
            try:
                sent = services.training_message_send(
                    training=training, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Your message is on its way to %(count)s person.",
                        "Your message is on its way to %(count)s people.",
                        sent.recipients,
                    )
                    % {"count": sent.recipients},
                )
                sent_to = reverse("trainings:manage_detail", args=[reference]) + "#messages"
                created(request, sent_to)
                return redirect(sent_to)
    confirming = bool(recipients) and not form.errors and "change" not in request.POST
    return render(
        request,
        "trainings/message.html",
        {
            "training": training,
            "form": form,
            "confirming": confirming,
            "recipients": recipients,
            "audience": MessageAudience(form.cleaned_data["audience"]).label if confirming else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates
def material_upload(request, reference):
    training = _organised_or_404(request, reference, manage=True)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_upload(training=training, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            materials = reverse("trainings:manage_detail", args=[reference]) + "#materials"
            created(request, materials)
            messages.success(
                request, _("“%(title)s” is uploaded.") % {"title": form.cleaned_data["title"]}
            )
            return redirect(materials)
    return render(request, "trainings/material_form.html", {"training": training, "form": form})
