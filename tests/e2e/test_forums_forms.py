"""The residents' forum's create forms in the browser, typed as people in North Sumatra type
them: a double-click on each create button saves once (with JavaScript and without, for a
resident without an account too), a public meeting typed in the past is refused at its date
and one in the future announced, and a required field left empty is shown at the field in
Indonesian with everything else kept.

The submission and report forms refuse what is sent faster than a person types (a bot): the
journeys wait as long as a person would, from the moment the form is shown."""

import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from playwright.sync_api import expect

from agencies.enums import MemberRole
from forums import services
from forums.models import Follow, Meeting, Reply, Report, Rsvp, Submission
from forums.placement import general_forum
from notifications.models import OutboundEmail
from tests.e2e.support import (
    ALREADY,
    REQUIRED,
    CreateButton,
    a_double_click_saves_once,
    expect_field_error,
    open_tab,
    slowly,
    status,
)
from tests.factories import AgencyFactory, MembershipFactory, UserFactory, secretariat_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A little over the submission form's bot threshold (services.MIN_FILL_SECONDS).
PERSON_SECONDS = services.MIN_FILL_SECONDS + 0.3


@dataclass
class World:
    forum: object
    agency: object  # Disperindag, the submission was forwarded to it
    editor: object  # of Disperindag
    secretariat: object
    resident: object  # with an account
    submission: object  # public, forwarded, by another resident
    meeting: object  # a public meeting in nine days


@pytest.fixture
def world(eager_tasks):  # e-mails are sent where they are queued, not left in a shared Redis
    forum = general_forum()
    agency = AgencyFactory(
        name="Dinas Perindustrian dan Perdagangan Provinsi Sumatera Utara",
        acronym="Disperindag Sumut",
        slug="disperindag",
    )
    editor = MembershipFactory(
        agency=agency, role=MemberRole.EDITOR, user__full_name="Fajar Sitompul"
    ).user
    secretariat = secretariat_user(full_name="Rudi Sekretariat")
    long_ago = timezone.now() - timedelta(days=90)
    author = UserFactory(full_name="Warga Belawan", date_joined=long_ago)
    submission = services.submission_create(
        forum=forum,
        kind="pengaduan",
        title="Limbah pabrik tahu mencemari parit di Medan Belawan",
        body="Setiap sore parit di Jl. Young Panah Hijau berbau dan airnya keruh.",
        privacy="public",
        user=author,
    )
    services.submission_verify(submission=submission, by=secretariat)
    services.submission_forward(submission=submission, by=secretariat, agency=agency)
    start = (timezone.localtime() + timedelta(days=9)).replace(hour=9, minute=0, second=0)
    meeting = Meeting.objects.create(
        forum=forum,
        title="Dengar pendapat kawasan industri Medan",
        agenda="Paparan Disperindag dan tanya jawab warga.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Aula Martabe, Kantor Gubernur",
    )
    return World(
        forum=forum,
        agency=agency,
        editor=editor,
        secretariat=secretariat,
        resident=UserFactory(
            full_name="Maruli Tampubolon", email="maruli@contoh.id", date_joined=long_ago
        ),
        submission=submission,
        meeting=meeting,
    )


def like_a_person(page, shown_at, seconds=PERSON_SECONDS):
    """Wait until a person would have filled the form shown at `shown_at` (time.monotonic)."""
    page.wait_for_timeout(max(0, (shown_at + seconds - time.monotonic()) * 1000))


def in_indonesian(moment, layout):
    with translation.override("id"):
        return dateformat.format(timezone.localtime(moment), layout)


# --- What each form is typed with, and what must come of it ---------------------------------------

SUBMISSION = {
    "#id_title": "Pelatihan pengolahan ikan asin higienis untuk nelayan Sibolga",
    "#id_body": (
        "Kami nelayan di Kelurahan Pancuran Bambu butuh pelatihan pengolahan ikan asin yang "
        "higienis. Hubungi kelompok kami di 0812-3456-7890."
    ),
    "#id_name": "Rahmat Hidayat Nasution",
    "#id_email": "Rahmat.Nasution@contoh.id",
}


def fill_submission(page, typed=SUBMISSION):
    page.locator("input[name=kind][value=aspirasi]").check()
    for selector, value in typed.items():
        page.locator(selector).fill(value)
    page.locator("#id_sector").select_option(label="Perikanan")
    page.locator("#id_regency").select_option(label="Kota Sibolga")
    page.locator("input[name=privacy][value=public]").check()
    page.locator("#id_consent").check()


