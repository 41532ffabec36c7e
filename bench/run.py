"""`make bench`: every page of bench/pages.py under load, beside the floor.

gunicorn serves the portal as in production (DEBUG off, manifest static files, persistent
database connections) on a free port of 127.0.0.1; wrk loads one page at a time with the
session of the page's role; the floor (one `SELECT 1` through the whole middleware stack) is
measured before and after each round, and every page is reported as a fraction of it. An
in-process pass with Django's test client counts each page's queries and their time.

    .venv/bin/python -m bench.run --quick                       # 3 s a page
    .venv/bin/python -m bench.run --pages 'forums.*' --duration 20
    .venv/bin/python -m bench.run --database-url postgres://postgres@127.0.0.1/sumut_mitra_bench
"""

import argparse
import contextlib
import http.client
import json
import logging
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:  # run as a script (python bench/run.py)
    sys.path.insert(0, str(BASE_DIR))

from bench import FLOOR_URL  # noqa: E402 - needs the path above; imports no Django

HOST = "127.0.0.1"  # the only address the benchmark ever loads
LOCAL_DATABASE_HOSTS = {"", "127.0.0.1", "localhost", "::1"}
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sumut_mitra_scale"
REPORTER = BASE_DIR / "bench" / "report.lua"
# A page passes when its throughput is at least this share of the floor's, and its p95 latency
# is under P95_LIMIT_MS, without errors.
TARGETS = {"public": 0.5, "signed-in": 0.25}
P95_LIMIT_MS = 100
IN_PROCESS_RUNS = 3
# The floor is measured again after this many pages.
FLOOR_EVERY = 6


class BenchError(Exception):
    """A reason to stop that needs no traceback."""


# --- Options --------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="make bench BENCH_ARGS=...",
        description="Benchmark every page beside the floor (see bench/README.md).",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL,
        help="the database to read (a local one only; default: %(default)s, from seed_scale)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load a page [10]")
    parser.add_argument("--quick", action="store_true", help="3 seconds a page, to try it out")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections [16]")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads [2]")
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated page names or patterns (e.g. 'forums.*,home'); default: all",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument(
        "--worker-class",
        choices=["sync", "gthread", "both"],
        default="both",
        help="one round with this worker class, or a sync and a gthread round [both]",
    )
    parser.add_argument("--threads", type=int, default=4, help="threads a gthread worker [4]")
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="where to write the results (default: var/bench/<timestamp>.json)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve pages without the page cache (what a visitor gets right after a write to "
        "what the page shows); by default gunicorn runs as in production, with it",
    )
    parser.add_argument(
        "--skip-http", action="store_true", help="only the in-process pass (queries, SQL time)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.duration = 3
    if args.duration < 1 or args.connections < 1 or args.workers < 1 or args.threads < 1:
        parser.error("durations, connections, workers and threads must be at least 1")
    args.patterns = [p.strip() for p in args.pages.split(",") if p.strip()]
    return args


def check_database_url(url):
    import dj_database_url

    config = dj_database_url.parse(url)
    if config.get("HOST", "") not in LOCAL_DATABASE_HOSTS:
        raise BenchError(
            f"The benchmark writes sessions and loads the database hard: it only runs against a "
            f"database on this machine, not {config.get('HOST')}."
        )
    return config


# --- Django in this process -----------------------------------------------------------------------


def production_environment(database_url, static_root, secret_key, *, page_cache=True):
    """The environment of a production web node, for gunicorn and for this process alike (the
    sessions made here must be valid there: same database, same SECRET_KEY)."""
    env = dict(os.environ)
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sumut_mitra.settings",
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": secret_key,
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "CONN_MAX_AGE": "600",
            # wrk is one client asking thousands of times a second: the API's limit per client
            # would answer 429 to all but the first; the limit is measured by its own tests.
            "API_RATE_ANONYMOUS": "100000000/minute",
            "API_RATE_TOKEN": "100000000/minute",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(BASE_DIR), env.get("PYTHONPATH")])),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def setup_django(env):
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as error:  # noqa: BLE001 - any connection failure reads the same
        raise BenchError(
            f"Cannot open the database ({error}). Fill it with `manage.py seed_scale --factor 1` "
            f"or pass --database-url (see bench/README.md)."
        ) from error
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in unapplied[:5])
        raise BenchError(
            f"{connection.settings_dict['NAME']} lacks migrations ({names}): run "
            f"`DATABASE_URL=... manage.py migrate` first, or pages would fail for that alone."
        )


