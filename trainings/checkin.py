"""Check-in codes: a short code people can type, and the same code signed for the QR image.

The QR code carries `<code>:<signature>` so that a scanner can tell a forged or mistyped image
from a real one before it looks anything up; the short code alone is random enough (50 bits)
that guessing one is not practical, and it is looked up within the session's training only.
"""

import io
import secrets

import segno
from django.core import signing

SALT = "sumut_mitra.trainings.checkin"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on phones
LENGTH = 10


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code):
    """ABCD-EFGH-JK: easier to read out than ten letters in a row."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def signed_token(code):
    return signing.Signer(salt=SALT).sign(code)


class BadCode(Exception):
    """The scanned or typed text is not a check-in code of this portal."""


def code_from_input(text):
    """The registration code in what was scanned or typed; raises BadCode for a forged token."""
    text = (text or "").strip()
    if ":" in text:
        try:
            return signing.Signer(salt=SALT).unsign(text)
        except signing.BadSignature as exc:
            raise BadCode from exc
    code = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        raise BadCode
    return code


def qr_svg(code):
    """The QR image for a page: an SVG element (no inline style, so the CSP allows it)."""
    qr = segno.make(signed_token(code), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, svgclass="qr-code")
    return buffer.getvalue().decode()


def qr_png(text, scale=6):
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
