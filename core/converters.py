"""The shapes of the portal's identifiers, as path converters and for query strings.

An address whose value does not have its parameter's shape does not resolve (a 404), so a view
never receives a NUL byte, a letter where a number belongs or a number past PostgreSQL's
bigint; `core.http.int_param`/`shaped_param` apply the same shapes to query strings and form
bodies. The codes' shapes follow how the apps make them: `KS-<year>-<number>` (agreements,
partnerships.services.agreement_create), `PL-<year>-<number>` (trainings), `SM-<year>-<number>`
(forum submissions), `SRT-XXXX-XXXX` (certificates); the numbers are zero-padded to five or six
digits and grow past that. A regency is named by its Kemendagri code (`12.71`). Registered once,
when the core app is ready (`register()`).
"""

import re

from django.urls import register_converter
from django.urls.converters import get_converters

from .exports import EXPORT_FORMATS
from .forms import BIGINT_MAX

# What people type between the pieces of a code, or around it: spaces, dashes, dots, slashes.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_./]+")


class Shape:
    """A path converter; `parse(text)` is the same check for a value from anywhere else."""

    regex = ""
    # The code's pieces without the separators, for `read`: None for values that are not codes.
    parts = None

    def __init__(self):
        self._whole = re.compile(f"(?:{self.regex})")

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)

    def parse(self, text):
        """The value `text` stands for, or None when it does not have this shape."""
        if not isinstance(text, str) or not self._whole.fullmatch(text):
            return None
        try:
            return self.to_python(text)
        except ValueError:
            return None

    def read(self, text):
        """What a person typed or pasted, in its canonical form, or None: `parse`, and for the
        codes below also with any case, spaces or dashes in other places (" sm-2026-abc234 ",
        "SM 2026 ABC234", "srt abcd efgh")."""
        found = self.parse(text)
        if found is not None or not isinstance(text, str) or self.parts is None:
            return found
        match = self.parts.fullmatch(SEPARATORS.sub("", text.upper()))
        return self.parse("-".join(match.groups())) if match else None


class PrimaryKey(Shape):
    """A row's id: a positive whole number that fits a bigint (no sign, no letters)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not 0 < number <= BIGINT_MAX:
            raise ValueError(f"{value} is not a primary key")
        return number


class TrackingCode(Shape):
    regex = "SM-[0-9]{4}-[0-9A-Z]{6,12}"  # drawn at random since issue 13; numbered before
    parts = re.compile("(SM)([0-9]{4})([0-9A-Z]{6,12})")


class AgreementReference(Shape):
    regex = "KS-[0-9]{4}-[0-9]{5,12}"
    parts = re.compile("(KS)([0-9]{4})([0-9]{5,12})")


class TrainingReference(Shape):
    regex = "PL-[0-9]{4}-[0-9]{5,12}"
    parts = re.compile("(PL)([0-9]{4})([0-9]{5,12})")


class CertificateCode(Shape):
    regex = "SRT-[A-Z0-9]{4}-[A-Z0-9]{4}"
    parts = re.compile("(SRT)([A-Z0-9]{4})([A-Z0-9]{4})")


class RegencyCode(Shape):
    """A regency's or city's Kemendagri code: the province's two digits, a dot, its own two
    ("12.71", Kota Medan)."""

    regex = r"[0-9]{2}\.[0-9]{2}"


class Token(Shape):
    """A random token in a link (secrets.token_urlsafe or token_hex, a password-reset token)."""

    regex = "[A-Za-z0-9_-]{1,128}"


class SignedToken(Shape):
    """A django.core.signing value: url-safe base64 parts joined by ':' (a '.' when
    compressed). It carries its data: a forum confirmation for a 320-character address is 521
    characters long."""

    regex = "[A-Za-z0-9_.:-]{1,2048}"


class Slug(Shape):
    """Django's own slug, for the query string (paths use the built-in `slug` converter)."""

    regex = "[-a-zA-Z0-9_]+"


class ExportFormat(Shape):
    regex = "|".join(sorted(EXPORT_FORMATS))


CONVERTERS = {
    "pk": PrimaryKey,
    "tracking": TrackingCode,
    "agreement": AgreementReference,
    "training": TrainingReference,
    "certificate": CertificateCode,
    "regency": RegencyCode,
    "token": Token,
    "signed": SignedToken,
    "export": ExportFormat,
}

PRIMARY_KEY = PrimaryKey()
TRACKING_CODE = TrackingCode()
AGREEMENT_REFERENCE = AgreementReference()
TRAINING_REFERENCE = TrainingReference()
CERTIFICATE_CODE = CertificateCode()
REGENCY_CODE = RegencyCode()
TOKEN = Token()
SLUG = Slug()


def register():
    """Make the shapes usable in every urls.py (`<agreement:reference>`); a second call (a
    second app registry in a test) finds them registered and leaves them."""
    registered = get_converters()
    for name, converter in CONVERTERS.items():
        if not isinstance(registered.get(name), converter):
            register_converter(converter, name)