def collect_static():
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def machine():
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    import django
    import gunicorn

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "postgresql": postgres,
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "",
        "os": platform.platform(),
    }


def dataset():
    from django.contrib.sessions.models import Session
    from django.db import connection

    from accounts.models import User
    from agencies.models import Agency, Capability, Membership
    from forums.models import Reply, Submission
    from notifications.models import Notification
    from partnerships.models import Agreement, Milestone, Party
    from trainings.models import Certificate, Registration, Training

    models = [
        User,
        Agency,
        Membership,
        Capability,
        Agreement,
        Party,
        Milestone,
        Training,
        Registration,
        Certificate,
        Submission,
        Reply,
        Notification,
        Session,
    ]
    counts = {model._meta.db_table: model.objects.count() for model in models}
    return {"database": connection.settings_dict["NAME"], "rows": counts}


# --- Sessions -------------------------------------------------------------------------------------


def open_sessions(users):
    """A logged-in session for each signed-in role, made directly (no login form, no lockout
    bookkeeping); `close_sessions` deletes them again."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = {}
    for role, user in users.items():
        if user is None:
            continue
        store = SessionStore()
        store[SESSION_KEY] = user._meta.pk.value_to_string(user)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys[role] = store.session_key
    return keys


def close_sessions(keys):
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key__in=list(keys.values())).delete()


def cookie_header(session_key):
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={session_key}" if session_key else ""


# --- The pages, resolved and measured in this process ---------------------------------------------


def resolve(pages, ctx):
    """Each page's Target, or the reason it could not be resolved."""
    resolved = {}
    for page in pages:
        try:
            resolved[page.name] = (page.resolve(ctx), None)
        except Exception as error:  # noqa: BLE001 - reported per page, the others still run
            resolved[page.name] = (None, f"cannot resolve: {error.__class__.__name__}: {error}")
    return resolved


class QueryTimer:
    """Times every query of the default connection (connection.queries keeps only ms)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def in_process(url, session_key):
    """Render `url` with Django's test client: status, HTML, queries, SQL ms, wall ms."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    client.get(url)  # warm: templates, translations, the connection
    runs = []
    for _ in range(IN_PROCESS_RUNS):
        timer = QueryTimer()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
            start = time.perf_counter()
            response = client.get(url)
            wall = time.perf_counter() - start
        runs.append((response, len(captured), timer.seconds * 1000, wall * 1000, captured))
    response, queries, _sql, _wall, captured = runs[-1]
    return {
        "status": response.status_code,
        "html": response.content.decode("utf-8", "replace"),
        "location": response.get("Location", ""),
        "queries": queries,
        "queries_each_run": [run[1] for run in runs],
        "sql_ms": round(statistics.median(run[2] for run in runs), 2),
        "wall_ms": round(statistics.median(run[3] for run in runs), 2),
        "slowest_queries": [
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:300]}
            for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
        ],
    }


def check_render(target, status, html, location=""):
    """The reason a rendered page is broken, or None."""
    if status != 200:
        where = f" to {location}" if location else ""
        return f"HTTP {status}{where}"
    missing = target.missing(html)
    if missing:
        return "missing on the page: " + "; ".join(repr(text)[:80] for text in missing)
    return None


def in_process_pass(pages, resolved, sessions):
    """Queries and SQL time of rendering each page: without the shared page cache, which would
    answer anonymous visitors' pages with no query at all."""
    from django.test import override_settings

    # A failing page's traceback goes into the results, not over the progress lines.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.CRITICAL)
    try:
        with override_settings(PAGE_CACHE_SECONDS=0):
            return _in_process_pass(pages, resolved, sessions)
    finally:
        request_log.setLevel(level)


def _in_process_pass(pages, resolved, sessions):
    results = {}
    for page in pages:
        target, error = resolved[page.name]
        result = {"url": target.url if target else None, "error": error}
        if target is not None:
            try:
                measured = in_process(target.url, sessions.get(page.role))
            except Exception as exc:  # noqa: BLE001 - a page that raises is reported, not fatal
                result["error"] = f"raised {exc.__class__.__name__}: {exc}"
                result["traceback"] = traceback.format_exc(limit=-12)
            else:
                html = measured.pop("html")
                result["error"] = check_render(
                    target, measured["status"], html, measured["location"]
                )
                result.update(measured)
        results[page.name] = result
        mark = "ok" if not result["error"] else f"BROKEN: {result['error']}"
        numbers = (
            f"{result['queries']:>4} queries {result['sql_ms']:>7.1f} ms SQL "
            f"{result['wall_ms']:>7.1f} ms in all"
            if "queries" in result
            else f"{'-':>4} queries {'':>30}"
        )
        print(f"  {page.name:<32} {numbers}  {mark}", flush=True)
    return results