def submission_saved(page, world):
    code = page.locator("#tracking-code")
    expect(code).to_be_visible()
    submission = Submission.objects.get(author_email__iexact="rahmat.nasution@contoh.id")
    expect(code).to_have_text(submission.tracking_code)
    assert (submission.kind, submission.title, submission.body) == (
        "aspirasi",
        SUBMISSION["#id_title"],
        SUBMISSION["#id_body"],
    )
    assert (submission.author_name, submission.author, submission.privacy) == (
        "Rahmat Hidayat Nasution",
        None,
        "public",
    )
    assert (submission.sector.slug, submission.regency.code) == ("perikanan", "12.73")
    assert (submission.status, submission.quarantined) == ("unconfirmed", False)
    assert OutboundEmail.objects.filter(to__iexact="rahmat.nasution@contoh.id").count() == 1
    return reverse("forums:submitted")


REPLY = (
    "Di Jl. Brigjend Katamso, Medan Maimun, juga begitu sejak Senin. Mohon segera "
    "ditindaklanjuti, Bapak/Ibu."
)


def fill_reply(page):
    page.get_by_label("Balasan Anda").fill(REPLY)


def reply_saved(page, world):
    expect(status(page)).to_have_text("Balasan Anda telah dikirim.")
    reply = Reply.objects.get(submission=world.submission, author=world.resident)
    assert (reply.kind, reply.body) == ("reply", REPLY)
    expect(page.locator("#replies")).to_contain_text("Mohon segera ditindaklanjuti")
    return f"{world.submission.get_absolute_url()}#replies"


def follow_saved(page, world):
    expect(status(page)).to_contain_text("Anda mengikuti kiriman ini")
    assert Follow.objects.filter(submission=world.submission, user=world.resident).count() == 1
    expect(page.get_by_role("button", name="Berhenti mengikuti")).to_be_visible()
    return world.submission.get_absolute_url()


def fill_support_email(page):
    page.get_by_label("Alamat e-mail Anda").fill("butet.manurung@contoh.id")
    page.locator("#id_consent").check()


def support_email_saved(page, world):
    expect(status(page)).to_have_text(
        "Periksa e-mail Anda: dukungan Anda dihitung setelah Anda membuka tautannya."
    )
    assert OutboundEmail.objects.filter(to="butet.manurung@contoh.id").count() == 1
    return world.submission.get_absolute_url()


REPORT_NOTE = "Isinya iklan obat, bukan soal limbah."


def fill_report(page):
    page.locator("input[name=reason][value=spam]").check()
    page.get_by_label("Ada yang ingin ditambahkan?").fill(REPORT_NOTE)


def report_saved(page, world):
    expect(status(page)).to_have_text("Terima kasih. Moderator akan memeriksanya.")
    report = Report.objects.get(submission=world.submission)
    assert (report.reason, report.note, report.reporter) == ("spam", REPORT_NOTE, world.resident)
    return world.submission.get_absolute_url()


NOTE = "Sudah dicek ke lapangan Kamis, 3 Desember; pabrik tahu di Gg. Mesjid belum punya IPAL."


def fill_note(page):
    page.get_by_label("Catatan internal").fill(NOTE)


def staff_saved(page, world):
    code = world.submission.tracking_code
    expect(status(page)).to_have_text(f"Selesai: {code} telah diperbarui.")
    return reverse("forums:manage", args=[code])


def note_saved(page, world):
    lands = staff_saved(page, world)
    note = Reply.objects.get(submission=world.submission, kind="note")
    assert (note.body, note.author) == (NOTE, world.editor)
    expect(page.locator("#replies")).to_contain_text("belum punya IPAL")
    return lands


ANSWER = "Tim Disperindag memeriksa pabrik itu pada Kamis, 10 Desember, pukul 09.00 WIB."


def fill_answer(page):
    page.get_by_label("Jawaban resmi").fill(ANSWER)


def answer_saved(page, world):
    lands = staff_saved(page, world)
    answer = Reply.objects.get(submission=world.submission, kind="answer")
    assert (answer.body, answer.author) == (ANSWER, world.editor)
    world.submission.refresh_from_db()
    assert world.submission.status == "answered"
    expect(page.locator("#submission-status")).to_contain_text("Dijawab")
    return lands


MEETING_START = (timezone.localtime() + timedelta(days=21)).replace(
    hour=14, minute=0, second=0, microsecond=0
)


def wib(moment):
    return dateformat.format(timezone.localtime(moment), "Y-m-d\\TH:i")


