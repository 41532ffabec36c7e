from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import throttle
from core.http import client_ip

from .emails import PASSWORD_RESET_EMAIL, queue_templated_email
from .models import User, normalise_email


class NewAccountForm(forms.Form):
    """Name, a new password twice, and consent: what every way of making an account asks."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only numbers, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that Sumut Mitra processes my data as described in the privacy notice."),
        error_messages={"required": _("We can only create an account with your consent.")},
    )

    def account_email(self):
        """The address the account will have; passwords resembling it are refused."""
        return ""

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            candidate = User(email=self.account_email(), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SignupForm(NewAccountForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We will send a link to this address to confirm it is yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["full_name", "email", "password1", "password2", "consent"]

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def account_email(self):
        return self.cleaned_data.get("email", "")


class InvitedAccountForm(NewAccountForm):
    """Making an account from an invitation: the address is the invited one."""

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def account_email(self):
        return self.email


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("The e-mail address or password is wrong. Please try again."),
        "inactive": _("This account has been deactivated. Contact the administrator."),
        "unverified": _(
            "Your e-mail address is not verified yet. Open the link we sent you, or "
            '<a href="{url}">send a new link</a>.'
        ),
    }

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])

    def clean(self):
        """django-axes locks one account after a few failures from one connection; this stops
        one connection trying a password against many accounts (spraying). The limit is
        generous, since one campus or office NAT is many people who mistype."""
        ip = client_ip(self.request) if self.request is not None else None
        window = settings.LOGIN_SPRAY_WINDOW
        if ip and throttle.failed(
            "login-failed-ip", ip, limit=settings.LOGIN_SPRAY_LIMIT, per=window
        ):
            raise forms.ValidationError(
                _(
                    "Too many failed sign-ins from your connection. Please wait %(minutes)s "
                    "minutes and try again."
                ),
                params={"minutes": int(window.total_seconds() // 60)},
                code="spraying",
            )
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login" and ip:
                throttle.hit("login-failed-ip", ip, limit=10**9, per=window)
            raise

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_email_verified:
            raise forms.ValidationError(
                format_html(
                    str(self.error_messages["unverified"]),
                    url=reverse("accounts:resend_verification"),
                ),
                code="unverified",
            )


class AdminLoginForm(LoginForm):
    """The admin's login applies the same rules as the portal's (verified address) plus staff."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError(
                _("This account may not use the administration site."), code="invalid_login"
            )


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        help_texts = {
            "preferred_language": _("The portal and the e-mails we send you use this language."),
        }


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be restored."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        return super().get_users(normalise_email(email))

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Through the outbox, like every e-mail: a worker sends it after the request, retries it
        # while the mail server is away, and the admin lists it. Each person reads it in their
        # own language, not in the requester's. The view names the templates
        # emails/<name>_subject.txt, .txt and .html, which is how the outbox renders them.
        user = context.get("user")
        template = email_template_name.removeprefix("emails/").removesuffix(".txt")
        queue_templated_email(
            to=to_email,
            template=template,
            context=context,
            kind=PASSWORD_RESET_EMAIL,
            language=getattr(user, "preferred_language", None),
            about=user,
        )
