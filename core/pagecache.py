"""Whole pages served from the shared cache (Redis), made obsolete table by table.

Who gets a stored page:
- A visitor who is not signed in, has no session and no pending messages gets the page stored
  for every such visitor: nothing personal can be in it.
- A signed-in person gets only a page stored for that same person in the same state: the key
  holds their id and a digest of their account row and of everything their session holds
  besides the log-in keys (the forum submissions this browser proved it sent, say). Nobody ever
  gets a page rendered for somebody else.
The key also holds the address with its query string, the language and the htmx variant (full
page, results only, history restore).

What keeps it true: every table has a version number in Redis, raised once a transaction that
wrote to the table commits. Writes are seen where every ORM path meets, the database cursor
(save, update, bulk_create, delete, raw SQL alike), and the number is raised only after the
commit. While a page renders, the cursor notes every table its queries read; the page is stored
with the versions those tables had *before* it began rendering and served only while every one
of them still holds. So a reply in a forum leaves the cached agreement lists alone, and a page
rendered from data that changed while it rendered is never served as current. A page that wrote
anything, read a table without a version, set a cookie, changed the session or answered other
than 200 is not stored. `PAGE_CACHE_SECONDS` bounds what changes with the clock alone
(deadlines, "upcoming" lists, registration windows).

CSRF and create forms: a stored page keeps no visitor's token. The CSRF token inputs and the
create forms' one-time tokens (core.once) are stored as markers; each visitor gets their own CSRF
token, and a fresh one-time token in each form, filled in each time the page is served.

Redis down: pages render as if there were no cache; after a failure the cache is left alone for
`PAGE_CACHE_RETRY_SECONDS`, so a dead Redis costs one failed attempt per process, not one per
request.

`remember(name, compute)` keeps one costly figure (a list's count) the same way.
"""

import contextlib
import contextvars
import hashlib
import logging
import re
import secrets
import time
from functools import cache, wraps

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token

from . import once

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version:{}"
TOKEN_MARKER = b"__pagecache_csrf_token__"
TOKEN_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
ONCE_MARKER = b"__pagecache_once_token__"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
MESSAGES_SESSION_KEY = "_messages"  # and its SessionStorage
LOG_IN_KEYS = frozenset({SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY})
HEADER = "X-Page-Cache"
STATE = "page_cache_state"
ANYONE = "anyone"
READ = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY)\s+"?(\w+)', re.IGNORECASE)
TRUNCATE = re.compile(r"\s*TRUNCATE(?:\s+TABLE)?\s+(?:ONLY\s+)?\"?(\w+)", re.IGNORECASE)
QUOTED = re.compile(r'"(\w+)"')

_unavailable_until = 0.0


class Unavailable(Exception):
    """The cache could not be reached; the caller renders without it."""


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def call(method, *args, **kwargs):
    """`method` of the shared cache, or `Unavailable` at once while it is known not to answer
    (PAGE_CACHE_RETRY_SECONDS after it failed): one failure per process, not one per request."""
    global _unavailable_until
    if time.monotonic() < _unavailable_until:
        raise Unavailable
    try:
        return getattr(_cache(), method)(*args, **kwargs)
    except ValueError:  # incr() of a missing key: an answer, not a failure
        raise
    except Exception as exc:  # any failure of the cache server means "no cache", never a 500
        _unavailable_until = time.monotonic() + settings.PAGE_CACHE_RETRY_SECONDS
        logger.warning("page cache unavailable (%s); pages render without it", exc)
        raise Unavailable from exc


# --- Versions ---------------------------------------------------------------------------------


@cache
def _tables():
    """Every table of an installed model, many-to-many tables included."""
    return tuple(sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)}))


@cache
def _account_tables():
    """What a signed-in person's rights are read from before a view runs (groups, permissions)."""
    user = get_user_model()
    tables = set()
    for name in ("groups", "user_permissions"):
        field = getattr(user, name, None)
        if field is not None:
            tables |= {field.through._meta.db_table, field.rel.model._meta.db_table}
    return frozenset(tables)


def versions(tables=None):
    """{table: version} of `tables` (default: every table), in one round trip. A missing version
    (first start, eviction, a flushed Redis) starts at a random number, so nothing stored under
    an earlier one is ever taken for current."""
    keys = {VERSION_KEY.format(table): table for table in (_tables() if tables is None else tables)}
    if not keys:
        return {}
    found = call("get_many", list(keys))
    missing = [key for key in keys if key not in found]
    for key in missing:
        call("add", key, secrets.randbits(48), timeout=None)
    if missing:
        found.update(call("get_many", missing))
    return {table: found.get(key) for key, table in keys.items()}


def _current(entry, snapshot=None):
    """Whether a stored page or figure still holds: every table it was made from has the
    version it had then (compared with `snapshot` when there is one, otherwise asked for)."""
    dependencies = entry["dependencies"]
    if snapshot is None or not dependencies.keys() <= snapshot.keys():
        snapshot = versions(dependencies)
    return all(snapshot.get(table) == version for table, version in dependencies.items())