def meeting_fields(start=MEETING_START):
    return {
        "#id_title": "Forum terbuka: pelatihan vokasi untuk pemuda Belawan",
        "#id_agenda": "1. Paparan BLK Medan\n2. Tanya jawab warga\n3. Kesepakatan tindak lanjut",
        "#id_starts_at": wib(start),
        "#id_ends_at": wib(start + timedelta(hours=2, minutes=30)),
        "#id_place": "Aula Kantor Camat Medan Belawan, Jl. Raya Pelabuhan No. 3",
        "#id_online_link": "https://meet.contoh.id/forum-belawan",
    }


def fill_meeting(page, typed=None):
    for selector, value in (typed or meeting_fields()).items():
        page.locator(selector).fill(value)


def meeting_saved(page, world):
    expect(status(page)).to_have_text("Pertemuan telah diumumkan.")
    meeting = Meeting.objects.get(title="Forum terbuka: pelatihan vokasi untuk pemuda Belawan")
    assert (meeting.starts_at, meeting.ends_at) == (
        MEETING_START,
        MEETING_START + timedelta(hours=2, minutes=30),
    )
    assert meeting.place == "Aula Kantor Camat Medan Belawan, Jl. Raya Pelabuhan No. 3"
    assert (meeting.online_link, meeting.created_by) == (
        "https://meet.contoh.id/forum-belawan",
        world.secretariat,
    )
    assert meeting.agenda.splitlines()[1] == "2. Tanya jawab warga"
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    expect(page.locator("#main")).to_contain_text(
        f"{in_indonesian(MEETING_START, 'l, j F Y')}, 14.00–16.30 WIB"
    )
    return meeting.get_absolute_url()


def rsvp_saved(page, world):
    expect(status(page)).to_have_text("Sampai jumpa di sana: kehadiran Anda telah dicatat.")
    assert Rsvp.objects.filter(meeting=world.meeting, user=world.resident).count() == 1
    expect(page.locator("#rsvp-count")).to_have_text("1 orang akan hadir.")
    expect(page.get_by_role("button", name="Saya batal hadir")).to_be_visible()
    return world.meeting.get_absolute_url()


CREATE_BUTTONS = {
    "submission-without-an-account": CreateButton(
        who=None,
        path=lambda w: reverse("forums:submit"),
        fill=fill_submission,
        button="Kirim",
        service="submission_create",
        saved=submission_saved,
        wait=PERSON_SECONDS,
    ),
    "reply": CreateButton(
        who="resident",
        path=lambda w: w.submission.get_absolute_url(),
        fill=fill_reply,
        button="Kirim balasan",
        service="reply_create",
        saved=reply_saved,
    ),
    "follow": CreateButton(
        who="resident",
        path=lambda w: w.submission.get_absolute_url(),
        fill=lambda page: None,
        button="Ikuti",
        service="follow_toggle",
        saved=follow_saved,
    ),
    "support-by-e-mail": CreateButton(
        who=None,
        path=lambda w: reverse("forums:support_email", args=[w.submission.tracking_code]),
        fill=fill_support_email,
        button="Kirim tautan",
        service="support_request_by_email",
        saved=support_email_saved,
    ),
    "report": CreateButton(
        who="resident",
        path=lambda w: reverse("forums:report", args=[w.submission.tracking_code]),
        fill=fill_report,
        button="Kirim",
        service="report_create",
        saved=report_saved,
        wait=1.3,
    ),
    "internal-note": CreateButton(
        who="editor",
        path=lambda w: reverse("forums:manage", args=[w.submission.tracking_code]),
        fill=fill_note,
        button="Tambahkan catatan internal",
        service="note_create",
        saved=note_saved,
    ),
    "official-answer": CreateButton(
        who="editor",
        path=lambda w: reverse("forums:action", args=[w.submission.tracking_code, "jawab"]),
        fill=fill_answer,
        button="Konfirmasi",
        service="submission_answer",
        saved=answer_saved,
    ),
    "meeting": CreateButton(
        who="secretariat",
        path=lambda w: reverse("forums:meeting_create", args=[w.forum.slug]),
        fill=fill_meeting,
        button="Umumkan",
        service="meeting_create",
        saved=meeting_saved,
    ),
    "rsvp": CreateButton(
        who="resident",
        path=lambda w: w.meeting.get_absolute_url(),
        fill=lambda page: None,
        button="Saya akan hadir",
        service="rsvp_toggle",
        saved=rsvp_saved,
    ),
}


