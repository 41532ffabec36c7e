"""What a file says about who made it, taken out before it is stored.

A picture is decoded and its pixels alone are encoded again (EXIF: GPS position, camera, time;
XMP, comments, thumbnails go); an iPhone photo (HEIC/HEIF) becomes a JPEG on the way. A PDF is
written anew with pypdf without its document information (Author, Creator, Producer, Title,
Subject, Keywords), without any XMP /Metadata or /PieceInfo (the catalogue's, a page's, an
image's), without the authors of its comments, embedded files, signatures and earlier
revisions, and with the EXIF of the photos inside it cut out.

The whole file is read here, so a damaged one (a photo cut off half-way, as a weak signal or a
chat app leaves it) is refused with a ValidationError, never an error page. The caller has
checked the kind and the size first (core.files.check_document), so no picture decoded here is
beyond the pixel cap.
"""

import io
import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from .files import HEIC, JPEG, PDF, PNG

logger = logging.getLogger(__name__)


def clean(data, content_type, *, name):
    """Return (bytes, content type) with the metadata removed; `name` only words the refusal."""
    if content_type in {JPEG, PNG, HEIC}:
        return _picture(data, content_type, name), (PNG if content_type == PNG else JPEG)
    if content_type == PDF:
        return _pdf(data, name), PDF
    return data, content_type


def _refuse(message, name):
    return ValidationError(message, params={"name": name}, code="unreadable")


# --- Pictures -------------------------------------------------------------------------------------


def _picture(data, content_type, name):
    """Decode every pixel (a cut-off file fails here) and encode them alone."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            if image.mode in {"P", "PA"}:
                image = image.convert("RGBA")  # the pixels alone would lose their palette
            elif image.mode not in {"RGB", "RGBA", "L", "LA"}:
                image = image.convert("RGBA" if "A" in image.mode else "RGB")
            pixels = Image.frombytes(image.mode, image.size, image.tobytes())
    except Exception as exc:  # Pillow raises many kinds for a truncated or corrupt picture
        logger.info("refused a damaged picture upload: %s", exc)
        raise _refuse(
            _(
                "“%(name)s” cannot be read as a picture: it is damaged or incomplete (a photo "
                "cut off while it was sent or downloaded looks like this). Open it on your "
                "phone to check, save it again or take a screenshot of it, and choose it again."
            ),
            name,
        ) from exc
    out = io.BytesIO()
    if content_type == PNG:
        pixels.save(out, format="PNG")
    else:
        pixels.convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------

# Keys that hold data about the file's making, wherever they are: XMP streams, application data.
_DROPPED_EVERYWHERE = {"/Metadata", "/PieceInfo", "/AF"}
# Catalogue entries: document-level attachments (ZUGFeRD, portfolios) and signature permissions.
_DROPPED_FROM_CATALOGUE = {"/Perms", "/Collection"}
# Annotations whose /T is a field name, not the author of a comment.
_NOT_MARKUP = {"/Link", "/Widget"}
# JPEG segments that carry metadata: APP1 (EXIF, XMP) … APP13 (Photoshop/IPTC), APP15, COM.
# APP0 (JFIF), APP2 (the colour profile) and APP14 (Adobe colour transform) stay: the picture
# needs them to look the same.
_JPEG_DROPPED = {0xE1, *range(0xE3, 0xEE), 0xEF, 0xFE}


def _pdf(data, name):
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        # Scrubbed where it is read (the reader keeps the objects it resolved), so the copy
        # below takes only what is left: nothing detached is written as an orphan object.
        root = reader.root_object
        for key in _DROPPED_FROM_CATALOGUE:
            root.pop(NameObject(key), None)
        names = root.get("/Names")
        if names is not None:
            names.get_object().pop(NameObject("/EmbeddedFiles"), None)
        _scrub(root)
        writer = PdfWriter()
        # The document root and what hangs from it (pages, outline, forms) — not the reader's
        # /Info, /ID or the objects of earlier revisions.
        writer.clone_reader_document_root(reader)
        writer.pdf_header = reader.pdf_header
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
        cleaned = out.getvalue()
        if len(PdfReader(io.BytesIO(cleaned)).pages) != len(reader.pages):
            raise ValueError("pages lost while rewriting")
    except Exception as exc:  # pypdf raises many kinds for a broken or unusual file
        logger.info("refused a PDF upload that could not be rewritten: %s", exc)
        raise _refuse(
            _(
                "“%(name)s” cannot be cleaned of its author data. Save or print it again as a "
                "new PDF, or send photos of its pages, and choose it again."
            ),
            name,
        ) from exc
    return cleaned


def _scrub(root):
    """Walk every object reachable from the root once, taking out what says who made it."""
    seen = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too
            _scrub_dictionary(item)
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _scrub_dictionary(item):
    for key in _DROPPED_EVERYWHERE:
        item.pop(NameObject(key), None)
    subtype = item.get("/Subtype")
    if "/Annots" in item:
        annotations = item["/Annots"].get_object()
        if isinstance(annotations, ArrayObject):
            item[NameObject("/Annots")] = ArrayObject(
                a for a in annotations if not _is_file_attachment(a.get_object())
            )
    is_annotation = item.get("/Type") == "/Annot" or ("/Rect" in item and subtype is not None)
    if is_annotation and subtype not in _NOT_MARKUP:
        item.pop(NameObject("/T"), None)  # a comment's author
    if item.get("/FT") == "/Sig":
        item.pop(NameObject("/V"), None)  # the signer's name, place, reason and certificate
    if isinstance(item, StreamObject) and subtype == "/Image" and _is_plain_jpeg(item):
        # The coded bytes as stored (pypdf re-encodes only Flate streams on set_data).
        StreamObject.set_data(item, _jpeg_without_metadata(StreamObject.get_data(item)))


def _is_file_attachment(annotation):
    return isinstance(annotation, DictionaryObject) and (
        annotation.get("/Subtype") == "/FileAttachment"
    )


def _is_plain_jpeg(stream):
    filters = stream.get("/Filter")
    if isinstance(filters, ArrayObject):
        filters = filters[0] if len(filters) == 1 else None
    return filters == "/DCTDecode"


def _jpeg_without_metadata(data):
    """The same JPEG without its EXIF/XMP/IPTC segments (the coded picture is untouched)."""
    if not data.startswith(b"\xff\xd8"):
        return data
    out = bytearray(b"\xff\xd8")
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the rest is the picture itself
            break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if marker not in _JPEG_DROPPED:
            out += data[position : position + 2 + length]
        position += 2 + length
    out += data[position:]
    return bytes(out)
