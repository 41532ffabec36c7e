"""The forum pages as residents and staff use them: spam defence and rate limits at the form,
privacy in the HTML, and queries per page that do not grow with replies."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.enums import MemberRole
from forums import services
from forums.forms import FILL_SALT
from forums.models import Meeting, Reply, Submission
from forums.placement import general_forum
from tests.factories import AgencyFactory, MembershipFactory, UserFactory, secretariat_user
from tests.support.links import assert_names_nobody, confirm_token

pytestmark = pytest.mark.django_db
SUBMIT = reverse("forums:submit")


def form_data(**overrides):
    data = {
        "kind": "aspirasi",
        "title": "Pelatihan pengolahan ikan di Sibolga",
        "body": "Nelayan butuh pelatihan pengolahan ikan asin yang higienis.",
        "privacy": "public",
        "name": "Rahmat Hutabarat",
        "email": "rahmat@contoh.id",
        "consent": "on",
        "website": "",
        "started": signing.dumps(time.time() - 30, salt=FILL_SALT),
    }
    data.update(overrides)
    return data


def published(title="Masukan terbit", privacy="public", **kwargs):
    """A published submission by an established resident."""
    author = UserFactory(date_joined=timezone.now() - timedelta(days=60))
    Submission.objects.create(
        tracking_code=f"SM-2020-{Submission.objects.count() + 1:06d}",
        forum=general_forum(),
        kind="aspirasi",
        title="lama",
        body="lama",
        body_html="<p>lama</p>",
        status="closed",
        privacy="rahasia",
        author=author,
    )
    submission = services.submission_create(
        forum=general_forum(),
        kind="aspirasi",
        title=title,
        body=kwargs.pop("body", "Isi masukan."),
        privacy=privacy,
        user=author,
        **kwargs,
    )
    submission.refresh_from_db()
    assert not submission.held
    return submission


def test_guest_submission_shows_its_tracking_code_and_waits_for_the_email_link(client):
    response = client.post(SUBMIT, form_data(), REMOTE_ADDR="10.0.0.1", follow=True)
    submission = Submission.objects.get()
    assert submission.status == "unconfirmed" and not submission.quarantined
    assert submission.tracking_code in response.content.decode()
    assert client.get(reverse("forums:index")).content.decode().count(submission.title) == 0


def test_submissions_past_the_connection_limit_get_a_clear_message_and_keep_the_text(client):
    pages = [
        client.post(
            SUBMIT, form_data(email=f"warga{n}@contoh.id"), REMOTE_ADDR="10.0.0.2", follow=True
        )
        for n in range(services.SUBMIT_PER_IP + 2)
    ]
    assert Submission.objects.count() == services.SUBMIT_PER_IP
    last = pages[-1].content.decode()
    assert "Terlalu banyak kiriman dari koneksi Anda" in last
    # What was typed is kept, to send later.
    assert "Pelatihan pengolahan ikan di Sibolga" in last


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_published(client):
    response = client.post(SUBMIT, form_data(website="http://spam.example"), follow=True)
    assert "Terima kasih" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.quarantined
    from notifications.models import OutboundEmail

    assert not OutboundEmail.objects.exists()
    index = client.get(reverse("forums:index")).content.decode()
    assert submission.title not in index


def test_a_form_sent_faster_than_a_person_can_type_is_quarantined(client):
    client.post(SUBMIT, form_data(started=signing.dumps(time.time(), salt=FILL_SALT)))
    assert Submission.objects.get().quarantined


def test_the_form_needs_consent_and_says_so(client):
    response = client.post(SUBMIT, form_data(consent=""))
    assert response.status_code == 200
    assert "UU 27/2022" in response.content.decode()
    assert not Submission.objects.exists()


def test_public_pages_never_show_an_email_address_or_an_anonymous_name(client):
    secretariat = secretariat_user()
    anonymous = published("Keluhan anonim", privacy="anonim")
    named = published("Keluhan bernama")
    services.submission_verify(submission=anonymous, by=secretariat)
    for page_url in (
        reverse("forums:index"),
        anonymous.get_absolute_url(),
        named.get_absolute_url(),
        reverse("forums:feed"),
        reverse("forums:export"),
    ):
        page = client.get(page_url).content.decode()
        assert anonymous.author.full_name not in page, page_url
        assert anonymous.author.email not in page, page_url
        assert named.author.email not in page, page_url
    assert named.author.full_name in client.get(named.get_absolute_url()).content.decode()


def test_a_rahasia_submission_is_404_for_the_public_and_other_agencies(client):
    secretariat = secretariat_user()
    agency = AgencyFactory()
    submission = published("Pungutan liar", privacy="rahasia")
    services.submission_verify(submission=submission, by=secretariat)
    services.submission_forward(submission=submission, by=secretariat, agency=agency)
    url = submission.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(role=MemberRole.ADMIN).user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("forums:manage", args=[submission.tracking_code])).status_code == 404
    client.force_login(MembershipFactory(agency=agency, role=MemberRole.VIEWER).user)
    assert client.get(url).status_code == 200
    client.force_login(submission.author)
    assert client.get(url).status_code == 200
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_posts_are_rendered_inert(client):
    submission = published(
        "Uji keamanan",
        body="<script>alert(1)</script> [klik](javascript:alert(2)) <img src=x onerror=alert(3)>",
    )
    page = client.get(submission.get_absolute_url()).content.decode()
    body = page.split('class="post-body">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and "<img" not in body
    assert 'href="javascript' not in body
    assert "&lt;script&gt;" in body


def test_internal_notes_never_leave_the_staff_pages(client):
    secretariat = secretariat_user()
    submission = published("Masukan dengan catatan")
    services.note_create(submission=submission, by=secretariat, body="Catatan rahasia staf")
    assert "Catatan rahasia staf" not in client.get(submission.get_absolute_url()).content.decode()
    client.force_login(secretariat)
    staff_page = client.get(reverse("forums:manage", args=[submission.tracking_code]))
    assert "Catatan rahasia staf" in staff_page.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response


def test_index_and_a_submission_with_500_replies_cost_a_constant_number_of_queries(client):
    submission = published("Diskusi panjang")
    others = [published(f"Masukan {n}") for n in range(3)]
    people = [UserFactory() for _ in range(5)]

    def add_replies(count):
        Reply.objects.bulk_create(
            [
                Reply(
                    submission=submission,
                    author=people[n % len(people)],
                    body=f"Balasan {n}",
                    body_html=f"<p>Balasan {n}</p>",
                )
                for n in range(count)
            ]
        )

    add_replies(2)
    small_index, _ = count_queries(client, reverse("forums:index"))
    small_page, _ = count_queries(client, submission.get_absolute_url())
    add_replies(498)
    for other in others:
        Reply.objects.create(submission=other, body="x", body_html="<p>x</p>")
    large_index, _ = count_queries(client, reverse("forums:index"))
    large_page, response = count_queries(client, submission.get_absolute_url())
    # The thread is read 50 replies a page, oldest first: 2 + 48 of the 498 on the first page.
    first = response.content.decode()
    assert "Balasan 47<" in first
    assert "Balasan 48<" not in first
    assert "Balasan 497" not in first
    last_page, response = count_queries(client, f"{submission.get_absolute_url()}?page=10")
    last = response.content.decode()
    assert "Balasan 497<" in last
    assert "Balasan 448<" in last
    assert "Balasan 447<" not in last
    assert (small_index, small_page) == (large_index, large_page) == (large_index, last_page)


def test_lookup_by_code_and_email_opens_the_page_and_a_wrong_pair_does_not(client):
    client.post(SUBMIT, form_data(privacy="rahasia"), REMOTE_ADDR="10.0.0.3")
    submission = Submission.objects.get()
    services.submission_confirm_email(token=confirm_token(submission))
    other = client_class_new()
    response = other.post(
        reverse("forums:lookup"), {"code": submission.tracking_code, "email": "lain@contoh.id"}
    )
    assert "Tidak ada kiriman" in response.content.decode()
    assert other.get(submission.get_absolute_url()).status_code == 404
    response = other.post(
        reverse("forums:lookup"),
        {"code": submission.tracking_code.lower(), "email": "RAHMAT@contoh.id"},
    )
    assert response.url == submission.get_absolute_url()
    assert other.get(submission.get_absolute_url()).status_code == 200


def client_class_new():
    from django.test import Client

    return Client()


def test_an_agency_answers_through_its_staff_page(client):
    secretariat = secretariat_user()
    agency = AgencyFactory(name="Dinas Perindustrian Kota Medan")
    editor = MembershipFactory(agency=agency, role=MemberRole.EDITOR).user
    viewer = MembershipFactory(agency=agency, role=MemberRole.VIEWER).user
    submission = published("Izin usaha lambat")
    services.submission_verify(submission=submission, by=secretariat)
    services.submission_forward(submission=submission, by=secretariat, agency=agency)
    url = reverse("forums:action", args=[submission.tracking_code, "jawab"])
    client.force_login(viewer)
    assert client.post(url, {"body": "Jawaban"}).status_code == 403
    client.force_login(editor)
    inbox = client.get(reverse("forums:inbox")).content.decode()
    assert "Izin usaha lambat" in inbox
    client.post(url, {"body": "Izin Anda selesai minggu ini."})
    submission.refresh_from_db()
    assert submission.status == "answered"
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Izin Anda selesai minggu ini." in page and "Jawaban resmi" in page


def test_the_csv_export_cannot_carry_a_spreadsheet_formula(client):
    published('=HYPERLINK("http://jahat.example","klik")')
    rows = client.get(reverse("forums:export")).content.decode().splitlines()
    assert rows[1].split(",")[2].startswith("\"'=HYPERLINK")


def test_the_note_for_the_agency_never_reaches_the_public_timeline(client):
    secretariat = secretariat_user()
    submission = published("Masukan dengan disposisi")
    services.submission_verify(submission=submission, by=secretariat)
    services.submission_forward(
        submission=submission,
        by=secretariat,
        agency=AgencyFactory(),
        note="Pelapor pegawai dinas, mohon dirahasiakan",
    )
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Diteruskan" in page and "mohon dirahasiakan" not in page
    client.force_login(secretariat)
    staff = client.get(reverse("forums:manage", args=[submission.tracking_code])).content.decode()
    assert "mohon dirahasiakan" in staff


def test_guessing_addresses_for_a_known_code_stops_after_five_tries_from_that_connection(client):
    submission = published("Kode diketahui staf")
    url = reverse("forums:lookup")
    for n in range(5):
        client.post(
            url,
            {"code": submission.tracking_code, "email": f"tebak{n}@contoh.id"},
            REMOTE_ADDR="10.1.0.7",
        )
    response = client.post(
        url,
        {"code": submission.tracking_code, "email": submission.author.email},
        REMOTE_ADDR="10.1.0.7",
    )
    assert "Terlalu banyak percobaan yang salah" in response.content.decode()
    assert submission.pk not in client.session.get("forum_submissions", [])


def test_a_stranger_guessing_elsewhere_does_not_lock_the_submitter_out(client):
    """Wrong addresses typed for a code from other connections never block its owner."""
    submission = published("Kode diketahui orang lain", privacy="rahasia")
    url = reverse("forums:lookup")
    for n in range(20):
        client.post(
            url,
            {"code": submission.tracking_code, "email": f"tebak{n}@contoh.id"},
            REMOTE_ADDR=f"10.1.{n}.1",
        )
    response = client.post(
        url,
        {"code": submission.tracking_code, "email": submission.author.email},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 302 and response.url == submission.get_absolute_url()
    assert submission.pk in client.session["forum_submissions"]


def test_the_emailed_access_link_opens_the_submission_once(
    client, django_capture_on_commit_callbacks
):
    submission = published("Lampu jalan padam", privacy="rahasia")
    url = reverse("forums:lookup")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "link", "link-code": submission.tracking_code})
    assert response.status_code == 302
    unknown = client.post(url, {"action": "link", "link-code": "SM-2026-TIDAKADA"}, follow=True)
    assert "Jika kode pelacakan ini milik Anda" in unknown.content.decode()  # the same answer
    [sent] = [m for m in mail.outbox if submission.author.email in m.to]
    link = re.search(r"https?://[^/\s]+(/forum/akses/[^/\s]+/)", sent.body).group(1)
    assert len(mail.outbox) == 1

    asked = client.get(link)  # a mail scanner opening the link uses nothing up
    assert asked.status_code == 200 and submission.pk not in client.session.get(
        "forum_submissions", []
    )
    opened = client.post(link)
    assert opened.status_code == 302 and opened.url == submission.get_absolute_url()
    assert submission.pk in client.session["forum_submissions"]

    again = Client().post(link)
    assert again.status_code == 400
    assert "Tautan ini sudah dipakai" in again.content.decode()


def test_access_links_are_few_per_hour_so_no_stranger_floods_the_mailbox(
    client, django_capture_on_commit_callbacks
):
    submission = published("Jalan berlubang")
    url = reverse("forums:lookup")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            client.post(
                url,
                {"action": "link", "link-code": submission.tracking_code},
                REMOTE_ADDR=f"10.2.0.{n}",
            )
    assert len([m for m in mail.outbox if submission.author.email in m.to]) == 3


def test_official_answers_cannot_be_reported(client):
    secretariat = secretariat_user()
    agency = AgencyFactory()
    editor = MembershipFactory(agency=agency, role=MemberRole.EDITOR).user
    submission = published("Masukan dijawab")
    services.submission_verify(submission=submission, by=secretariat)
    services.submission_forward(submission=submission, by=secretariat, agency=agency)
    answer = services.submission_answer(submission=submission, by=editor, body="Jawaban kami.")
    url = reverse("forums:report", args=[submission.tracking_code]) + f"?balasan={answer.pk}"
    assert client.get(url).status_code == 404


def test_a_staff_only_training_has_no_public_forum(client):
    from tests.support.trainings import make_training

    training = make_training(audience="staff")
    response = client.get(SUBMIT, {"pelatihan": training.reference})
    assert response.status_code == 404
    public = make_training(title="Pelatihan terbuka")
    assert client.get(SUBMIT, {"pelatihan": public.reference}).status_code == 200
    from forums.models import Forum

    assert not Forum.objects.filter(training__isnull=False).exists()  # a GET writes nothing


def test_the_staff_inbox_costs_the_same_for_2_and_40_submissions(client):
    secretariat = secretariat_user()
    agency = AgencyFactory()

    def forward(count):
        for n in range(count):
            item = published(f"Masukan {n}")
            services.submission_verify(submission=item, by=secretariat)
            services.submission_forward(submission=item, by=secretariat, agency=agency)

    client.force_login(MembershipFactory(agency=agency, role=MemberRole.EDITOR).user)
    forward(2)
    few, _ = count_queries(client, reverse("forums:inbox"))
    forward(38)
    many, response = count_queries(client, reverse("forums:inbox"))
    assert "40 kiriman" in response.content.decode()
    assert many == few


def test_the_staff_inbox_takes_a_tracking_code_or_words_of_the_title(client):
    secretariat = secretariat_user()
    wanted = published("Lampu jalan padam di Jalan Gatot Subroto")
    other = published("Truk parkir di bahu jalan")
    closed = published("Sudah selesai ditangani")
    services.submission_verify(submission=closed, by=secretariat)
    services.submission_reject(submission=closed, by=secretariat, reason="Bukan wewenang portal.")
    client.force_login(secretariat)
    url = reverse("forums:inbox")

    by_code = client.get(url, {"q": wanted.tracking_code.lower()}).content.decode()
    assert wanted.title in by_code and other.title not in by_code
    # A code finds the submission whatever its status (someone quotes it on the phone).
    rejected = client.get(url, {"q": closed.tracking_code}).content.decode()
    assert closed.title in rejected
    by_words = client.get(url, {"q": "lampu jalan"}).content.decode()
    assert wanted.title in by_words and other.title not in by_words


def test_a_residents_reply_offers_to_report_it_with_the_verb(client):
    submission = published("Masukan dengan balasan")
    reply = services.reply_create(
        submission=submission, by=UserFactory(full_name="Tono"), body="Saya juga mengalami."
    )
    client.force_login(UserFactory())
    page = client.get(submission.get_absolute_url()).content.decode()
    link = reverse("forums:report", args=[submission.tracking_code]) + f"?balasan={reply.pk}"
    assert re.search(rf'<a class="small" href="{re.escape(link)}">Laporkan</a>', page)
    assert ">Laporan<" not in page


def test_the_public_search_forgives_a_typo_in_a_long_word(client):
    wanted = published("Limbah pabrik mencemari Sungai Deli")
    other = published("Jalan rusak di Sipirok")
    url = reverse("forums:index")
    for query in ("limbah", "lmbah", "Limbha pabrik", "sungai deil"):
        page = client.get(url, {"q": query}).content.decode()
        assert wanted.title in page and other.title not in page, query
    # Short words are not guessed at: "deli" finds its word, "del" nothing else.
    assert wanted.title not in client.get(url, {"q": "dlei"}).content.decode()


def test_the_submitters_and_followers_emails_greet_them_by_name(
    client, django_capture_on_commit_callbacks
):
    from notifications.models import OutboundEmail

    secretariat = secretariat_user()
    agency = AgencyFactory()
    editor = MembershipFactory(agency=agency, role=MemberRole.EDITOR).user
    submission = published("Lampu jalan padam", privacy="anonim")
    submission.author.full_name = "Lina Sitorus"
    submission.author.save()
    follower = UserFactory(full_name="Togar Panjaitan")
    services.follow_toggle(submission=submission, user=follower)
    services.submission_verify(submission=submission, by=secretariat)
    services.submission_forward(submission=submission, by=secretariat, agency=agency)
    services.submission_answer(submission=submission, by=editor, body="Sudah diperbaiki.")
    answered = OutboundEmail.objects.filter(kind="forums.answered")
    to_author = answered.get(to=submission.author.email)
    assert to_author.body.startswith("Yth. Lina Sitorus,")
    assert answered.get(to=follower.email).body.startswith("Yth. Togar Panjaitan,")
    assert "Lina Sitorus" not in answered.get(to=follower.email).body  # anonim stays anonim


def test_a_confidential_submitter_is_told_it_is_never_published(client):
    submission = published("Pungutan liar di pelabuhan", privacy="rahasia")
    client.force_login(submission.author)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Masukan ini tidak pernah diterbitkan." in page
    assert "Untuk saat ini" not in page  # nothing that implies it may be published later


def test_a_public_meeting_cannot_be_announced_for_a_time_that_has_passed(client):
    client.force_login(secretariat_user())
    url = reverse("forums:meeting_create", args=[general_forum().slug])
    last_month = timezone.localtime() - timedelta(days=30)
    data = {
        "title": "Dengar pendapat kawasan",
        "agenda": "Paparan dan tanya jawab.",
        "starts_at": last_month.strftime("%Y-%m-%dT09:00"),
        "ends_at": last_month.strftime("%Y-%m-%dT11:00"),
        "place": "Aula Kantor Gubernur",
    }
    page = client.post(url, data).content.decode()
    assert 'id="id_starts_at_error"' in page
    assert "Pertemuan publik tidak dapat diumumkan untuk waktu yang sudah lewat." in page
    assert 'value="Dengar pendapat kawasan"' in page
    next_month = timezone.localtime() + timedelta(days=30)
    data["starts_at"] = next_month.strftime("%Y-%m-%dT09:00")
    data["ends_at"] = next_month.strftime("%Y-%m-%dT11:00")
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.get().title == "Dengar pendapat kawasan"


def test_a_refused_reply_comes_back_with_its_error_at_the_field_and_its_text(client):
    """It used to be a message at the top of the page and the text was gone: a reply with one
    link too many had to be typed again to remove the link."""
    submission = published("Masukan dengan balasan")
    client.force_login(UserFactory())  # a new account: at most two links
    url = reverse("forums:reply", args=[submission.tracking_code])
    links = "Lihat https://a.contoh.id, https://b.contoh.id dan https://c.contoh.id ya."
    for body, error in [
        ("", "Wajib diisi."),
        (links, "Akun baru hanya boleh menyertakan paling banyak 2 tautan"),
    ]:
        response = client.post(url, {"body": body})
        page = response.content.decode()
        assert response.status_code == 200
        assert 'id="reply-errors"' in page and 'aria-invalid="true"' in page
        assert error in page[page.index('id="id_body_error"') :]
        assert f">\n{body}</textarea>" in page
    assert not Reply.objects.filter(submission=submission, kind="reply").exists()
    client.post(url, {"body": "Saya setuju."})
    assert Reply.objects.get(submission=submission, kind="reply").body == "Saya setuju."


def test_a_guest_form_sent_again_without_the_first_answers_session_still_shows_the_code(client):
    """Without JavaScript a double Enter sends the form twice, and the browser keeps only the
    second answer: the session the first one started (with the code in it) never arrives."""
    page = client.get(SUBMIT).content.decode()
    token = re.search(r'name="once_token" value="([^"]+)"', page)[1]
    client.post(SUBMIT, form_data(once_token=token))
    submission = Submission.objects.get()

    again = Client().post(SUBMIT, form_data(once_token=token), follow=True)
    assert Submission.objects.count() == 1
    shown = again.content.decode()
    assert "Sudah tersimpan" in shown
    assert f'id="tracking-code">{submission.tracking_code}<' in shown
    # It was led there by an address that names no submission (anonim input's code in a log or
    # a browser history would tie the connection or the device to it).
    [(address, _status)] = again.redirect_chain
    assert "kode=" in address
    assert_names_nobody([address], submission.tracking_code)
    assert Client().get(reverse("forums:submitted"), {"kode": "SM-2026-PALSU1"}).status_code == 404
    old = signing.dumps(submission.tracking_code, salt="sumut_mitra.forums.sent")
    assert Client().get(reverse("forums:submitted"), {"kode": old}).status_code == 404


@pytest.mark.parametrize("typed", ["  {code}  ", "{lower}", "{spaced}", "{bare}", "{lower_spaced}"])
def test_the_tracking_page_takes_a_code_as_people_type_it(typed):
    submission = published("Drainase tersumbat", privacy="rahasia")
    code = submission.tracking_code
    year, draw = code.split("-")[1:]
    text = typed.format(
        code=code,
        lower=code.lower(),
        spaced=f"SM {year} {draw}",
        bare=f"sm{year}{draw.lower()}",
        lower_spaced=f" sm - {year} - {draw.lower()} ",
    )
    browser = Client()
    response = browser.post(
        reverse("forums:lookup"), {"code": text, "email": submission.author.email.upper()}
    )
    assert response.status_code == 302 and response.url == submission.get_absolute_url(), text
    assert submission.title in browser.get(response.url).content.decode()


def test_the_tracking_page_says_what_is_missing_or_wrong_next_to_the_field(client):
    url = reverse("forums:lookup")
    empty = client.post(url, {"code": "  ", "email": "warga@contoh.id"})
    page = empty.content.decode()
    assert empty.status_code == 200
    assert "Ketik kode pelacakan yang Anda terima saat mengirim masukan." in page
    assert 'aria-invalid="true"' in page and 'id="id_code"' in page

    wrong = client.post(url, {"code": "SM-2026", "email": "warga@contoh.id"}).content.decode()
    assert "Ini bukan kode pelacakan." in wrong

    # The e-mailed link's form too; neither counts as a failed lookup of anybody's code.
    link = client.post(url, {"action": "link", "link-code": ""}).content.decode()
    assert "Ketik kode pelacakan yang Anda terima saat mengirim masukan." in link
    no_address = client.post(url, {"code": "SM-2026-ABC234", "email": ""}).content.decode()
    assert "Ketik alamat e-mail yang Anda gunakan untuk mengirim masukan." in no_address


def test_the_access_link_form_takes_a_code_as_people_type_it(
    client, django_capture_on_commit_callbacks
):
    submission = published("Lampu taman padam")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forums:lookup"),
            {
                "action": "link",
                "link-code": f" {submission.tracking_code.lower().replace('-', ' ')}",
            },
        )
    assert [m.to for m in mail.outbox] == [[submission.author.email]]


def test_the_staff_inbox_finds_a_code_typed_with_spaces(client):
    submission = published("Saluran irigasi bocor")
    secretariat = secretariat_user()
    client.force_login(secretariat)
    typed = submission.tracking_code.lower().replace("-", " ")
    page = client.get(reverse("forums:inbox"), {"q": typed})
    assert list(page.context["page"].object_list) == [submission]