@pytest.mark.parametrize("name", CREATE_BUTTONS)
def test_a_double_click_on_a_create_button_sends_it_once_and_saves_what_was_typed(
    browser, live_server, world, monkeypatch, request, name
):
    a_double_click_saves_once(
        CREATE_BUTTONS[name],
        browser=browser,
        live_server=live_server,
        world=world,
        monkeypatch=monkeypatch,
        services=services,
        request=request,
    )


def test_without_javascript_a_resident_without_an_account_sending_twice_gets_one_submission(
    browser, live_server, world, monkeypatch
):
    slowly(monkeypatch, services, "submission_create", seconds=1.5)
    tab = open_tab(browser, live_server, java_script_enabled=False)
    page = tab.goto(live_server, reverse("forums:submit"))
    shown_at = time.monotonic()
    fill_submission(page)
    like_a_person(page, shown_at)
    page.locator("#id_title").focus()
    page.keyboard.press("Enter")
    time.sleep(0.5)
    page.keyboard.press("Enter")  # the first is still at work

    expect(status(page)).to_contain_text(ALREADY, timeout=15_000)
    assert len(tab.posts) == 2, tab.posts
    submission = Submission.objects.get(author_email__iexact="rahmat.nasution@contoh.id")
    # Still told the tracking code: the one that was made.
    expect(page.locator("#tracking-code")).to_have_text(submission.tracking_code)
    assert OutboundEmail.objects.filter(to__iexact="rahmat.nasution@contoh.id").count() == 1
    assert tab.console_errors == []


def test_without_javascript_a_second_click_on_follow_does_not_unfollow(
    browser, live_server, world, monkeypatch
):
    """Following is a toggle: a second click that got through would undo the first."""
    slowly(monkeypatch, services, "follow_toggle", seconds=1.5)
    tab = open_tab(browser, live_server, world.resident, java_script_enabled=False)
    page = tab.goto(live_server, world.submission.get_absolute_url())
    page.get_by_role("button", name="Ikuti", exact=True).focus()
    page.keyboard.press("Enter")
    time.sleep(0.5)
    page.keyboard.press("Enter")  # the first is still at work

    expect(status(page)).to_contain_text(ALREADY, timeout=15_000)
    assert len(tab.posts) == 2, tab.posts
    assert Follow.objects.filter(submission=world.submission, user=world.resident).count() == 1
    expect(page.get_by_role("button", name="Berhenti mengikuti")).to_be_visible()


# --- Dates in the past and in the future ----------------------------------------------------------


def test_a_meeting_typed_in_the_past_is_refused_at_its_date_keeping_all_and_announced_ahead(
    browser, live_server, world
):
    tab = open_tab(browser, live_server, world.secretariat)
    page = tab.goto(live_server, world.forum.get_absolute_url())
    page.get_by_role("link", name="Umumkan pertemuan publik").click()
    typed = meeting_fields(start=MEETING_START - timedelta(days=35))  # the month slipped
    fill_meeting(page, typed)
    page.get_by_role("button", name="Umumkan").click()

    expect_field_error(
        page,
        "id_starts_at",
        "Pertemuan publik tidak dapat diumumkan untuk waktu yang sudah lewat. Periksa tanggalnya.",
    )
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    assert Meeting.objects.count() == 1  # the world's own
    tab.check_page()

    fill_meeting(page)
    page.get_by_role("button", name="Umumkan").click()
    lands = meeting_saved(page, world)
    assert page.url == f"{live_server.url}{lands}"
    assert Meeting.objects.count() == 2
    tab.check_page()


# --- A required field left empty ------------------------------------------------------------------


def test_a_submission_without_a_title_says_so_at_the_field_keeps_the_rest_and_sends_once_fixed(
    browser, live_server, world
):
    tab = open_tab(browser, live_server)
    page = tab.goto(live_server, reverse("forums:submit"))
    shown_at = time.monotonic()
    typed = {key: value for key, value in SUBMISSION.items() if key != "#id_title"}
    fill_submission(page, typed)
    like_a_person(page, shown_at)
    page.locator("#main").get_by_role("button", name="Kirim", exact=True).click()

    expect_field_error(page, "id_title")
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(page.locator("input[name=kind][value=aspirasi]")).to_be_checked()
    expect(page.locator("#id_sector option:checked")).to_have_text("Perikanan")
    expect(page.locator("#id_regency option:checked")).to_have_text("Kota Sibolga")
    expect(page.locator("#id_consent")).to_be_checked()
    assert not Submission.objects.filter(author_email__iexact="rahmat.nasution@contoh.id").exists()
    tab.check_page()

    page.locator("#id_title").fill(SUBMISSION["#id_title"])
    page.locator("#main").get_by_role("button", name="Kirim", exact=True).click()
    submission_saved(page, world)
    tab.check_page()


