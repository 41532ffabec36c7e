"""The Celery application: one worker pool, one beat process, JSON messages only.

Configuration lives in settings.py under the CELERY_ prefix; the beat schedule is declared there.
"""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumut_mitra.settings")

app = Celery("sumut_mitra")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def record_heartbeat_on_start(sender=None, **kwargs):
    """Let the health check see a fresh worker at once, before beat's first heartbeat."""
    from sumut_mitra.services import heartbeat_record  # noqa: PLC0415 - loads before the apps

    heartbeat_record(name="worker")
