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
    meeting = Meeting(forum=forum, created_by=by, **fields)
    meeting.full_clean()
    meeting.save()
    return meeting


def rsvp_toggle(*, meeting, user):
    _require_account(user)
    if meeting.cancelled or meeting.starts_at < timezone.now():
        raise ValidationError(_("This meeting takes no more RSVPs."))
    deleted, _rows = Rsvp.objects.filter(meeting=meeting, user=user).delete()
    if deleted:
        return False
    Rsvp.objects.get_or_create(meeting=meeting, user=user)
    return True
