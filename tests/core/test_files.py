"""Which uploads are accepted: by their content, within the size limit."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import DOCX, PDF, XLSX, check_document
from tests.support.files import PDF as PDF_BYTES
from tests.support.files import image_bytes


def office_file(kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("kak.pdf", PDF_BYTES, PDF),
        ("kak.docx", office_file("word"), DOCX),
        ("anggaran.xlsx", office_file("xl"), XLSX),
        ("foto.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("foto.png", image_bytes("PNG"), "image/png"),
    ],
)
def test_accepted_kinds_are_recognised_by_content(name, content, expected):
    assert check_document(SimpleUploadedFile(name, content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 an executable",
        b"<html><script>alert(1)</script>",
        b"PK\x03\x04 broken zip",
        b"",
    ],
)
def test_a_file_renamed_to_pdf_is_refused_with_a_clear_message(content):
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("naskah.pdf", content))
    assert "naskah.pdf" in error.value.messages[0]
    assert "bukan berkas" in error.value.messages[0]


def test_a_30_mb_pdf_is_refused_with_its_size_and_the_limit(settings):
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4" + b"0" * (30 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        check_document(big)
    message = error.value.messages[0]
    assert "besar.pdf" in message and "30,0" in message and "10,0" in message


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>",  # a polyglot
        b"%PDF-1.7 ...",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",  # no page
    ],
)
def test_a_file_that_only_starts_like_a_pdf_is_refused(content):
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("poly.pdf.html", content))
    assert error.value.code == "unreadable"
    assert "poly.pdf.html" in error.value.messages[0]


def office_bomb(entry_size, entries=1):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for index in range(entries):
            archive.writestr(f"word/document{index}.xml", b"\0" * entry_size)
    return buffer.getvalue()


def test_an_office_file_that_unpacks_too_large_is_refused_before_it_is_unpacked(settings):
    settings.OFFICE_MAX_UNPACKED_BYTES = 5 * 1024 * 1024
    bomb = office_bomb(6 * 1024 * 1024)  # a few kilobytes on the wire
    assert len(bomb) < 50_000
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("laporan.docx", bomb))
    assert error.value.code == "too_large_unpacked"
    assert "laporan.docx" in error.value.messages[0]


def test_an_office_file_with_too_many_entries_is_refused(settings):
    settings.OFFICE_MAX_ENTRIES = 50
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("laporan.docx", office_bomb(10, entries=60)))
    assert error.value.code == "too_large_unpacked"


def test_a_damaged_office_file_is_refused():
    data = bytearray(office_file("word"))
    damaged_at = data.index(b"<x/>")  # stored, not compressed: the CRC no longer matches
    data[damaged_at : damaged_at + 4] = b"<y/>"
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("kak.docx", bytes(data)))
    assert error.value.code == "unreadable"


def test_a_picture_beyond_the_pixel_cap_is_refused_without_decoding_it(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    photo = SimpleUploadedFile("foto.png", image_bytes("PNG", size=(1200, 1000)))
    with pytest.raises(ValidationError) as error:
        check_document(photo)
    assert error.value.code == "too_many_pixels"
    assert "foto.png" in error.value.messages[0] and "1 megapiksel" in error.value.messages[0]


def test_a_decompression_bomb_is_refused_with_a_clear_message():
    """20 000 × 20 000 pixels in a few hundred kilobytes: Pillow's own guard raises, which the
    check turns into a message instead of a server error."""
    import zlib

    png = bytearray(image_bytes("PNG", size=(1, 1)))
    png[16:24] = (20_000).to_bytes(4, "big") + (20_000).to_bytes(4, "big")  # IHDR's size
    png[29:33] = zlib.crc32(bytes(png[12:29])).to_bytes(4, "big")  # and its checksum
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("bom.png", bytes(png)))
    assert error.value.code == "too_many_pixels"


def test_a_damaged_picture_is_refused():
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0 rest"))
    assert error.value.code == "unreadable"


@pytest.mark.parametrize(
    ("uploaded_as", "content_type", "served_as"),
    [
        ("poly.pdf.html", PDF, "poly.pdf"),
        ("Laporan v1.2 final.pdf", PDF, "Laporan v1.2 final.pdf"),
        ("foto", "image/jpeg", "foto.jpg"),
        ("../../rahasia.exe", PDF, "rahasia.pdf"),
        ("C:\\Users\\siti\\anggaran.XLSX.js", XLSX, "anggaran.xlsx"),
        (".pdf", PDF, "berkas.pdf"),
        ("", DOCX, "berkas.docx"),
    ],
)
def test_downloads_are_named_from_the_kind_found_not_from_the_uploaders_name(
    uploaded_as, content_type, served_as
):
    from core.files import download_name

    assert download_name(uploaded_as, content_type) == served_as


# --- iPhone photos (issue 15) ---------------------------------------------------------------------


def heif_bytes(brand=b"heic"):
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (16, 12), (10, 200, 10)).save(buffer, "HEIF")
    data = buffer.getvalue()
    assert data[4:12] == b"ftypheic"
    return data[:8] + brand + data[12:]


def test_a_heic_photo_is_recognised_by_its_ftyp_box_where_it_is_asked_for():
    from core.files import HEIC, JPEG

    assert check_document(SimpleUploadedFile("IMG_1.HEIC", heif_bytes()), only={HEIC}) == HEIC
    # A name that says JPEG changes nothing: the content is read.
    assert check_document(SimpleUploadedFile("IMG_1.jpg", heif_bytes()), only={HEIC, JPEG}) == HEIC


def test_heic_is_refused_where_it_cannot_be_converted_and_the_message_names_the_kinds():
    """Agreement documents are stored as they come, and a browser cannot show HEIC."""
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("IMG_1.HEIC", heif_bytes()))
    assert "DOCX, JPG, PDF, PNG, XLSX" in error.value.messages[0]


def test_an_avif_picture_is_not_taken_for_heic():
    from core.files import HEIC

    avif = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 40
    with pytest.raises(ValidationError):
        check_document(SimpleUploadedFile("foto.avif", avif), only={HEIC})
