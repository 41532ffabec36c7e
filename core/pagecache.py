"""Whole public pages served from the shared cache (Redis) to visitors who are not signed in.

What is shared: the answer to a GET that a visitor without a session and without pending
messages got, with status 200, when the view set no cookie and touched no session. The key holds
the path with its query string, the language and the htmx variant (full page, results only,
history restore), so nobody ever gets a page rendered for somebody else's situation.

What keeps it true: every committed write to a table of a content app (the tables named in
`PAGE_CACHE_WATCHED_TABLES`) raises one generation number that is part of every key. The write is
seen where every ORM path meets, the database cursor (save, update, bulk_create, delete, raw SQL
alike), and the number is raised only once the transaction commits, so no page rendered from the
old data can be stored under the new number. `PAGE_CACHE_SECONDS` bounds what changes with the
clock alone (deadlines, "upcoming" lists, registration windows).

CSRF: a cached page keeps no visitor's token. The token inputs are stored as a marker and each
visitor gets their own token filled in when the page is served.

Redis down: pages render as if there were no cache; after a failure the cache is left alone for
`PAGE_CACHE_RETRY_SECONDS`, so a dead Redis costs one failed attempt per process, not one per
request.
"""

import contextlib
import hashlib
import logging
import re
import secrets
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
TOKEN_MARKER = b"__pagecache_csrf_token__"
TOKEN_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")
HEADER = "X-Page-Cache"
WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY)\s+"?(?P<table>\w+)',
    re.IGNORECASE,
)

_unavailable_until = 0.0


class _Unavailable(Exception):
    """The cache could not be reached; the caller renders without it."""


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _call(method, *args, **kwargs):
    global _unavailable_until
    if time.monotonic() < _unavailable_until:
        raise _Unavailable
    try:
        return getattr(_cache(), method)(*args, **kwargs)
    except ValueError:  # incr() of a missing key: an answer, not a failure
        raise
    except Exception as exc:  # any failure of the cache server means "no cache", never a 500
        _unavailable_until = time.monotonic() + settings.PAGE_CACHE_RETRY_SECONDS
        logger.warning("page cache unavailable (%s); pages render without it", exc)
        raise _Unavailable from exc


# --- The generation ---------------------------------------------------------------------------


def current_generation():
    """The number every page key holds. A missing one (first start, eviction, a flushed Redis)
    starts at a random value, so pages stored under an earlier number are never found again."""
    generation = _call("get", GENERATION_KEY)
    if generation is None:
        _call("add", GENERATION_KEY, secrets.randbits(48), timeout=None)
        generation = _call("get", GENERATION_KEY)
    return generation


def bump_generation():
    """Make every stored page obsolete."""
    try:
        try:
            _call("incr", GENERATION_KEY)
        except ValueError:  # no number yet: the next reader starts a fresh one anyway
            _call("add", GENERATION_KEY, secrets.randbits(48), timeout=None)
    except _Unavailable:
        pass


def watch_writes(sender, connection, **kwargs):
    """`connection_created` receiver: look at every statement this connection runs."""
    if _on_statement not in connection.execute_wrappers:
        connection.execute_wrappers.append(_on_statement)


def _on_statement(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if settings.PAGE_CACHE_SECONDS and isinstance(sql, str):
        match = WRITE.match(sql)
        if match and match["table"].lower().startswith(settings.PAGE_CACHE_WATCHED_TABLES):
            connection = context["connection"]
            # Once per transaction; outside one, on_commit runs the bump at once.
            if not any(entry[1] is bump_generation for entry in connection.run_on_commit):
                transaction.on_commit(bump_generation, using=connection.alias)
    return result


def remember(name, compute):
    """`compute()` once per generation (and at most PAGE_CACHE_SECONDS), for a costly figure that
    changes only when content does: a list's count, the forum index's numbers. `name` must say
    everything the figure depends on (a query's SQL and parameters, say). Never None."""
    if not settings.PAGE_CACHE_SECONDS:
        return compute()
    try:
        digest = hashlib.sha256(name.encode()).hexdigest()
        key = f"pagecache:memo:{current_generation()}:{digest}"
        value = _call("get", key)
    except _Unavailable:
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(_Unavailable):
            _call("set", key, value, timeout=settings.PAGE_CACHE_SECONDS)
    return value


# --- Pages ------------------------------------------------------------------------------------


def _shareable(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and not request.user.is_authenticated
    )


def _key(request, generation):
    variant = "{}:{}".format(
        request.headers.get("HX-Request", ""), request.headers.get("HX-History-Restore-Request", "")
    )
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    path = hashlib.sha256(address.encode()).hexdigest()
    return f"pagecache:page:{generation}:{request.LANGUAGE_CODE}:{variant}:{path}"


def _storable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if not getattr(response, "is_rendered", True):
        response.render()
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _record(response):
    return {
        "content": TOKEN_INPUT.sub(rb"\1" + TOKEN_MARKER + rb"\2", response.content),
        "headers": [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)],
    }


def _replay(request, record):
    content = record["content"]
    if TOKEN_MARKER in content:
        content = content.replace(TOKEN_MARKER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in record["headers"]:
        response[name] = value
    response[HEADER] = "hit"
    return response


def public_page(view):
    """Serve `view` from the shared cache to visitors who are not signed in (see the module)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _shareable(request):
            return view(request, *args, **kwargs)
        try:
            key = _key(request, current_generation())
            record = _call("get", key)
        except _Unavailable:
            return view(request, *args, **kwargs)
        if record is not None:
            return _replay(request, record)
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            try:
                _call("set", key, _record(response), timeout=settings.PAGE_CACHE_SECONDS)
            except _Unavailable:
                return response
            response[HEADER] = "miss"
        return response

    return wrapper
