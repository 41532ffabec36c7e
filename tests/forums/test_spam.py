"""Spam and abuse at the service level (acceptance 6): rate limits per connection and per
address, bots quarantined in silence, links limited for new accounts, safe Markdown, uploads
checked by content and stripped of their metadata."""

import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import ExifTags, Image
from pypdf import PdfReader

from core import text
from forums import rules, selectors, services
from forums.models import Attachment, Reply, Submission
from forums.services import SUBMIT_PER_ACCOUNT, SUBMIT_PER_IP, RateLimited
from notifications.models import OutboundEmail
from tests.factories import UserFactory
from tests.support.files import PDF

from .conftest import established, forwarded, submit, visitor_of

pytestmark = pytest.mark.django_db

THREE_LINKS = (
    "Lihat https://contoh.id/a dan http://contoh.id/b serta www.contoh.id/c untuk buktinya."
)


# --- Rate limits ----------------------------------------------------------------------------------


def test_one_connection_is_many_guests_until_its_generous_limit(world):
    """A campus or office NAT: many people without an account, one address. They pass up to
    SUBMIT_PER_IP in ten minutes; then the connection waits, and others are not held back."""
    for n in range(SUBMIT_PER_IP):
        submit(world.forum, email=f"warga{n}@contoh.id", ip="36.80.12.34")
    with pytest.raises(RateLimited) as refused, translation.override("en"):
        submit(world.forum, email="warga-lagi@contoh.id", ip="36.80.12.34")
    assert "wait" in refused.value.messages[0]
    assert Submission.objects.count() == SUBMIT_PER_IP
    submit(world.forum, email="warga-lagi@contoh.id", ip="36.80.99.1")
    assert Submission.objects.count() == SUBMIT_PER_IP + 1


def test_residents_on_one_connection_are_counted_by_their_accounts(world):
    """A mobile carrier's NAT, an internet café, the Wi-Fi at a public meeting: the guests on it
    used up the connection's quota, and five signed-in residents on the same address still each
    send what their own account allows."""
    for n in range(SUBMIT_PER_IP):
        submit(world.forum, email=f"tamu{n}@contoh.id", ip="36.80.12.34")
    with pytest.raises(RateLimited):
        submit(world.forum, email="tamu-lagi@contoh.id", ip="36.80.12.34")
    residents = [UserFactory() for _ in range(5)]
    for resident in residents:
        for _ in range(SUBMIT_PER_ACCOUNT):
            submit(world.forum, user=resident, ip="36.80.12.34")
    for resident in residents:
        assert Submission.objects.filter(author=resident).count() == SUBMIT_PER_ACCOUNT


def test_one_account_sends_five_an_hour_from_any_connection(world):
    resident = UserFactory()
    for n in range(SUBMIT_PER_ACCOUNT):
        submit(world.forum, user=resident, ip=f"36.80.{n}.1")
    with pytest.raises(RateLimited) as refused, translation.override("en"):
        submit(world.forum, user=resident, ip="36.80.77.1")
    assert "account" in refused.value.messages[0]
    assert Submission.objects.filter(author=resident).count() == SUBMIT_PER_ACCOUNT


def test_nobody_spends_a_residents_quota_by_typing_their_address(world):
    """Guests who give a resident's e-mail address (it needs no proof until confirmed) count
    against that address, not against the resident's account."""
    for n in range(SUBMIT_PER_ACCOUNT):
        submit(world.forum, email=world.resident.email, ip=f"10.9.9.{n}")
    submit(world.forum, user=world.resident, ip="10.9.9.99")
    assert Submission.objects.filter(author=world.resident).count() == 1


