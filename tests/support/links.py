"""The links the portal e-mails, read from the outbox as a resident reads them in their mail,
and read as anyone who sees such a URL (a log, a browser history, a referrer) can read it."""

import base64
import binascii
import contextlib
import re
import zlib
from urllib.parse import unquote

from notifications.models import OutboundEmail

LINKS = {
    "forums.confirm": re.compile(r"/forum/konfirmasi/([^/\s]+)/"),
    "forums.support_confirm": re.compile(r"/forum/dukung/([^/\s]+)/"),
    "forums.access_link": re.compile(r"/forum/akses/([^/\s]+)/"),
}


def emailed_token(kind, submission, to=None):
    """The token in the latest `kind` e-mail about `submission` (to `to`, when given)."""
    rows = OutboundEmail.objects.filter(kind=kind, object_id=str(submission.pk))
    if to is not None:
        rows = rows.filter(to=to)
    return LINKS[kind].search(rows.latest("pk").body).group(1)


def confirm_token(submission):
    """The token of the confirmation link e-mailed to a guest submitter."""
    return emailed_token("forums.confirm", submission)


URL = re.compile(r"https?://[^\s\"'<>]+")


def readable_pieces(url):
    """What anyone who sees `url` can read from it: the URL itself (unquoted), and every piece
    between '/', '?', '&', '=', ':' and '.' decoded as url-safe base64 (and inflated, as
    django.core.signing compresses), as a signed value's payload is read."""
    url = unquote(url)
    found = [url]
    for piece in re.split(r"[/?&=:.]", url):
        if len(piece) < 4:
            continue
        for candidate in (piece, piece.lstrip(".")):
            padded = candidate + "=" * (-len(candidate) % 4)
            try:
                raw = base64.urlsafe_b64decode(padded)
            except (binascii.Error, ValueError):
                continue
            found.append(raw.decode("latin-1"))
            with contextlib.suppress(zlib.error):
                found.append(zlib.decompress(raw).decode("latin-1"))
    return "\n".join(found).lower()


def emailed_urls():
    """Every address in every e-mail in the outbox, text and HTML parts."""
    urls = []
    for body, html in OutboundEmail.objects.values_list("body", "html"):
        urls += URL.findall(body) + URL.findall(html or "")
    return urls


def assert_names_nobody(urls, *needles):
    """None of `needles` (an address, a name) can be read from any of `urls`."""
    assert urls
    for url in urls:
        readable = readable_pieces(url)
        for needle in needles:
            assert needle.lower() not in readable, (needle, url)
