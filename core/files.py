"""Which uploads are accepted: the kind is read from the file's content, never from its name,
and the whole file must parse as that kind (a PDF opens, an office file's archive is sound and
small once unpacked, a picture's pixels stay within a cap). What a file says about its maker is
taken out by core.scrub. Downloads are named from the kind
found, never from the extension the uploader chose."""

import logging
import mimetypes
import os
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pillow_heif import register_heif_opener
from pypdf import PdfReader

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"
# iPhone photos (HEIC, the HEIF container with HEVC pictures). Accepted only where a caller asks
# for it (`only`), to be converted (core.scrub): browsers cannot show it, so it is never stored.
HEIC = "image/heic"

EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", JPEG: "jpg", PNG: "png", HEIC: "heic"}
# What check_document accepts when it is not told (`only`): what can be stored as it is.
STORABLE = {PDF, DOCX, XLSX, JPEG, PNG}

# The HEIF family's brands (ISO/IEC 23008-12) in an ISO-BMFF "ftyp" box; "avif" shares the
# container with another codec and is not one of them.
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
HEIF_GENERIC = {b"mif1", b"msf1"}

register_heif_opener()  # Pillow opens HEIC/HEIF from here on (header first, as any picture)


def _heif_brands(head):
    """The brands of a file that starts with an ISO-BMFF ftyp box, else an empty set."""
    if head[4:8] != b"ftyp":
        return set()
    size = min(int.from_bytes(head[:4], "big"), len(head))
    return {head[offset : offset + 4] for offset in [8, *range(16, size - 3, 4)]}


def _sniff(uploaded):
    uploaded.seek(0)
    head = uploaded.read(64)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    brands = _heif_brands(head)
    if brands & HEIF_BRANDS or (brands & HEIF_GENERIC and b"avif" not in brands):
        return HEIC
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


def _refuse(uploaded, message, code):
    return ValidationError(message, params={"name": uploaded.name}, code=code)


def _check_pdf(uploaded):
    try:
        reader = PdfReader(uploaded, strict=False)
        pages = len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds for a broken or disguised file
        logger.info("refused an unreadable PDF upload: %s", exc)
        raise _refuse(
            uploaded, _("“%(name)s” cannot be read as a PDF. Save it again as PDF."), "unreadable"
        ) from exc
    if pages == 0:
        raise _refuse(uploaded, _("“%(name)s” is a PDF without any page."), "unreadable")


def _check_office(uploaded):
    """The archive is sound, has a sane number of entries and unpacks to a bounded size (the
    declared sizes bound what reading it can cost; testzip then checks every entry's CRC)."""
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            unpacked = sum(entry.file_size for entry in entries)
            if (
                len(entries) > settings.OFFICE_MAX_ENTRIES
                or unpacked > settings.OFFICE_MAX_UNPACKED_BYTES
            ):
                raise _refuse(
                    uploaded,
                    _("“%(name)s” is too large once unpacked. Save a smaller copy of it."),
                    "too_large_unpacked",
                )
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise _refuse(uploaded, _("“%(name)s” is damaged. Save it again."), "unreadable") from exc
    if broken is not None:
        raise _refuse(uploaded, _("“%(name)s” is damaged. Save it again."), "unreadable")


def _check_image(uploaded):
    """Read the header only (no pixel is decoded): a picture beyond IMAGE_MAX_PIXELS, a
    decompression bomb included, is refused before anything decodes it."""
    try:
        with Image.open(uploaded) as image:
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(uploaded) from exc
    except Exception as exc:  # Pillow raises many kinds for a broken or disguised picture
        raise _refuse(uploaded, _("“%(name)s” cannot be read as a picture."), "unreadable") from exc
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels(uploaded)


def _too_many_pixels(uploaded):
    return ValidationError(
        _(
            "“%(name)s” has too many pixels (at most %(megapixels)s megapixels). "
            "Send a smaller copy of the photo."
        ),
        params={"name": uploaded.name, "megapixels": settings.IMAGE_MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


INSPECT = {PDF: _check_pdf, DOCX: _check_office, XLSX: _check_office}


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
    allowed = only or STORABLE
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
    try:
        INSPECT.get(content_type, _check_image)(uploaded)
    finally:
        uploaded.seek(0)
    return content_type


# Trailing parts of a name that are file extensions ("laporan.pdf.html" ends in two).
_SUFFIX = re.compile(r"\.([A-Za-z0-9]{1,5})$")


def download_name(original, content_type):
    """The name a private download is served under: the uploader's name without any file
    extension it carried, then the extension of the kind the content was found to be."""
    stem = os.path.basename((original or "").replace("\\", "/")).strip() or "berkas"
    while (match := _SUFFIX.search(stem)) and (
        f".{match.group(1).lower()}" in mimetypes.types_map
        or match.group(1).lower() in EXTENSIONS.values()
    ):
        stem = stem[: match.start()]
    extension = EXTENSIONS.get(content_type) or (mimetypes.guess_extension(content_type) or "")
    extension = extension.lstrip(".")
    return f"{stem or 'berkas'}.{extension}" if extension else stem or "berkas"