def test_refused_tries_spend_no_quota(world, stored_files):
    """Three tries refused for what they are (a photo cut off half-way, a text too long, a file
    that is no picture), then the resident sends all five that an hour allows."""
    resident = UserFactory()
    cut = SimpleUploadedFile("foto.jpg", truncated_jpeg(), content_type="image/jpeg")
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    tries = [
        {"attachments": [cut]},
        {"body": "x" * (services.BODY_MAX + 1)},
        {"attachments": [fake]},
    ]
    for refused in tries:
        with pytest.raises(ValidationError) as error:
            submit(world.forum, user=resident, ip="36.80.5.5", **refused)
        assert not isinstance(error.value, RateLimited)
    for _ in range(SUBMIT_PER_ACCOUNT):
        submit(world.forum, user=resident, ip="36.80.5.5")
    assert Submission.objects.filter(author=resident).count() == SUBMIT_PER_ACCOUNT


def test_a_guests_refused_tries_spend_neither_the_connections_nor_the_addresss_quota(
    world, stored_files
):
    from core.models import Hit

    for _ in range(3):
        cut = SimpleUploadedFile("foto.jpg", truncated_jpeg(), content_type="image/jpeg")
        with pytest.raises(ValidationError):
            submit(world.forum, email="budi@contoh.id", ip="36.80.5.5", attachments=[cut])
    assert not Hit.objects.exists()
    for _ in range(SUBMIT_PER_ACCOUNT):
        submit(world.forum, email="budi@contoh.id", ip="36.80.5.5")
    assert Submission.objects.filter(author_email="budi@contoh.id").count() == SUBMIT_PER_ACCOUNT


def test_a_try_refused_by_one_limit_is_counted_by_none(world):
    """The address is spent; the tries it refuses do not eat into the connection's quota."""
    from core.models import Hit

    for n in range(SUBMIT_PER_ACCOUNT):
        submit(world.forum, email="budi@contoh.id", ip=f"10.1.2.{n}")
    before = Hit.objects.count()
    for _ in range(3):
        with pytest.raises(RateLimited):
            submit(world.forum, email="budi@contoh.id", ip="10.1.2.200")
    assert Hit.objects.count() == before


def test_the_connection_limit_counts_only_the_last_ten_minutes(world):
    from core.models import Hit

    for n in range(SUBMIT_PER_IP):
        submit(world.forum, email=f"warga{n}@contoh.id", ip="36.80.12.34")
    Hit.objects.update(at=timezone.now() - timedelta(minutes=11))
    submit(world.forum, email="warga-lagi@contoh.id", ip="36.80.12.34")
    assert Submission.objects.count() == SUBMIT_PER_IP + 1


def test_five_submissions_per_email_address_an_hour(world):
    for n in range(5):
        submit(world.forum, email="budi@contoh.id", ip=f"10.1.1.{n}")
    with pytest.raises(RateLimited):
        submit(world.forum, email="BUDI@contoh.id", ip="10.1.1.99")
    assert Submission.objects.filter(author_email__iexact="budi@contoh.id").count() == 5


def test_the_limits_keep_no_address_in_the_clear(world):
    from core.models import Hit

    submission = submit(world.forum, email="budi@contoh.id", ip="36.80.12.34")
    keys = " ".join(Hit.objects.values_list("key", flat=True))
    assert "36.80.12.34" not in keys and "budi" not in keys
    assert submission.ip_hash and "36.80" not in submission.ip_hash


# --- Bots -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_guest", [True, False], ids=["guest", "account"])
def test_a_bot_is_quarantined_in_silence(world, as_guest, django_capture_on_commit_callbacks):
    user = None if as_guest else established()
    OutboundEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bot = submit(
            world.forum,
            user=user,
            email="bot@spam.example" if as_guest else "",
            title="Murah meriah",
            looks_like_a_bot=True,
        )
    assert callbacks == []

    bot.refresh_from_db()
    assert bot.quarantined
    assert bot.status != "received"
    assert not OutboundEmail.objects.exists()
    assert not rules.public_submissions().filter(pk=bot.pk).exists()
    assert bot not in selectors.submission_public_list(query="Murah meriah")
    assert bot not in selectors.inbox(world.secretariat)
    assert not rules.is_published(bot)
    address = "bot@spam.example" if as_guest else user.email
    assert services.submission_lookup(code=bot.tracking_code, email=address) is None
    assert selectors.submission_for_page(bot.tracking_code) is None
    assert not bot.events.exists()


