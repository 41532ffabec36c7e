"""Attachments cannot name their sender (issue 15): the uploader's file name is never stored or
shown (`lampiran-1.pdf`, … by position), a PDF is written anew without its author data, a photo
without its EXIF; a damaged or unusual file is a field error on a form that keeps the text; an
iPhone photo (HEIC) is taken and stored as a JPEG.

The PDF used here names "Lina Sitorus" in every place a PDF can (tests/support/files.py
`pdf_by`), and is called `laporan_lina_sitorus.pdf`; the submitter is someone else, so "Lina"
has no business anywhere once the file is in."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from forums import services
from forums.models import Attachment, Reply, Submission, SubmissionEvent
from notifications.models import OutboundEmail
from tests.factories import AdminFactory
from tests.support.files import jpeg_with_gps, pdf_by

from .conftest import established
from .test_views import SUBMIT, form_data

pytestmark = pytest.mark.django_db

AUTHOR = "Lina Sitorus"
FILE_NAME = "laporan_lina_sitorus.pdf"


def leaks(text):
    """The author's name as the PDF and the file name carry it (not any "Lina" that a generated
    staff name might hold)."""
    return re.search(r"lina[ _-]?sitorus", text, re.IGNORECASE)


@pytest.fixture
def stored_files():
    yield
    for attachment in Attachment.objects.all():
        attachment.file.delete(save=False)


@pytest.fixture
def lina_pdf():
    data = pdf_by(AUTHOR)
    # The fixture really carries the name, in the raw bytes and where a reader finds it.
    assert data.count(AUTHOR.encode()) > 10
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.author == AUTHOR and reader.xmp_metadata is not None
    assert reader.attachments and "/Metadata" in reader.pages[0]
    return data


def truncated_jpeg():
    buffer = io.BytesIO()
    Image.effect_noise((320, 240), 60).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def send(client, *files, **fields):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(SUBMIT, form_data(attachments=uploads, **fields), REMOTE_ADDR="10.0.0.9")


@pytest.mark.parametrize("privacy", ["anonim", "public"])
def test_a_pdf_names_its_author_nowhere_once_sent(
    privacy, lina_pdf, stored_files, world, django_capture_on_commit_callbacks
):
    resident = established(full_name="Rina Hasibuan", email="rina@contoh.id")
    client = Client()
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(
            client,
            (FILE_NAME, lina_pdf),
            ("IMG_2024_lina.jpg", jpeg_with_gps(artist=AUTHOR)),
            privacy=privacy,
        )
    assert response.status_code == 302, response.content.decode()
    submission = Submission.objects.get(author=resident, title=form_data()["title"])
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_verify(submission=submission, by=world.secretariat)
        services.submission_forward(
            submission=submission, by=world.secretariat, agency=world.agency
        )

    # The stored rows and files.
    pdf_row, photo_row = submission.attachments.order_by("pk")
    assert (pdf_row.name, photo_row.name) == ("lampiran-1.pdf", "lampiran-2.jpg")
    for model in (Attachment, Submission, Reply, SubmissionEvent):
        for row in model.objects.values():
            assert not leaks(" ".join(str(value) for value in row.values())), (model, row)
    for row in (pdf_row, photo_row):
        assert not leaks(row.file.name)
        with row.file.open("rb") as stored:
            data = stored.read()
        assert b"Lina" not in data and b"Sitorus" not in data

    # Pages: the public's, the agency's staff page, the secretariat's, the admin's.
    public = Client()
    pages = {
        "public": public.get(submission.get_absolute_url()),
        "agency": _client_of(world.editor).get(
            reverse("forums:manage", args=[submission.tracking_code])
        ),
        "secretariat": _client_of(world.secretariat).get(
            reverse("forums:manage", args=[submission.tracking_code])
        ),
        "admin": _client_of(AdminFactory()).get(
            reverse("admin:forums_submission_change", args=[submission.pk])
        ),
    }
    for who, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, who
        assert "lampiran-1.pdf" in html and "lampiran-2.jpg" in html, who
        assert not leaks(html), who

    # The downloads: their names, their bytes, what a PDF reader finds in them.
    download = public.get(reverse("forums:attachment", args=[pdf_row.token]))
    assert download.status_code == 200
    assert 'filename="lampiran-1.pdf"' in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    assert b"Lina" not in data and b"Sitorus" not in data
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert not reader.metadata  # no Author, Creator, Producer, Title, Subject, Keywords
    assert reader.xmp_metadata is None
    assert not reader.attachments
    page = reader.pages[0]
    assert "/Metadata" not in page and "/PieceInfo" not in page
    assert all("/T" not in annotation.get_object() for annotation in page.get("/Annots", []))
    image = next(iter(page["/Resources"]["/XObject"].values())).get_object()
    assert b"Exif" not in image.get_data() and b"GPS" not in image.get_data()

    photo = public.get(reverse("forums:attachment", args=[photo_row.token]))
    assert "lampiran-2.jpg" in photo["Content-Disposition"]
    photo_bytes = b"".join(photo.streaming_content)
    assert b"Lina" not in photo_bytes and b"Exif" not in photo_bytes

    # E-mails: the rows in the outbox and what was sent.
    emails = list(OutboundEmail.objects.all())
    assert emails and mail.outbox
    for email in emails:
        assert not leaks(f"{email.subject} {email.body} {email.html} {email.attachments}")
    for message in mail.outbox:
        assert not leaks(message.subject + message.body)


def _client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_name_the_uploader_gave_is_not_kept_for_a_photo_either(world, stored_files):
    resident = established()
    client = _client_of(resident)
    send(client, ("lina-sitorus-rumah.png", _png()), ("IMG_0001.jpg", jpeg_with_gps()))
    names = list(Attachment.objects.order_by("pk").values_list("name", "content_type"))
    assert names == [("lampiran-1.png", "image/png"), ("lampiran-2.jpg", "image/jpeg")]


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 128, 0)).save(buffer, "PNG")
    return buffer.getvalue()


# --- A damaged photo (item 2) ---------------------------------------------------------------------


def test_a_photo_cut_off_half_way_is_a_field_error_and_everything_typed_stays(world, stored_files):
    """As WhatsApp or a weak signal leave it: the form comes back with the text, the choices
    and the address, an error on the attachments field that names the file, and a word that the
    files must be chosen again. Nothing is stored and no quota is spent."""
    from core.models import Hit

    client = Client()
    response = send(
        client,
        ("IMG-20260301-WA0007.jpg", truncated_jpeg()),
        kind="pengaduan",
        privacy="anonim",
        title="Lampu jalan mati di Jalan Gatot Subroto",
        body="Sudah tiga minggu gelap.\nWarga takut lewat malam hari.",
        email="warga.gelap@contoh.id",
    )
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert "IMG-20260301-WA0007.jpg" in " ".join(form.errors["attachments"])
    assert "rusak atau tidak lengkap" in " ".join(form.errors["attachments"])
    assert 'id="attachments-again"' in html
    assert "Lampu jalan mati di Jalan Gatot Subroto" in html
    assert "Sudah tiga minggu gelap.\nWarga takut lewat malam hari." in html
    assert "warga.gelap@contoh.id" in html
    assert re.search(r'value="pengaduan"[^>]*checked', html)
    assert re.search(r'value="anonim"[^>]*checked', html)
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert not Hit.objects.exists()


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("foto.jpg", b"\xff\xd8\xff\xe0 garbage that is not a JPEG at all", "gambar"),
        ("foto.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR broken", "gambar"),
        ("surat.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF", "PDF"),
        ("program.exe", b"MZ\x90\x00 a program", "HEIC, JPG, PDF, PNG"),
        ("kosong.jpg", b"", "kosong"),
    ],
    ids=["broken-jpeg", "broken-png", "broken-pdf", "program", "empty"],
)
def test_every_attachment_problem_is_a_field_error_that_keeps_the_text(name, content, words):
    response = send(Client(), (name, content), title="Judul yang diketik dengan susah payah")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("attachments", []))
    assert words in errors, errors
    assert "Judul yang diketik dengan susah payah" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_second_file_still_shows_both_problems(world):
    response = send(
        Client(), ("satu.jpg", truncated_jpeg()), ("dua.pdf", b"%PDF-1.4 rusak"), title="Dua"
    )
    errors = " ".join(response.context["form"].errors["attachments"])
    assert "satu.jpg" in errors and "dua.pdf" in errors


def test_other_errors_say_the_chosen_files_must_be_chosen_again(world):
    response = send(Client(), ("foto.png", _png()), title="")
    assert "title" in response.context["form"].errors
    assert 'id="attachments-again"' in response.content.decode()
    assert 'id="attachments-again"' not in send(Client(), title="").content.decode()


# --- iPhone photos --------------------------------------------------------------------------------


def heic_photo(size=(64, 48)):
    from PIL import ExifTags

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Artist] = AUTHOR
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 160, 40)).save(buffer, "HEIF", quality=90, exif=exif.tobytes())
    data = buffer.getvalue()
    assert data[4:12] == b"ftypheic" and b"Apple" in data
    return data


def test_an_iphone_photo_is_taken_and_stored_as_a_jpeg_without_its_exif(world, stored_files):
    resident = established()
    response = send(_client_of(resident), ("IMG_4521.HEIC", heic_photo()))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.content_type) == ("lampiran-1.jpg", "image/jpeg")
    with attachment.file.open("rb") as stored:
        data = stored.read()
    assert b"Apple" not in data and b"Lina" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert not image.getexif()
        red, green, blue = image.getpixel((30, 20))
        assert green > 120 and red < 70 and blue < 80


def test_a_damaged_iphone_photo_is_a_field_error(world):
    data = heic_photo()
    response = send(Client(), ("IMG_4521.HEIC", data[: len(data) // 2]), title="HEIC rusak")
    assert response.status_code == 200
    assert "IMG_4521.HEIC" in " ".join(response.context["form"].errors["attachments"])


def test_the_form_says_what_is_removed():
    html = Client().get(SUBMIT).content.decode()
    assert "Nama berkas diganti, data penulis PDF dan lokasi/kamera foto dihapus" in html
    assert "HEIC" in html and ".heic" in html