# --- gunicorn and wrk -----------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with bench.wsgi (the portal plus the floor) on 127.0.0.1, stopped for sure."""

    def __init__(self, env, workdir, *, worker_class, workers, threads):
        self.env = env
        self.port = free_port()
        # gunicorn's own log and the workers' (Django logs a failing request's traceback there).
        self.log = Path(workdir) / f"gunicorn-{worker_class}.log"
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--worker-class={worker_class}",
            f"--workers={workers}",
            # As deploy/systemd/sumut-mitra-web.service, without the access log (its writes
            # would be measured too) and without max-requests (restarts would be).
            "--timeout=60",
            "--graceful-timeout=5",
            "--keep-alive=5",
            "--no-control-socket",
            "--error-logfile=-",
            "--log-level=warning",
        ]
        if worker_class == "gthread":
            self.command.append(f"--threads={threads}")
        # How many requests it works on at once: one a worker process (a gthread worker's
        # threads share its one interpreter, so for work that is Python and SQL on this
        # machine's cores, its threads do not add to how many run at once).
        self.slots = workers
        self.process = None

    def start(self, timeout=60):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl+C reaches us; we stop it in `stop`
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited at start:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                status, _body, _headers = fetch(self.port, FLOOR_URL)
                if status == 200:
                    return self
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer within {timeout} s:\n{self.log_tail()}")

    def settle(self, timeout=120):
        """Wait until requests still queued from the last load are answered (the floor answers
        again), so that they do not weigh on the next measurement."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, http.client.HTTPException):
                if fetch(self.port, FLOOR_URL, timeout=timeout)[0] == 200:
                    return
            time.sleep(0.2)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGTERM)  # the master drains its workers
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_size(self):
        with contextlib.suppress(OSError):
            return self.log.stat().st_size
        return 0

    def log_tail(self, lines=30, since=0):
        with contextlib.suppress(OSError), self.log.open("rb") as log:
            log.seek(since)
            text = log.read().decode("utf-8", "replace")
            return "\n".join(text.splitlines()[-lines:]) or "(nothing logged)"
        return "(no log)"


def fetch(port, url, cookie="", timeout=65):
    """One GET (redirects not followed): status, body, headers. gunicorn gives up on a request
    after 60 s."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", url, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), response.headers
    finally:
        connection.close()


def _indent(text, prefix):
    return "\n".join(prefix + line for line in text.splitlines())


def _rotating_script(paths, directory):
    """A wrk script asking for each of `paths` in turn (each thread from its own place in the
    list, so no two ask for the same one), reporting as REPORTER does."""
    script = directory / "rotate.lua"
    listed = ",\n".join(json.dumps(path) for path in paths)  # JSON strings are Lua strings
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "local threads = 0\n"
        "setup = function(thread) thread:set('offset', threads); threads = threads + 1 end\n"
        "local asked = 0\n"
        "request = function()\n"
        "  local at = (offset * 7919 + asked) % #paths + 1\n"
        "  asked = asked + 1\n"
        "  return wrk.format(nil, paths[at])\n"
        "end\n"
        f"dofile({json.dumps(str(REPORTER))})\n"
    )
    return script