# --- Links ----------------------------------------------------------------------------------------


def test_a_new_account_may_not_post_three_links(world):
    newcomer = UserFactory()
    with pytest.raises(ValidationError) as refused:
        submit(world.forum, user=newcomer, body=THREE_LINKS)
    assert "body" in refused.value.message_dict
    assert not Submission.objects.filter(author=newcomer).exists()
    submit(world.forum, user=newcomer, body="Dua tautan: https://contoh.id/a http://contoh.id/b")
    assert Submission.objects.filter(author=newcomer).count() == 1


def test_a_link_with_www_counts_once(world):
    two_links = "Peta: https://www.kim.co.id/peta dan http://www.sumutprov.go.id/jadwal"
    assert text.count_links(two_links) == 2
    assert text.count_links(THREE_LINKS) == 3
    submission = submit(world.forum, user=UserFactory(), body=two_links)
    assert submission.body == two_links


def test_a_guest_may_not_post_three_links(world):
    with pytest.raises(ValidationError):
        submit(world.forum, email="budi@contoh.id", body=THREE_LINKS)
    assert not Submission.objects.exists()


def test_an_account_joined_long_ago_without_reviewed_input_is_still_new(world):
    old_but_unknown = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    with pytest.raises(ValidationError):
        submit(world.forum, user=old_but_unknown, body=THREE_LINKS)


def test_an_established_account_may_post_links(world):
    user = established()
    submission = submit(world.forum, user=user, body=THREE_LINKS)
    assert submission.body == THREE_LINKS
    assert "https://contoh.id/a" in submission.body_html
    assert not submission.held


def test_a_new_account_may_not_reply_with_three_links(world):
    submission = forwarded(world)
    with pytest.raises(ValidationError):
        services.reply_create(submission=submission, by=visitor_of(UserFactory()), body=THREE_LINKS)
    assert not Reply.objects.exists()


def test_staff_of_the_submission_may_reply_with_links(world):
    submission = forwarded(world)
    for staff in (world.editor, world.secretariat):
        services.reply_create(submission=submission, by=visitor_of(staff), body=THREE_LINKS)
    assert submission.replies.count() == 2
    with pytest.raises(ValidationError):
        services.reply_create(
            submission=submission, by=visitor_of(world.other_staff), body=THREE_LINKS
        )


# --- Markdown -------------------------------------------------------------------------------------


