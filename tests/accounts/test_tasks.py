import itertools
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.utils import timezone

from accounts.tasks import prune_login_records

ADDRESSES = (f"10.0.0.{n}" for n in itertools.count(1))


def record(model, when, **fields):
    row = model.objects.create(
        username="a@contoh.id", ip_address=next(ADDRESSES), user_agent="x", **fields
    )
    model.objects.filter(pk=row.pk).update(attempt_time=when)  # attempt_time is auto_now_add
    return row


@pytest.mark.django_db
def test_old_login_records_are_pruned_and_recent_ones_kept(settings):
    now = timezone.now()
    old = now - timedelta(days=settings.LOGIN_RECORDS_DAYS + 1)
    recent = now - timedelta(days=1)
    attempt_fields = {"failures_since_start": 1, "get_data": "", "post_data": ""}
    record(AccessLog, old)
    kept_log = record(AccessLog, recent)
    record(AccessAttempt, old, **attempt_fields)
    kept_attempt = record(AccessAttempt, recent, **attempt_fields)

    prune_login_records()

    assert list(AccessLog.objects.values_list("pk", flat=True)) == [kept_log.pk]
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [kept_attempt.pk]