# Which tables the page stored under a key was made from, as this process last saw: the versions
# of these are fetched together with the page, so a hit costs one round trip. Table names only.
_seen_dependencies = {}
SEEN_DEPENDENCIES_MAX = 10_000


def _fetch(key):
    """The record under `key` and the versions of the tables it was last seen to depend on."""
    tables = _seen_dependencies.get(key, ())
    version_keys = {VERSION_KEY.format(table): table for table in tables}
    found = call("get_many", [key, *version_keys])
    seen = {table: found[name] for name, table in version_keys.items() if name in found}
    return found.get(key), seen


def _saw(key, dependencies):
    if len(_seen_dependencies) >= SEEN_DEPENDENCIES_MAX:
        _seen_dependencies.clear()
    _seen_dependencies[key] = tuple(dependencies)


def _raise_versions(tables):
    try:
        for table in tables:
            key = VERSION_KEY.format(table)
            try:
                call("incr", key)
            except ValueError:  # no version yet: the next reader starts a fresh one anyway
                call("add", key, secrets.randbits(48), timeout=None)
    except Unavailable:
        pass


class _RaiseOnCommit:
    """The on_commit callback of one transaction: raises each table it wrote, once."""

    def __init__(self):
        self.tables = set()

    def __call__(self):
        _raise_versions(self.tables)


def _written(sql):
    match = WRITE.match(sql)
    if match:
        return {match[1]}
    match = TRUNCATE.match(sql)
    if match:
        return set(QUOTED.findall(sql)) or {match[1]}
    return set()


def _after_commit(connection, tables):
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _RaiseOnCommit):
            callback.tables |= tables
            return
    callback = _RaiseOnCommit()
    callback.tables |= tables
    # Outside a transaction (autocommit) on_commit runs it at once.
    transaction.on_commit(callback, using=connection.alias)


# --- What a rendering reads -------------------------------------------------------------------


class _Reading:
    """The tables read, and whether anything was written, while one page or figure is made;
    `versions` is the snapshot taken before it began."""

    __slots__ = ("tables", "versions", "wrote")

    def __init__(self, versions):
        self.tables = set()
        self.versions = versions
        self.wrote = False

    def dependencies(self):
        """{table: version} of what was read, or None when it cannot be stored."""
        if self.wrote or not self.tables <= self.versions.keys():
            return None
        return {table: self.versions[table] for table in self.tables}


_readings = contextvars.ContextVar("pagecache_readings", default=())


@contextlib.contextmanager
def _reading(snapshot):
    reading = _Reading(snapshot)
    token = _readings.set((*_readings.get(), reading))
    try:
        yield reading
    finally:
        _readings.reset(token)


def watch_statements(sender, connection, **kwargs):
    """`connection_created` receiver: look at every statement this connection runs."""
    if _on_statement not in connection.execute_wrappers:
        connection.execute_wrappers.append(_on_statement)


