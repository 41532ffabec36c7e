"""Rate limits kept in PostgreSQL (every web process sees the same counts; pages need no Redis),
for every app: the forum's submissions and replies, sign-in attempts, tracking-code lookups.

Keys are hashed: an IP address or e-mail is never stored in the clear. Pair a generous limit per
IP address (one NAT or campus is many people) with a tighter one per account or address.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Hit


def hashed(value):
    """A salted hash of an IP address or e-mail (the salt is the site's secret)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), str(value).lower().encode(), hashlib.sha256)
    return digest.hexdigest()


def hit(scope, value, *, limit, per):
    """Count one action; True while under `limit` within `per` (a timedelta), else False."""
    if not value:
        return True
    key = f"{scope}:{hashed(value)[:60]}"
    since = timezone.now() - per
    with transaction.atomic():
        # One key at a time: parallel requests cannot all read "under the limit" and pass.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
        recent = Hit.objects.filter(key=key, at__gte=since).count()
        if recent >= limit:
            return False
        Hit.objects.create(key=key)
    return True


def failed(scope, value, *, limit, per):
    """Whether `value` already failed `limit` times within `per` (failures recorded by hit)."""
    key = f"{scope}:{hashed(value)[:60]}"
    return Hit.objects.filter(key=key, at__gte=timezone.now() - per).count() >= limit


def prune(older_than=timedelta(days=1)):
    return Hit.objects.filter(at__lt=timezone.now() - older_than).delete()[0]
