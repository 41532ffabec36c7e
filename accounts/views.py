from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from core.forms import add_service_errors

from . import personal_data, sections, services
from .forms import (
    AccountDeleteForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    ResendVerificationForm,
    SignupForm,
)
from .middleware import remember_language
from .models import User


def _base_url(request):
    return request.build_absolute_uri("/")


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The e-mail is queued in the outbox and sent after the request: the page says it is on
        # its way, and offers a new link should it not arrive.
        services.user_register(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            language=translation.get_language(),
            base_url=_base_url(request),
        )
        request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request):
    return render(
        request, "accounts/signup_done.html", {"email": request.session.get("signup_email")}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify_email(request, token):
    """The link shows a confirm button; only the POST verifies, so that mail scanners that
    open links do not verify an address on its owner's behalf."""
    try:
        if request.method == "POST":
            user = services.user_verify_email(token=token)
        else:
            services.user_from_verification_token(token)
            return render(request, "accounts/verify_confirm.html")
    except ValidationError as error:
        return render(
            request,
            "accounts/verify_failed.html",
            {"reason": error.messages[0], "form": ResendVerificationForm()},
            status=400,
        )
    messages.success(request, _("Thank you, your e-mail address is verified. You can log in now."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("home")
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def resend_verification(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_verification_resend(
            email=form.cleaned_data["email"], base_url=_base_url(request)
        )
        messages.info(
            request,
            _(
                "If %(email)s belongs to an account that still needs verifying, a new link is on "
                "its way. Check your inbox and spam folder."
            )
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:login")
    return render(request, "accounts/resend_verification.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # Speak the person's own language from the moment they log in, on any device.
        return remember_language(response, form.get_user().preferred_language)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out."))
        return response


def locked_out(request, original_response=None, credentials=None):
    """Shown by django-axes instead of the login form after too many failed attempts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    # The form edits a copy, so a refused save does not change the name shown in the menu.
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        user = services.user_update_profile(
            user=request.user,
            full_name=form.cleaned_data["full_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        with translation.override(user.preferred_language):
            messages.success(request, _("Your profile has been saved."))
        return remember_language(redirect("accounts:profile"), user.preferred_language)
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "sections": sections.profile.sections_for(request, request.user)},
    )


EXPORT_FILENAME = "data-saya-sumut-mitra.json"


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    """A page saying what the download holds; `?unduh=1` (or a POST) is the download itself."""
    if request.method == "POST" or request.GET.get("unduh"):
        response = JsonResponse(
            services.account_export(user=request.user),
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
        # Personal data: no shared cache or browser cache may keep a copy.
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "accounts/data_export.html", {"sources": personal_data.sources()})


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. Thank you for your time."))
            return redirect("home")
    return render(
        request,
        "accounts/delete.html",
        {
            "form": form,
            "blockers": personal_data.blockers(request.user),
            "sources": personal_data.sources(),
            "login_records_days": settings.LOGIN_RECORDS_DAYS,
        },
    )


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Your password has been changed.")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "emails/password_reset.txt"
    html_email_template_name = "emails/password_reset.html"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Opening the link proved the person owns the address.
        services.user_password_reset_completed(user=form.user)
        return response


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on the person's account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response