def _on_statement(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if settings.PAGE_CACHE_SECONDS and isinstance(sql, str):
        readings = _readings.get()
        written = _written(sql)
        if written:
            _after_commit(context["connection"], written)
            for reading in readings:
                reading.wrote = True
        elif readings:
            read = READ.findall(sql)
            for reading in readings:
                reading.tables.update(read)
    return result


def remember(name, compute):
    """`compute()` once for as long as the tables it reads stay unchanged (and at most
    PAGE_CACHE_SECONDS), for a costly figure such as a list's count. `name` must say everything
    else the figure depends on (a query's SQL and parameters, say). Never None."""
    if not settings.PAGE_CACHE_SECONDS:
        return compute()
    key = "pagecache:memo:" + hashlib.sha256(name.encode()).hexdigest()
    outer = _readings.get()
    # Within a page, its snapshot (taken before it began) is the one to compare with.
    snapshot = outer[-1].versions if outer else None
    try:
        entry = call("get", key)
        if entry is not None and _current(entry, snapshot):
            for reading in outer:  # the page depends on what the figure was made from
                reading.tables.update(entry["dependencies"])
            return entry["value"]
        if snapshot is None:
            snapshot = versions()
    except Unavailable:
        return compute()
    with _reading(snapshot) as reading:
        value = compute()
    dependencies = reading.dependencies()
    if dependencies is not None:
        with contextlib.suppress(Unavailable):
            entry = {"value": value, "dependencies": dependencies}
            call("set", key, entry, timeout=settings.PAGE_CACHE_SECONDS)
    return value


LATEST_KEY = "pagecache:latest:{}"
LATEST_KEEP_SECONDS = 7 * 24 * 3600


def keep_latest(name, compute, *, refresh, seconds, refresh_every, fresh=False):
    """Figures too costly to make while a visitor waits (a province's statistics), which may lag
    behind the data for a moment: returns (value, made_at).

    The first call makes them here. Later calls get the last ones made, also once a table they
    were made from has changed or they are older than `seconds`; then `refresh()` is called, at
    most once every `refresh_every` seconds across all processes, to make the next ones in the
    background, by calling this again with `fresh=True`. So a page shows figures that are at
    most a refresh (and a stored page's PAGE_CACHE_SECONDS) behind, says when they were made,
    and never waits for them after the first time. Without the cache (or with
    PAGE_CACHE_SECONDS at 0), they are made each time."""
    if not settings.PAGE_CACHE_SECONDS:
        return compute(), time.time()
    key = LATEST_KEY.format(hashlib.sha256(name.encode()).hexdigest())
    try:
        entry = None if fresh else call("get", key)
        if entry is not None:
            # A page showing them is made obsolete by the writes that obsolete them; it may
            # still show them up to PAGE_CACHE_SECONDS after new ones are made.
            for reading in _readings.get():
                reading.tables.update(entry["dependencies"])
            age = time.time() - entry["made_at"]
            stale = age > seconds or not _current(entry)
            if stale and call("add", key + ":refresh", 1, timeout=refresh_every):
                refresh()
            return entry["value"], entry["made_at"]
        snapshot = versions()
    except Unavailable:
        return compute(), time.time()
    made_at = time.time()
    with _reading(snapshot) as reading:
        value = compute()
    dependencies = reading.dependencies()
    if dependencies is not None:
        with contextlib.suppress(Unavailable):
            entry = {"value": value, "dependencies": dependencies, "made_at": made_at}
            call("set", key, entry, timeout=LATEST_KEEP_SECONDS)
    return value, made_at


# --- Pages ------------------------------------------------------------------------------------


def _visitor(request):
    """Whose stored pages this request may get: ANYONE's, one person's own, or None (none)."""
    if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
        return None
    if MESSAGES_COOKIE in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None if settings.SESSION_COOKIE_NAME in request.COOKIES else ANYONE
    session = request.session
    if session.get(MESSAGES_SESSION_KEY):
        return None
    account = [
        (field.attname, getattr(user, field.attname))
        for field in user._meta.concrete_fields
        if field.attname != "last_login"
    ]
    kept = sorted((key, value) for key, value in session.items() if key not in LOG_IN_KEYS)
    state = hashlib.sha256(repr((account, kept)).encode()).hexdigest()[:32]
    return f"user:{user.pk}:{state}"


def _key(request, visitor):
    variant = "{}:{}".format(
        request.headers.get("HX-Request", ""), request.headers.get("HX-History-Restore-Request", "")
    )
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    path = hashlib.sha256(address.encode()).hexdigest()
    return f"pagecache:page:{visitor}:{request.LANGUAGE_CODE}:{variant}:{path}"


def _storable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _record(response, dependencies):
    content = TOKEN_INPUT.sub(rb"\1" + TOKEN_MARKER + rb"\2", response.content)
    return {
        "content": once.INPUT.sub(rb"\1" + ONCE_MARKER + rb"\2", content),
        # What the view set (HX-* headers, Vary); the middleware adds the rest when served.
        "headers": list(response.items()),
        "dependencies": dependencies,
        "state": getattr(response, STATE, None),
    }


def _replay(request, record):
    content = record["content"]
    if TOKEN_MARKER in content:
        content = content.replace(TOKEN_MARKER, get_token(request).encode())
    if ONCE_MARKER in content:  # one fresh token per form
        pieces = content.split(ONCE_MARKER)
        content = pieces[0] + b"".join(once.new_token().encode() + rest for rest in pieces[1:])
    response = HttpResponse(content)
    for name, value in record["headers"]:
        response[name] = value
    setattr(response, STATE, record.get("state"))
    response[HEADER] = "hit"
    return response


def answer(request, visitor, make):
    """The answer to `request` for `visitor` (ANYONE, or `_visitor(request)`'s person): the one
    stored for them while it is current, else `make()`'s, stored when it may be.

    `make()` returns the response rendered, its queries run within it. What a view needs to
    finish a stored answer besides its bytes and headers (the API's Last-Modified time, say)
    goes in the response's `STATE` attribute, which is stored with it and set again on the
    response served from the cache."""
    key = _key(request, visitor)
    try:
        record, seen = _fetch(key)
        if record is not None:
            _saw(key, record["dependencies"])
            if _current(record, seen):
                return _replay(request, record)
        snapshot = versions()
    except Unavailable:
        return make()
    with _reading(snapshot) as reading:
        response = make()
    if visitor != ANYONE:
        reading.tables |= _account_tables()
    dependencies = reading.dependencies()
    if dependencies is not None and _storable(request, response):
        try:
            call("set", key, _record(response, dependencies), timeout=settings.PAGE_CACHE_SECONDS)
        except Unavailable:
            return response
        response[HEADER] = "miss"
    return response


def cached_page(view):
    """Serve GETs of `view` from the shared cache, as the module says: one stored page for
    visitors who are not signed in, one per person for those who are."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        visitor = _visitor(request)
        if visitor is None:
            return view(request, *args, **kwargs)

        def make():
            response = view(request, *args, **kwargs)
            if not getattr(response, "is_rendered", True):
                response.render()  # a TemplateResponse reads its data now, within the reading
            return response

        return answer(request, visitor, make)

    return wrapper
