"""Database connections: persistent only where a fixed pool of workers reuses them (issue 20).

The development server serves each browser connection in a thread of its own; with persistent
database connections every kept-alive browser connection pinned one PostgreSQL connection, until
the server refused everybody. These tests run the real programs' settings and the real
development server.
"""

import http.client
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import free_port

BASE_DIR = Path(__file__).resolve().parents[2]
CONNECTION_ENV = ("CONN_MAX_AGE", "CELERY_CONN_MAX_AGE", "SERVER_SOFTWARE")


def clean_env(**extra):
    env = {key: value for key, value in os.environ.items() if key not in CONNECTION_ENV}
    env.update(extra)
    return env


def database_settings_of(argv, **env):
    """The connection settings a program started as `argv` would run with."""
    code = (
        "import json, sys\n"
        f"sys.argv = {argv!r}\n"
        "from sumut_mitra import settings\n"
        "db = settings.DATABASES['default']\n"
        "print(json.dumps([settings.PROGRAM, db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'],\n"
        "                  db.get('DISABLE_SERVER_SIDE_CURSORS', False)]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        # The development server never keeps connections, even when CONN_MAX_AGE says so.
        (["manage.py", "runserver", "127.0.0.1:8000"], {"CONN_MAX_AGE": "600"}, ["runserver", 0]),
        (["manage.py", "runserver"], {}, ["runserver", 0]),
        # gunicorn keeps them by default, and as long as it is told.
        (
            ["gunicorn", "sumut_mitra.wsgi"],
            {"SERVER_SOFTWARE": "gunicorn/27.0.1"},
            ["gunicorn", 600],
        ),
        (
            ["gunicorn"],
            {"SERVER_SOFTWARE": "gunicorn/27.0.1", "CONN_MAX_AGE": "0"},
            ["gunicorn", 0],
        ),
        (
            ["gunicorn"],
            {"SERVER_SOFTWARE": "gunicorn/27.0.1", "CONN_MAX_AGE": "120"},
            ["gunicorn", 120],
        ),
        # Celery workers and beat: off unless CELERY_CONN_MAX_AGE says otherwise; the web's
        # CONN_MAX_AGE in a shared env file does not leak into them.
        (
            ["/srv/sumut-mitra/.venv/bin/celery", "-A", "sumut_mitra", "worker"],
            {"CONN_MAX_AGE": "600"},
            ["celery", 0],
        ),
        (
            ["/usr/lib/python3/site-packages/celery/__main__.py", "-A", "sumut_mitra", "beat"],
            {},
            ["celery", 0],
        ),
        (
            [".venv/bin/celery", "-A", "sumut_mitra", "worker"],
            {"CELERY_CONN_MAX_AGE": "60"},
            ["celery", 60],
        ),
        # Management commands and scripts: short-lived, nothing to keep.
        (["manage.py", "migrate"], {}, ["other", 0]),
    ],
)
def test_each_program_gets_its_connection_policy(argv, env, expected):
    program, max_age, health_checks, _ = database_settings_of(argv, **env)
    assert [program, max_age] == expected
    # Health checks go with every kept connection, so a restarted PostgreSQL is one reconnect.
    assert health_checks is (max_age != 0)


def test_server_side_cursors_can_be_turned_off_for_a_transaction_pooler():
    *_, disabled = database_settings_of(
        ["gunicorn"], SERVER_SOFTWARE="gunicorn/27.0.1", DISABLE_SERVER_SIDE_CURSORS="true"
    )
    assert disabled is True
    *_, default = database_settings_of(["gunicorn"], SERVER_SOFTWARE="gunicorn/27.0.1")
    assert default is False


def connections_named(application_name):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            [application_name],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def development_server(db):
    """`manage.py runserver` on a spare port against the test database, started with the
    CONN_MAX_AGE that used to be the default; every connection it opens is named, so the test can
    count them in pg_stat_activity."""
    port = free_port()
    application_name = f"devserver-{uuid.uuid4().hex[:12]}"
    db_settings = connection.settings_dict
    env = clean_env(
        DJANGO_DEBUG="true",
        CONN_MAX_AGE="600",
        DATABASE_URL=f"postgres://{db_settings['USER']}@{db_settings['HOST']}:"
        f"{db_settings['PORT']}/{db_settings['NAME']}",
        PGAPPNAME=application_name,
    )
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/healthz/?check=database")
            probe.getresponse().read()
            probe.close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"runserver did not start: {process.stderr.read()[-2000:]}")
            time.sleep(0.2)
    try:
        yield port, application_name
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_development_server_holds_no_connection_per_kept_alive_browser(development_server):
    port, application_name = development_server
    # 30 browser connections kept alive (as tabs, htmx and preconnects do), 300 requests in all,
    # to a page and to the database check; then, while every one of them is still open, count.
    browsers = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(30)]
    paths = [reverse("home"), f"{reverse('healthz')}?check=database"]
    answered = 0
    for round_number in range(10):
        for browser in browsers:
            browser.request("GET", paths[round_number % 2])
            response = browser.getresponse()
            body = response.read()
            assert response.status == 200, body[:500]
            # The server kept the connection open: this is the case that used to leak.
            assert response.getheader("Connection") != "close"
            answered += 1
    assert answered == 300
    try:
        open_now = connections_named(application_name)
        # Without the fix this was one per kept-alive browser connection: 30.
        assert open_now <= 2, f"{open_now} PostgreSQL connections held by the development server"
    finally:
        for browser in browsers:
            browser.close()


@pytest.mark.django_db
def test_healthz_detail_reports_connection_use_against_the_limit(client):
    plain = client.get(reverse("healthz"), {"check": "database"}).json()
    assert "detail" not in plain

    response = client.get(reverse("healthz"), {"check": "database", "detail": "1"})
    assert response.status_code == 200
    detail = response.json()["detail"]["database_connections"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        limit = int(cursor.fetchone()[0])
        cursor.execute("SHOW superuser_reserved_connections")
        reserved = int(cursor.fetchone()[0])
    assert detail["max_connections"] == limit
    assert detail["reserved_for_superusers"] == reserved
    assert detail["available_to_applications"] == limit - reserved
    # This test's own connection is one of them.
    assert 1 <= detail["this_database"] <= detail["in_use"] <= limit
    assert detail["use"] == round(detail["in_use"] / (limit - reserved), 3)
    assert detail["near_limit"] is (detail["in_use"] >= 0.9 * (limit - reserved))
