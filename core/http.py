"""Addresses: this site's absolute URLs, the client's IP address behind our proxies, and the
values of a query string or form body that views look rows up by."""

from django.conf import settings

from .converters import PRIMARY_KEY


def absolute_url(path, base_url=None):
    """A link for an e-mail or a file: `path` on this site (SITE_URL, or the request's own
    address when one is given). Anything that is not a path is returned as it is."""
    if not path.startswith("/"):
        return path
    return f"{(base_url or settings.SITE_URL).rstrip('/')}{path}"


def client_ip(request):
    """The client's address, trusting X-Forwarded-For only as far as our own proxies wrote it.

    Each trusted proxy appends the address it received the request from, so with N proxies the
    client is the N-th entry from the right; anything further left may be forged by the client.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote_addr
    return forwarded[-proxies]


def int_param(params, name):
    """`params[name]` (a QueryDict: request.GET or request.POST) as a row's id or a page number:
    a positive whole number within PostgreSQL's bigint. None for anything else (missing, empty,
    letters, a sign, a NUL byte, too large), which callers treat like an unknown id."""
    return PRIMARY_KEY.parse(params.get(name))


def shaped_param(params, name, shape):
    """`params[name]` when it has `shape` (one of core.converters' shapes, the same a path
    parameter of that kind must have), else None: a malformed code is an unknown code."""
    return shape.parse(params.get(name))


def choice_param(params, name, choices, default):
    """`params[name]` when it is one of `choices` (an ordering's name, say), else `default`."""
    value = params.get(name)
    return value if value in choices else default


def text_param(params, name, *, max_length=100):
    """`params[name]` as search text, at most `max_length` characters: "" when missing or
    when it holds a NUL byte, which no PostgreSQL text can (Django's CharField refuses it too)."""
    value = params.get(name) or ""
    return "" if "\x00" in value else value[:max_length]
