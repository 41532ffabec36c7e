"""Rendering of e-mails, always in the recipient's language, and their one way out: the outbox."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

VERIFY_EMAIL = "accounts.verify_email"
ACCOUNT_EXISTS_EMAIL = "accounts.account_exists"
ACCOUNT_PENDING_EMAIL = "accounts.account_pending"
PASSWORD_RESET_EMAIL = "accounts.password_reset"
# This app's e-mails, as the outbox names them (notifications registers them).
EMAIL_KINDS = {
    VERIFY_EMAIL: _("Confirm an e-mail address"),
    ACCOUNT_EXISTS_EMAIL: _("Sign-up with an address that has an account"),
    ACCOUNT_PENDING_EMAIL: _("Sign-up with an address not yet confirmed"),
    PASSWORD_RESET_EMAIL: _("Password reset link"),
}


def render_templated_email(*, template, context, language=None):
    """Render templates/emails/<template>_subject.txt, .txt and .html: (subject, text, html).

    `language` is the recipient's language; the sender's (current request) language is irrelevant.
    """
    context = {"site_name": "Sumut Mitra", **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), body, html  # a header never spans lines


def render_subject(*, template, context):
    """The subject of templates/emails/<template>_subject.txt in the active language (the
    bell's line for an e-mail's event, in whichever language its reader reads)."""
    subject = render_to_string(
        f"emails/{template}_subject.txt", {"site_name": "Sumut Mitra", **context}
    )
    return " ".join(subject.split())


# The outbox's queue (notifications.services.email_queue registers itself here when it starts:
# accounts sits below notifications and may not import it).
OUTBOX = []


def queue_templated_email(*, to, template, context, kind, language=None, about=None):
    """Render now and queue through the outbox, the one way every e-mail leaves the portal
    (conventions, rule 16): a worker sends it once the transaction commits, retries it while the
    mail server is away, and the admin lists it. Nothing is sent inside the request."""
    if not OUTBOX:
        raise ImproperlyConfigured("no outbox registered: is the notifications app installed?")
    (queue,) = OUTBOX
    return queue(
        to=to, template=template, context=context, language=language, kind=kind, about=about
    )
