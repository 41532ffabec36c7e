"""Addresses: this site's absolute URLs, and the client's IP address behind our proxies."""

from django.conf import settings


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
