import time

import pytest
from django.conf import settings

from sumut_mitra.celery import app
from sumut_mitra.models import Heartbeat
from sumut_mitra.tasks import record_heartbeat


def test_celery_speaks_json_only_with_time_limits():
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.task_acks_late


def test_beat_schedule_is_declared_in_code_and_names_real_tasks():
    schedule = app.conf.beat_schedule
    assert schedule == settings.CELERY_BEAT_SCHEDULE
    assert schedule["worker-heartbeat"]["task"] == "sumut_mitra.tasks.record_heartbeat"
    app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_heartbeat_task(celery_worker):
    Heartbeat.objects.all().delete()
    record_heartbeat.delay()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not Heartbeat.objects.filter(name="worker").exists():
        time.sleep(0.1)
    assert Heartbeat.objects.filter(name="worker").exists()
