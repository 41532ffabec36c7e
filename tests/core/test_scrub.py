"""core.scrub: what a file says about its maker is taken out, and a damaged file is refused
with a message, never an exception that would make an error page."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfReader

from core import scrub
from core.files import HEIC, JPEG, PDF, PNG
from tests.support.files import jpeg_with_gps, pdf_by


def test_a_pdf_loses_its_author_everywhere_and_keeps_its_pages_and_picture():
    data = pdf_by("Lina Sitorus")
    assert data.count(b"Lina Sitorus") > 10  # the fixture does carry the name
    cleaned, content_type = scrub.clean(data, PDF, name="laporan.pdf")
    assert content_type == PDF
    assert b"Lina" not in cleaned and b"Sitorus" not in cleaned
    reader = PdfReader(io.BytesIO(cleaned))
    assert not reader.metadata and reader.xmp_metadata is None and not reader.attachments
    assert "/Metadata" not in reader.root_object and "/ID" not in reader.trailer
    page = reader.pages[0]
    assert "/Metadata" not in page and "/PieceInfo" not in page
    photo = page["/Resources"]["/XObject"]["/Im0"].get_object()
    with Image.open(io.BytesIO(photo.get_data())) as image:  # still a picture, without EXIF
        assert image.size == (40, 30) and not image.getexif()


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF", b"%PDF-1.7 " + b"\x00" * 200],
    ids=["no-pages", "garbage"],
)
def test_a_pdf_that_cannot_be_rewritten_is_refused_with_its_name(data):
    with pytest.raises(ValidationError) as refused:
        scrub.clean(data, PDF, name="surat.pdf")
    assert "surat.pdf" in refused.value.messages[0]


def test_a_photo_cut_off_half_way_is_refused_with_its_name():
    buffer = io.BytesIO()
    Image.effect_noise((200, 150), 60).convert("RGB").save(buffer, "JPEG")
    cut = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    with pytest.raises(ValidationError) as refused:
        scrub.clean(cut, JPEG, name="IMG-WA0001.jpg")
    assert "IMG-WA0001.jpg" in refused.value.messages[0]


def test_a_photo_keeps_its_pixels_and_loses_its_position():
    cleaned, content_type = scrub.clean(jpeg_with_gps(artist="Lina"), JPEG, name="a.jpg")
    assert content_type == JPEG and b"Lina" not in cleaned and b"Exif" not in cleaned


def test_a_heic_photo_becomes_a_jpeg():
    buffer = io.BytesIO()
    Image.new("RGBA", (16, 12), (10, 200, 10, 255)).save(buffer, "HEIF")
    cleaned, content_type = scrub.clean(buffer.getvalue(), HEIC, name="IMG_1.HEIC")
    assert content_type == JPEG
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == "JPEG" and image.size == (16, 12)


def test_a_png_stays_a_png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    assert scrub.clean(buffer.getvalue(), PNG, name="a.png")[1] == PNG