def wrk(port, url, *, cookie, duration, connections, threads, paths=()):
    """wrk on `url`, or on each of `paths` in turn when given."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as directory:
        script = _rotating_script(paths, Path(directory)) if paths else REPORTER
        return _wrk(port, url, script, cookie, duration, connections, threads)


def _wrk(port, url, script, cookie, duration, connections, threads):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout=10s",
        "-s",
        str(script),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://{HOST}:{port}{url}")
    finished = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    for line in finished.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            raw = json.loads(line.removeprefix("BENCH-RESULT "))
            break
    else:
        raise BenchError(f"wrk said:\n{finished.stdout}\n{finished.stderr}")
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "non_2xx_3xx": raw["non_2xx_3xx"],
        "socket_errors": raw["connect_errors"]
        + raw["read_errors"]
        + raw["write_errors"]
        + raw["timeouts"],
    }


def measure_page(server, target, cookie, *, load, warm):
    """Check the page once over HTTP, warm it up, load it; the numbers, or an error."""
    logged = server.log_size()
    status, body, headers = fetch(server.port, target.url, cookie)
    problem = check_render(target, status, body, headers.get("Location", ""))
    if problem:
        return {"error": f"over HTTP: {problem}", "server_log": server.log_tail(since=logged)}
    if target.variants:
        # Pages nobody asked for yet: warmed on the first one (the code, not its answers), then
        # loaded with each variant once: half of them under the load (the throughput), the
        # other half one request per worker (how long one takes: a search's own latency, not
        # the queue that 16 connections on 2 workers make).
        wrk(server.port, target.url, cookie=cookie, **warm)
        server.settle()
        half = len(target.variants) // 2
        loaded, alone = target.variants[:half], target.variants[half:]
        measured = wrk(server.port, target.url, cookie=cookie, paths=loaded, **load)
        server.settle()
        slots = server.slots
        one_each = {**load, "connections": slots, "threads": min(load["threads"], slots)}
        by_itself = wrk(server.port, target.url, cookie=cookie, paths=alone, **one_each)
        for paths, numbers in ((loaded, measured), (alone, by_itself)):
            if numbers["requests"] > len(paths):
                return {"error": f"{numbers['requests']} requests, {len(paths)} variants"}
        alone_numbers = {"connections": slots, **by_itself}
        return {"page_cache": "fresh", **measured, "alone": alone_numbers}
    wrk(server.port, target.url, cookie=cookie, **warm)
    server.settle()
    # Whether the load is answered from the shared page cache (core/pagecache.py).
    page_cache = fetch(server.port, target.url, cookie)[2].get("X-Page-Cache", "")
    return {"page_cache": page_cache, **wrk(server.port, target.url, cookie=cookie, **load)}


def run_round(env, workdir, pages, resolved, sessions, measured, args, worker_class):
    """One gunicorn configuration: floor, every page with the floor again every FLOOR_EVERY
    pages, floor at the end."""
    threads = args.threads if worker_class == "gthread" else 1
    label = f"{worker_class}, {args.workers} workers" + (
        f" x {threads} threads" if worker_class == "gthread" else ""
    )
    print(f"\nRound: gunicorn {label}", flush=True)
    server = Server(
        env, workdir, worker_class=worker_class, workers=args.workers, threads=args.threads
    )
    load = {
        "duration": args.duration,
        "connections": args.connections,
        "threads": args.wrk_threads,
    }
    warm = {**load, "duration": 1 if args.quick else 2}
    results = {}
    try:
        server.start()
        wrk(server.port, FLOOR_URL, cookie="", **warm)
        floor_before = wrk(server.port, FLOOR_URL, cookie="", **load)
        print(f"  floor before: {floor_before['rps']:.0f} req/s", flush=True)
        floors = [floor_before["rps"]]
        groups = []  # the pages measured between two floors
        for index, page in enumerate(pages):
            if index and index % FLOOR_EVERY == 0:
                floors.append(wrk(server.port, FLOOR_URL, cookie="", **load)["rps"])
                print(f"  floor:        {floors[-1]:.0f} req/s", flush=True)
            if index % FLOOR_EVERY == 0:
                groups.append([])
            groups[-1].append(page.name)
            target, _error = resolved[page.name]
            result = {"error": measured[page.name]["error"]}
            results[page.name] = result
            if target is None or result["error"]:
                continue
            cookie = cookie_header(sessions.get(page.role))
            try:
                result.update(measure_page(server, target, cookie, load=load, warm=warm))
            except (OSError, http.client.HTTPException) as error:
                result["error"] = f"over HTTP: no answer ({error.__class__.__name__}: {error})"
            if result["error"]:
                print(f"  {page.name:<32} BROKEN: {result['error']}", flush=True)
                print(_indent(result.get("server_log", ""), "      "), flush=True)
            else:
                print(
                    f"  {page.name:<32} {result['rps']:>8.0f} req/s  p95 {result['p95_ms']:.1f} ms",
                    flush=True,
                )
            server.settle()
        floor_after = wrk(server.port, FLOOR_URL, cookie="", **load)
        print(f"  floor after:  {floor_after['rps']:.0f} req/s", flush=True)
    finally:
        server.stop()
    floors.append(floor_after["rps"])
    floor = statistics.mean(floors)
    # Each page beside the floors measured just before and just after its group: the machine's
    # speed drifts over a round (other work on a shared host), and a page should not pay for it.
    for number, names in enumerate(groups):
        nearby = (floors[number] + floors[number + 1]) / 2
        for name in names:
            result = results[name]
            if "rps" in result and nearby:
                result["floor_rps"] = round(nearby, 1)
                result["ratio"] = round(result["rps"] / nearby, 3)
    return {
        "worker_class": worker_class,
        "workers": args.workers,
        "threads": threads,
        "label": label,
        "floor_before": floor_before,
        "floor_after": floor_after,
        "floors": floors,
        "floor_rps": round(floor, 1),
        "pages": results,
    }


# --- The verdict ----------------------------------------------------------------------------------


def judge(pages, round_):
    for page in pages:
        result = round_["pages"][page.name]
        target, passed, reasons = verdict(page, result)
        result.update({"target": target, "passed": passed, "reasons": reasons})


def verdict(page, result):
    """(target text, passed, reasons). A page of fresh variants (`alone` measured: searches
    nobody made before) is held to the latency of one request when each has a worker: its
    work cannot come from the page cache, and no work a page does reaches half of the floor's
    SELECT 1; under 16 connections its p95 is the queue's (its throughput is shown)."""
    if "alone" in result:
        return _fresh_verdict(result)
    share = TARGETS[page.kind]
    target = f">={share:.2f} floor, p95<{P95_LIMIT_MS}"
    if result.get("error"):
        return target, False, [result["error"]]
    reasons = []
    if result.get("ratio", 0) < share:
        reasons.append(f"{result.get('ratio', 0):.2f} of the floor")
    if result.get("p95_ms", 0) >= P95_LIMIT_MS:
        reasons.append(f"p95 {result['p95_ms']:.0f} ms")
    reasons += _errors(result)
    return target, not reasons, reasons


