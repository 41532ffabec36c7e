from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumut_mitra.models import Heartbeat
from sumut_mitra.services import heartbeat_record

HEALTHZ = reverse("healthz")


@pytest.fixture
def fresh_worker(db):
    return heartbeat_record(name="worker")


@pytest.mark.django_db
def test_all_ok_answers_200(client, fresh_worker, throwaway_redis, settings):
    settings.CELERY_BROKER_URL = throwaway_redis.url
    response = client.get(HEALTHZ)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "worker": "ok"},
        "failed": [],
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_stale_worker_heartbeat_fails_naming_the_worker(client, throwaway_redis, settings):
    settings.CELERY_BROKER_URL = throwaway_redis.url
    Heartbeat.objects.create(
        name="worker", last_seen=timezone.now() - settings.WORKER_HEARTBEAT_MAX_AGE - timedelta(1)
    )
    response = client.get(HEALTHZ)
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]
    assert response.json()["checks"]["worker"] == "fail"


@pytest.mark.django_db
def test_no_heartbeat_yet_is_a_failure(client, throwaway_redis, settings):
    settings.CELERY_BROKER_URL = throwaway_redis.url
    response = client.get(HEALTHZ)
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]


@pytest.mark.django_db
def test_redis_down_fails_the_broker_while_pages_still_render(
    client, fresh_worker, throwaway_redis, settings
):
    settings.CELERY_BROKER_URL = throwaway_redis.url
    assert client.get(HEALTHZ).status_code == 200

    throwaway_redis.stop()

    response = client.get(HEALTHZ)
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["failed"] == ["broker"]
    assert response.json()["checks"] == {"database": "ok", "broker": "fail", "worker": "ok"}

    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Kemitraan industri Sumatera Utara" in home.content.decode()
    login = client.get(reverse("accounts:login"))
    assert login.status_code == 200


def test_healthz_refuses_other_methods(client):
    assert client.post(HEALTHZ).status_code == 405


@pytest.mark.django_db
def test_load_balancer_probe_can_ask_for_the_database_only(client):
    # No worker heartbeat at all: the full check fails, the web node's own check does not.
    assert client.get(HEALTHZ).status_code == 503
    response = client.get(HEALTHZ, {"check": "database"})
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}, "failed": []}


def test_unknown_check_name_is_a_clear_400(client):
    response = client.get(HEALTHZ, {"check": "database,kopi"})
    assert response.status_code == 400
    assert response.json()["error"] == "unknown check: kopi"
