"""Files for upload tests that are what they claim to be: core.files opens every upload, so a
PDF must really be a PDF (with a page) and a picture must really decode."""

import io

from PIL import Image
from pypdf import PdfWriter


def pdf_bytes():
    """A one-page PDF, as small as a real one gets."""
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = pdf_bytes()


def image_bytes(format="PNG", size=(8, 8)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=format)
    return out.getvalue()