def _fresh_verdict(result):
    alone = result["alone"]
    reasons = []
    if alone["p95_ms"] >= P95_LIMIT_MS:
        reasons.append(f"p95 {alone['p95_ms']:.0f} ms, one request a worker")
    reasons += _errors(result) + _errors(alone)
    return f"p95<{P95_LIMIT_MS}, 1 a worker", not reasons, reasons


def _errors(result):
    if result.get("non_2xx_3xx") or result.get("socket_errors"):
        return [f"{result['non_2xx_3xx']} error responses, {result['socket_errors']} socket"]
    return []


COLUMNS = [
    ("page", "<", 32),
    ("kind", "<", 9),
    ("req/s", ">", 8),
    ("p50 ms", ">", 7),
    ("p95 ms", ">", 7),
    ("p99 ms", ">", 7),
    ("non-2xx", ">", 7),
    ("÷floor", ">", 6),
    ("queries", ">", 7),
    ("SQL ms", ">", 7),
    ("cache", "<", 5),
    ("target", "<", 21),
    ("", "<", 4),
]


def _row(values):
    return "  ".join(
        f"{str(v):{align}{width}}" for v, (_n, align, width) in zip(values, COLUMNS, strict=True)
    )


def table(pages, round_, measured):
    lines = [
        f"gunicorn {round_['label']}: floor {round_['floor_before']['rps']:.0f} req/s before, "
        f"{round_['floor_after']['rps']:.0f} after (mean {round_['floor_rps']:.0f} of "
        f"{len(round_['floors'])}, measured every {FLOOR_EVERY} pages; each page is divided by "
        f"the floors on either side of it)",
        _row([name for name, _a, _w in COLUMNS]),
        _row(["-" * width for _n, _a, width in COLUMNS]),
    ]
    failures = []
    for page in pages:
        result = round_["pages"][page.name]
        inproc = measured[page.name]
        passed, reasons = result["passed"], result["reasons"]
        if "rps" in result:
            numbers = [
                f"{result['rps']:.0f}",
                f"{result['p50_ms']:.1f}",
                f"{result['p95_ms']:.1f}",
                f"{result['p99_ms']:.1f}",
                result["non_2xx_3xx"],
                f"{result.get('ratio', 0):.2f}",
            ]
        else:
            numbers = ["-"] * 6
        lines.append(
            _row(
                [
                    page.name,
                    page.kind,
                    *numbers,
                    inproc.get("queries", "-"),
                    f"{inproc['sql_ms']:.1f}" if "sql_ms" in inproc else "-",
                    result.get("page_cache", ""),
                    result["target"],
                    "pass" if passed else "FAIL",
                ]
            )
        )
        if alone := result.get("alone"):
            lines.append(
                f"  {'':<30}one request a worker ({alone['connections']} at once): "
                f"{alone['rps']:.0f} req/s, p50 {alone['p50_ms']:.1f}, p95 {alone['p95_ms']:.1f}, "
                f"p99 {alone['p99_ms']:.1f} ms, {alone['non_2xx_3xx']} errors"
            )
        if not passed:
            failures.append(f"  {page.name}: {'; '.join(reasons)}")
    passed_count = len(pages) - len(failures)
    lines.append(f"{passed_count} of {len(pages)} pages meet their target.")
    if failures:
        lines += ["Not met:", *failures]
    return "\n".join(lines)


