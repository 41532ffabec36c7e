"""Public meetings and their RSVPs."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..models import Meeting, Rsvp
from ._common import _require_account


def meeting_create(*, forum, by, **fields):
    if not rules.can_announce(by, forum):
        raise PermissionDenied
    starts_at = fields.get("starts_at")
    if starts_at and starts_at < timezone.now():
        # A slip of the month or the year: nobody could come, nor RSVP (rsvp_toggle).
        raise ValidationError(
            {
                "starts_at": _(
                    "A public meeting cannot be announced for a time that has passed. "
                    "Check the date."
                )
            }
        )
    meeting = Meeting(forum=forum, created_by=by, **fields)
    meeting.full_clean()
    meeting.save()
    return meeting


def rsvp_toggle(*, meeting, user):
    _require_account(user)
    if not rules.can_view_meeting(user, meeting):
        raise PermissionDenied
    if meeting.cancelled or meeting.starts_at < timezone.now():
        raise ValidationError(_("This meeting takes no more RSVPs."))
    deleted, _rows = Rsvp.objects.filter(meeting=meeting, user=user).delete()
    if deleted:
        return False
    Rsvp.objects.get_or_create(meeting=meeting, user=user)
    return True
