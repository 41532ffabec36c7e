"""Checks behind /healthz/: each returns None when healthy, or a short reason when not."""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Heartbeat

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_connect_timeout=settings.HEALTH_BROKER_TIMEOUT,
        socket_timeout=settings.HEALTH_BROKER_TIMEOUT,
    )
    try:
        client.ping()
    finally:
        client.close()


def check_worker():
    last_seen = Heartbeat.objects.filter(name="worker").values_list("last_seen", flat=True).first()
    if last_seen is None:
        raise RuntimeError("no worker heartbeat recorded yet")
    age = timezone.now() - last_seen
    if age > settings.WORKER_HEARTBEAT_MAX_AGE:
        raise RuntimeError(f"last worker heartbeat {int(age.total_seconds())} s ago")


def database_connections():
    """How many of the server's connection slots are taken, against its limit: the figure that
    says when more web workers, threads or Celery processes would have PostgreSQL refuse them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT
                (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
                (SELECT count(*) FROM pg_stat_activity
                  WHERE backend_type = 'client backend' AND datname = current_database()),
                current_setting('max_connections')::int,
                current_setting('superuser_reserved_connections')::int
            """
        )
        in_use, this_database, limit, reserved = cursor.fetchone()
    available = limit - reserved
    return {
        "in_use": in_use,
        "this_database": this_database,
        "max_connections": limit,
        "reserved_for_superusers": reserved,
        "available_to_applications": available,
        "use": round(in_use / available, 3) if available else None,
        "near_limit": available <= 0 or in_use >= 0.9 * available,
    }


CHECKS = {"database": check_database, "broker": check_broker, "worker": check_worker}


def run_checks(names=None):
    """Run the named checks (all by default); return {name: "ok" | "fail"} and the failed names."""
    results = {}
    for name, check in CHECKS.items():
        if names is not None and name not in names:
            continue
        try:
            check()
        except Exception as exc:  # any failure of a dependency means "fail", never a 500
            logger.warning("health check %s failed: %s", name, exc)
            results[name] = "fail"
        else:
            results[name] = "ok"
    failed = [name for name, outcome in results.items() if outcome != "ok"]
    return results, failed