def print_header(info, data, args, pages):
    print(
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; "
        f"PostgreSQL {info['postgresql']}; Python {info['python']}, Django {info['django']}, "
        f"gunicorn {info['gunicorn']}; {info['wrk']}"
    )
    rows = ", ".join(f"{table.split('_', 1)[-1]} {n:,}" for table, n in data["rows"].items())
    print(f"Data set ({data['database']}): {rows}")
    print(
        f"Load: wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s, "
        f"{len(pages)} pages"
    )


# --- Main -----------------------------------------------------------------------------------------


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    args = parse_args(argv)
    if not args.skip_http and shutil.which("wrk") is None:
        raise BenchError(
            "wrk is not installed: run `make bench` (it installs Debian's wrk when it may) or "
            "`sudo apt-get install wrk`."
        )
    check_database_url(args.database_url)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    # Ctrl+C stops the run cleanly, also when started from a shell that ignores it (`cmd &`).
    signal.signal(signal.SIGINT, signal.default_int_handler)

    workdir = tempfile.mkdtemp(prefix="sumut-mitra-bench-")
    sessions = {}
    try:
        env = production_environment(
            args.database_url,
            Path(workdir) / "static",
            secrets.token_urlsafe(50),
            page_cache=not args.no_page_cache,
        )
        setup_django(env)
        from bench.pages import Context, find_users, select

        pages = select(args.patterns)
        info, data = machine(), dataset()
        print_header(info, data, args, pages)

        users = find_users()
        print("Roles: " + ", ".join(f"{r} {u.email}" for r, u in users.items() if u))
        sessions = open_sessions(users)
        resolved = resolve(pages, Context(users))

        # DEBUG off: templates need the manifest of collected static files.
        print("Collecting static files ...", flush=True)
        collect_static()
        print("\nIn-process pass (Django test client, DEBUG off):", flush=True)
        measured = in_process_pass(pages, resolved, sessions)

        rounds = []
        if not args.skip_http:
            classes = ["sync", "gthread"] if args.worker_class == "both" else [args.worker_class]
            for worker_class in classes:
                rounds.append(
                    run_round(env, workdir, pages, resolved, sessions, measured, args, worker_class)
                )

        print()
        for round_ in rounds:
            judge(pages, round_)
            print(table(pages, round_, measured))
            print()
        report = {
            "started": datetime.now().isoformat(timespec="seconds"),
            "machine": info,
            "dataset": data,
            "load": {
                "duration_s": args.duration,
                "connections": args.connections,
                "wrk_threads": args.wrk_threads,
            },
            "targets": {"share_of_floor": TARGETS, "p95_ms_under": P95_LIMIT_MS},
            "pages": [
                {
                    "name": page.name,
                    "kind": page.kind,
                    "role": page.role,
                    **measured[page.name],
                }
                for page in pages
            ],
            "rounds": rounds,
        }
        path = args.json or BASE_DIR / "var" / "bench" / f"{datetime.now():%Y%m%d-%H%M%S}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"Results: {path}")
        broken = [name for name, result in measured.items() if result["error"]]
        broken += [
            name
            for round_ in rounds
            for name, result in round_["pages"].items()
            if result.get("error") and name not in broken
        ]
        return 1 if broken else 0
    finally:
        if sessions:
            with contextlib.suppress(Exception):
                close_sessions(sessions)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("\nbench: interrupted; gunicorn is stopped.", file=sys.stderr)
        sys.exit(130)
