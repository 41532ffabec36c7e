"""Which uploads are accepted: the kind is read from the file's content, never from its name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", JPEG: "jpg", PNG: "png"}


def _sniff(uploaded):
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                return DOCX
            if any(name.startswith("xl/") for name in names):
                return XLSX
    return None


def check_document(uploaded, *, only=None):
    """Return the content type of an acceptable upload, or raise a ValidationError saying why.

    `only` narrows the accepted types (the signed final document must be a PDF).
    """
    limit = settings.DOCUMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            params={
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    content_type = _sniff(uploaded)
    allowed = only or set(EXTENSIONS)
    if content_type is None or content_type not in allowed:
        names = ", ".join(sorted(EXTENSIONS[kind].upper() for kind in allowed))
        raise ValidationError(
            _(
                "“%(name)s” is not a file of an accepted kind (%(kinds)s). Its content was "
                "checked, not only its name."
            ),
            params={"name": uploaded.name, "kinds": names},
            code="wrong_type",
        )
    return content_type
