"""Privacy housekeeping (daily, beat): hashed IPs and unconfirmed input are erased in time."""

from django.db.models import Q
from django.utils import timezone

from core import throttle

from ..models import Reply, Report, Submission
from ._common import IP_RETENTION, S


def purge_ip_hashes():
    """Daily (beat): hashed IPs are kept for 30 days (abuse handling), then erased."""
    cutoff = timezone.now() - IP_RETENTION
    count = Submission.objects.filter(created_at__lt=cutoff).exclude(ip_hash="").update(ip_hash="")
    count += Reply.objects.filter(created_at__lt=cutoff).exclude(ip_hash="").update(ip_hash="")
    count += Report.objects.filter(created_at__lt=cutoff).exclude(ip_hash="").update(ip_hash="")
    throttle.prune()
    return count


def unconfirmed_purge():
    """Submissions whose e-mail was never confirmed (and quarantined spam) go after 30 days."""
    cutoff = timezone.now() - IP_RETENTION
    return Submission.objects.filter(
        Q(status=S.UNCONFIRMED) | Q(quarantined=True), created_at__lt=cutoff
    ).delete()[0]
