"""The links the forum e-mails, read from the outbox as a resident reads them in their mail."""

import re

from notifications.models import OutboundEmail

LINKS = {
    "forums.confirm": re.compile(r"/forum/konfirmasi/([^/\s]+)/"),
    "forums.support_confirm": re.compile(r"/forum/dukung/([^/\s]+)/"),
    "forums.access_link": re.compile(r"/forum/akses/([^/\s]+)/"),
}


def emailed_token(kind, submission, to=None):
    """The token in the latest `kind` e-mail about `submission` (to `to`, when given)."""
    rows = OutboundEmail.objects.filter(kind=kind, object_id=str(submission.pk))
    if to is not None:
        rows = rows.filter(to=to)
    return LINKS[kind].search(rows.latest("pk").body).group(1)


def confirm_token(submission):
    """The token of the confirmation link e-mailed to a guest submitter."""
    return emailed_token("forums.confirm", submission)
