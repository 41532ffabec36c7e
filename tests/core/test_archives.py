"""ZIP downloads: names made safe, and an archive that unpacks as it was streamed."""

import io
import zipfile

import pytest

from core.archives import safe_filename, zip_chunks


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Ṡiti Nurhaliza", "Ṡiti Nurhaliza"),
        ("S\u0307iti", "Ṡiti"),  # composed, as the name was meant
        ("فاطمة الزهراء", "فاطمة الزهراء"),
        ("../../etc/passwd", "etc passwd"),
        ("..", "berkas"),
        ("   ", "berkas"),
        ("CON", "berkas CON"),
        ("nul.pdf", "berkas nul.pdf"),
        ("a\tb\nc\x00d", "a b c d"),
        ('Ö: "kutip" <tag> | ? *', "Ö kutip tag"),
        ("x" * 300, "x" * 120),
    ],
)
def test_safe_filename_keeps_letters_and_drops_what_a_file_system_would_misread(name, safe):
    assert safe_filename(name) == safe


def test_a_streamed_zip_unpacks_with_every_member_and_its_unicode_name():
    members = [(f"林美玲 {n}.pdf", lambda n=n: b"%PDF-1.4 " + bytes([n]) * 1000) for n in range(5)]

    chunks = list(zip_chunks(members))

    assert len(chunks) == 6  # one per member, then the directory: never all at once
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert archive.namelist() == [f"林美玲 {n}.pdf" for n in range(5)]
    assert archive.read("林美玲 3.pdf") == b"%PDF-1.4 " + bytes([3]) * 1000
