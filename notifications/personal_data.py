"""The e-mails the portal sent a person, in their data download and account deletion
(registered with accounts/personal_data.py from NotificationsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import PersonalDataSource, iso, register

from .models import OutboundEmail


def _emails(user):
    return OutboundEmail.objects.filter(to__iexact=user.email)


def export(user):
    return {
        "emails": [
            {
                "subject": email.subject,
                "kind": email.kind,
                "status": email.status,
                "queued_at": iso(email.created_at),
                "sent_at": iso(email.sent_at),
            }
            for email in _emails(user).order_by("created_at", "pk")
        ]
    }


def erase(user):
    # The outbox keeps a copy of every message; copies addressed to this person go, unsent ones
    # too (the worker finds nothing to send and stops).
    _emails(user).delete()


register(
    PersonalDataSource(
        key="notifications",
        label=_("The e-mails the portal sent you (subject, when)"),
        export=export,
        erase=erase,
        erase_note=_("Our copies of the e-mails we sent you are erased."),
        order=90,
    )
)
