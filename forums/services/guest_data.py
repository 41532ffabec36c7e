"""A guest's right to their data (UU 27/2022): erasing the name and e-mail address their input
was sent with, when they ask from its page (their download is forums.personal_data).

What they wrote stays, as after an account's deletion: agencies answered it and others replied
to it; it reads "A resident" or "Anonymous" from then on. What could point to them goes: the
name, the address, the salted hashes of the connection it and their replies came from, any
access link still in a mailbox, and our copies of the e-mails sent to them about it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from notifications.models import OutboundEmail

from .. import rules
from ..enums import LinkPurpose
from ..models import Reply
from ._common import SUBMISSION_WORKFLOW, _locked
from .links import links_withdraw


def submission_erase_personal_data(*, submission, by):
    """`by`: the rules.Visitor of the guest's browser that proved the submission."""
    if not rules.can_manage_guest_data(by, submission):
        raise PermissionDenied
    with transaction.atomic():
        submission = _locked(submission)
        address = submission.author_email
        if address:
            OutboundEmail.objects.filter(
                to__iexact=address, object_id=str(submission.pk), kind__startswith="forums."
            ).delete()
        submission.author_name = ""
        submission.author_email = ""
        submission.ip_hash = ""
        submission.save(update_fields=["author_name", "author_email", "ip_hash"])
        # A link still in the mailbox stops (the address it went to is gone), and so does the
        # thank-you page's address; others' support links are theirs.
        links_withdraw(
            submission=submission,
            purposes=[LinkPurpose.ACCESS, LinkPurpose.CONFIRM, LinkPurpose.SENT],
        )
        Reply.objects.filter(submission=submission, by_submitter=True).update(ip_hash="")
        # Said on the timeline, without the data.
        SUBMISSION_WORKFLOW.record(
            submission,
            actor=None,
            note=_(
                "At the submitter's request, the name and e-mail address it was sent with "
                "were erased."
            ),
        )
    return submission