def test_a_refused_reply_says_so_at_the_field_keeps_what_was_typed_and_is_posted_once_fixed(
    browser, live_server, world
):
    newcomer = UserFactory(full_name="Butet Siahaan")  # joined today: at most two links
    tab = open_tab(browser, live_server, newcomer)
    page = tab.goto(live_server, world.submission.get_absolute_url())
    page.get_by_role("button", name="Kirim balasan").click()

    expect_field_error(page, "id_body", summary="reply-errors")
    assert not Reply.objects.filter(author=newcomer).exists()
    tab.check_page()

    typed = (
        "Foto parit kemarin: https://foto.contoh.id/1, https://foto.contoh.id/2 dan "
        "https://foto.contoh.id/3."
    )
    page.get_by_label("Balasan Anda").fill(typed)
    page.get_by_role("button", name="Kirim balasan").click()
    expect_field_error(
        page,
        "id_body",
        "Akun baru hanya boleh menyertakan paling banyak 2 tautan; hapus sebagian lalu kirim lagi.",
        summary="reply-errors",
    )
    expect(page.get_by_label("Balasan Anda")).to_have_value(typed)
    assert not Reply.objects.filter(author=newcomer).exists()
    tab.check_page()

    fixed = typed.replace(" dan https://foto.contoh.id/3", "")
    page.get_by_label("Balasan Anda").fill(fixed)
    page.get_by_role("button", name="Kirim balasan").click()
    expect(status(page)).to_have_text("Balasan Anda telah dikirim.")
    assert page.url.endswith(f"{world.submission.get_absolute_url()}#replies")
    assert Reply.objects.get(author=newcomer).body == fixed
    expect(page.locator("#replies")).to_contain_text("Foto parit kemarin")
    tab.check_page()


def test_an_empty_internal_note_says_so_at_the_field_and_is_added_once_written(
    browser, live_server, world
):
    tab = open_tab(browser, live_server, world.editor)
    page = tab.goto(live_server, reverse("forums:manage", args=[world.submission.tracking_code]))
    page.get_by_role("button", name="Tambahkan catatan internal").click()

    expect_field_error(page, "id_body")
    assert not Reply.objects.filter(kind="note").exists()
    tab.check_page()

    fill_note(page)
    page.get_by_role("button", name="Konfirmasi").click()
    note_saved(page, world)
    assert Reply.objects.filter(kind="note").count() == 1
    tab.check_page()


def test_a_report_without_a_reason_says_so_and_keeps_the_note(browser, live_server, world):
    tab = open_tab(browser, live_server, world.resident)
    page = tab.goto(live_server, world.submission.get_absolute_url())
    page.get_by_role("link", name="Laporkan").click()
    shown_at = time.monotonic()
    page.get_by_label("Ada yang ingin ditambahkan?").fill(REPORT_NOTE)
    like_a_person(page, shown_at, 1.3)
    page.locator("#main").get_by_role("button", name="Kirim", exact=True).click()

    for choice in page.locator("input[name=reason]").all():
        expect(choice).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_reason_error")).to_have_text(REQUIRED)
    expect(page.locator("#form-errors")).to_be_focused()
    expect(page.get_by_label("Ada yang ingin ditambahkan?")).to_have_value(REPORT_NOTE)
    assert not Report.objects.exists()
    tab.check_page()

    page.locator("input[name=reason][value=spam]").check()
    page.locator("#main").get_by_role("button", name="Kirim", exact=True).click()
    report_saved(page, world)
    assert Report.objects.count() == 1
    tab.check_page()


def test_support_without_an_address_says_so_at_the_field_and_keeps_the_consent(
    browser, live_server, world
):
    tab = open_tab(browser, live_server)
    page = tab.goto(live_server, world.submission.get_absolute_url())
    page.locator("#main").get_by_role("link", name="Dukung").click()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Kirim tautan").click()

    expect_field_error(page, "id_email")
    expect(page.locator("#id_consent")).to_be_checked()
    tab.check_page()

    fill_support_email(page)
    page.get_by_role("button", name="Kirim tautan").click()
    support_email_saved(page, world)
    tab.check_page()
