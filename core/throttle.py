"""Rate limits kept in PostgreSQL (every web process sees the same counts; pages need no Redis),
for every app: the forum's submissions and replies, sign-in attempts, tracking-code lookups.

Keys are hashed: an IP address or e-mail is never stored in the clear. Pair a generous limit per
IP address (one NAT or campus is many people) with a tighter one per account or address; a
signed-in person is counted by their account, not by the connection they share with others.

Count what was accepted, not what was tried: call `take` in the transaction that saves the
action, after every check that can refuse it. A try refused for what it is (a bad attachment, a
text too long) then spends no quota, and an error after `take` rolls its count back with the
rest.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Hit


def hashed(value):
    """A salted hash of an IP address or e-mail (the salt is the site's secret)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), str(value).lower().encode(), hashlib.sha256)
    return digest.hexdigest()


@dataclass(frozen=True)
class Limit:
    """At most `limit` actions per `value` (an address, an account id, …) within `per`."""

    scope: str
    value: object
    limit: int
    per: timedelta

    @property
    def key(self):
        return f"{self.scope}:{hashed(self.value)[:60]}"


def take(*limits):
    """Count one action against every limit, or against none: the first limit already reached
    is returned (and nothing is counted); None means the action was counted in each of them.

    A limit whose value is empty (no IP address, no account) does not apply."""
    limits = [limit for limit in limits if limit.value]
    if not limits:
        return None
    now = timezone.now()
    with transaction.atomic():
        # One key at a time: parallel requests cannot all read "under the limit" and pass. The
        # keys are locked in one order, so two takes sharing keys cannot deadlock.
        with connection.cursor() as cursor:
            for key in sorted({limit.key for limit in limits}):
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
        for limit in limits:
            if Hit.objects.filter(key=limit.key, at__gte=now - limit.per).count() >= limit.limit:
                return limit
        Hit.objects.bulk_create([Hit(key=limit.key, at=now) for limit in limits])
    return None


def hit(scope, value, *, limit, per):
    """Count one action; True while under `limit` within `per` (a timedelta), else False."""
    return take(Limit(scope, value, limit, per)) is None


def failed(scope, value, *, limit, per):
    """Whether `value` already failed `limit` times within `per` (failures recorded by hit)."""
    key = Limit(scope, value, limit, per).key
    return Hit.objects.filter(key=key, at__gte=timezone.now() - per).count() >= limit


def prune(older_than=timedelta(days=1)):
    return Hit.objects.filter(at__lt=timezone.now() - older_than).delete()[0]
