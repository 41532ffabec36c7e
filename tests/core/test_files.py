"""Which uploads are accepted: by their content, within the size limit."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import DOCX, PDF, XLSX, check_document


def office_file(kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("kak.pdf", b"%PDF-1.7 ...", PDF),
        ("kak.docx", office_file("word"), DOCX),
        ("anggaran.xlsx", office_file("xl"), XLSX),
        ("foto.jpg", b"\xff\xd8\xff\xe0 rest", "image/jpeg"),
        ("foto.png", b"\x89PNG\r\n\x1a\n rest", "image/png"),
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