class Elements(HTMLParser):
    """The tags and attributes a browser would build from some HTML."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_scripts_and_javascript_links_are_inert():
    html = text.render(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n"
        '<a href="javascript:alert(2)">klik</a> <img src=x onerror=alert(3)>\n\n'
        "[y](JaVaScRiPt:alert(4)) [z](data:text/html;base64,PHNjcmlwdD4=)"
    )
    assert "<script" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run
    tags = Elements(html).tags
    assert {tag for tag, _attrs in tags} <= {"p", "a", "br"}
    for _tag, attrs in tags:
        assert not any(name.startswith("on") for name in attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:"))


def test_links_keep_http_with_a_safe_rel():
    html = text.render("Lihat [peta kawasan](https://kim.co.id/peta) dan **jadwal**.")
    assert 'href="https://kim.co.id/peta"' in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html
    assert "<strong>jadwal</strong>" in html


def test_a_submission_stores_its_text_rendered_safely(world):
    submission = submit(
        world.forum, user=established(), body="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    assert "<script" not in submission.body_html
    assert 'href="javascript' not in submission.body_html
    assert submission.body.startswith("<script>")  # the original is kept as written


# --- Uploads --------------------------------------------------------------------------------------


@pytest.fixture
def stored_files():
    """Attachments land in the private storage; remove them after the test."""
    yield
    for attachment in Attachment.objects.all():
        attachment.file.delete(save=False)


def truncated_jpeg():
    """A photo cut off half-way, as a weak signal or a chat app leaves it."""
    buffer = io.BytesIO()
    Image.effect_noise((320, 240), 60).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def jpeg_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)  # tag 34853
    gps.update({1: "N", 2: (3.0, 35.0, 30.0), 3: "E", 4: (98.0, 40.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the fixture really carries a position
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)[2] == (3.0, 35.0, 30.0)
    return data


def test_a_photo_is_stored_without_its_exif_position(world, stored_files):
    upload = SimpleUploadedFile("jalan-rusak.jpg", jpeg_with_gps(), content_type="image/jpeg")
    submission = submit(world.forum, attachments=[upload])

    attachment = submission.attachments.get()
    assert attachment.name == "lampiran-1.jpg"
    assert attachment.content_type == "image/jpeg"
    with attachment.file.open("rb") as stored:
        data = stored.read()
    assert attachment.size == len(data)
    assert b"Exif" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert image.size == (40, 30)
        red, green, blue = image.getpixel((20, 15))
        assert red > 150 and green < 80 and blue < 80


def test_a_png_keeps_its_colours_and_loses_its_metadata(world, stored_files):
    from PIL import PngImagePlugin

    palette = Image.new("P", (16, 16), 1)
    palette.putpalette([0, 0, 0, 0, 128, 0] + [0, 0, 0] * 254)  # index 1 is green
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Siti Rahmawati")
    buffer = io.BytesIO()
    palette.save(buffer, "PNG", pnginfo=info)
    upload = SimpleUploadedFile("denah.png", buffer.getvalue(), content_type="image/png")

    attachment = submit(world.forum, attachments=[upload]).attachments.get()
    with attachment.file.open("rb") as stored:
        data = stored.read()
    assert b"Siti Rahmawati" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.convert("RGB").getpixel((5, 5)) == (0, 128, 0)


def png_bomb(width=20_000, height=20_000):
    """A PNG whose header claims width × height pixels: a few bytes that would take gigabytes."""
    import zlib

    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, "PNG")
    png = bytearray(buffer.getvalue())
    png[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    png[29:33] = zlib.crc32(bytes(png[12:29])).to_bytes(4, "big")
    return bytes(png)


@pytest.mark.parametrize("size", [(20_000, 20_000), (9_000, 9_000)])
def test_a_picture_bomb_is_refused_clearly_and_spends_no_quota(world, stored_files, size):
    """400 megapixels (Pillow's own guard) and 81 megapixels (under it, above the portal's cap):
    both refused from the header, before a pixel is decoded, and the connection's quota is
    untouched."""
    from core.models import Hit

    upload = SimpleUploadedFile("jalan.png", png_bomb(*size), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        submit(world.forum, attachments=[upload], ip="36.80.5.5")
    assert "terlalu banyak piksel" in refused.value.messages[0]
    assert not Submission.objects.exists()
    assert not Hit.objects.exists()


def test_a_pdf_is_accepted(world, stored_files):
    pdf = PDF
    upload = SimpleUploadedFile("surat.pdf", pdf, content_type="application/pdf")
    attachment = submit(world.forum, attachments=[upload]).attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.name == "lampiran-1.pdf"
    with attachment.file.open("rb") as stored:
        assert len(PdfReader(stored).pages) == 1  # written anew (tests/forums/test_attachments)


@pytest.mark.parametrize(
    "name,content",
    [
        ("foto.jpg", b"MZ\x90\x00\x03\x00\x00\x00 not a photo at all"),
        ("surat.pdf", b"<html><script>alert(1)</script></html>"),
        ("data.docx", b"PK\x03\x04 not even a zip"),
    ],
    ids=["exe-as-jpg", "html-as-pdf", "fake-docx"],
)
def test_a_file_that_is_not_jpeg_png_or_pdf_by_content_is_refused(world, name, content):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    with pytest.raises(ValidationError):
        submit(world.forum, user=world.resident, attachments=[upload])
    assert not Submission.objects.exists()
    assert not Attachment.objects.exists()
