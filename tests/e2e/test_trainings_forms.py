"""The trainings app's create forms in the browser, typed as organisers and residents in North
Sumatra type them: a double-click on each create button saves once (with JavaScript and
without), a session typed in the past is refused at its date and one in the future is saved,
and a required field left empty is shown at the field in Indonesian with everything else kept.

A training has no money field (no fee or cost in its model or form): money typed with dots is
tried where the portal has it, in the partnerships journeys."""

import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from playwright.sync_api import expect

from agencies.enums import MemberRole
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
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.support.files import PDF
from tests.support.trainings import make_training
from tests.trainings.conftest import ongoing_training
from trainings import services
from trainings.models import Feedback, Material, Registration, Training

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Pelatihan Barista Kopi Arabika Gayo dan Mandailing"
WHATSAPP = "Nomor WhatsApp yang bisa dihubungi"
HOME = "Asal kabupaten/kota"


@dataclass
class World:
    blk: object  # the lead organiser
    bbpvp: object  # a co-organiser
    organiser: object
    resident: object
    training: object  # published, sign-up open, two questions
    completed: object = None  # attended by the resident, feedback open (the fixture below)


@pytest.fixture
def world(eager_tasks):  # e-mails are sent where they are queued, not left in a shared Redis
    blk = AgencyFactory(name="UPTD Balai Latihan Kerja Medan", acronym="BLK Medan", slug="blk")
    bbpvp = AgencyFactory(
        name="Balai Besar Pelatihan Vokasi dan Produktivitas Medan", acronym="BBPVP Medan"
    )
    organiser = MembershipFactory(
        agency=blk, role=MemberRole.EDITOR, user__full_name="Hendra Purba"
    ).user
    resident = UserFactory(full_name="Siti Rahmawati Harahap", email="siti.harahap@contoh.id")
    training = make_training(
        by=organiser,
        lead=blk,
        title="Pelatihan Pengolahan Andaliman",
        questions=[
            {"text": WHATSAPP, "kind": "text", "required": True},
            {"text": HOME, "kind": "text", "required": False},
        ],
    )
    return World(blk, bbpvp, organiser, resident, training)


@pytest.fixture
def completed(world):
    """A training the resident came to, just completed: feedback is open (and a certificate
    is drawn, here and now)."""
    training = ongoing_training(
        by=world.organiser, lead=world.blk, title="Pelatihan Tenun Ulos Harungguan"
    )
    registration = services.registration_create(training=training, user=world.resident)
    services.attendance_checkin(
        session=training.sessions.get(), text=registration.code, by=world.organiser, method="typed"
    )
    services.training_move(training=training, to_status="completed", by=world.organiser)
    world.completed = training
    return training


def wib(moment, layout="Y-m-d\\TH:i"):
    return dateformat.format(timezone.localtime(moment), layout)


def in_indonesian(moment, layout):
    with translation.override("id"):
        return dateformat.format(timezone.localtime(moment), layout)


# --- A new training ------------------------------------------------------------------------------

FIRST_DAY = (timezone.localtime() + timedelta(days=40)).replace(
    hour=8, minute=0, second=0, microsecond=0
)
LAST_YEAR = FIRST_DAY - timedelta(days=365)


def training_fields(first_day=FIRST_DAY):
    """What the organiser types, by field id; the session on `first_day`, 08.00-16.00 WIB."""
    return {
        "#id_title": TITLE,
        "#id_description": (
            "Praktik sangrai dan seduh manual untuk pemuda Tapanuli Selatan; peserta membawa "
            "biji kopi dari kebun sendiri."
        ),
        "#id_venue": "Gedung BLK Medan, Jl. Gatot Subroto Km. 7,8",
        "#id_capacity": "25",
        "#id_registration_opens_at": wib(FIRST_DAY - timedelta(days=30)),
        "#id_registration_closes_at": wib(FIRST_DAY - timedelta(days=2)),
        "#id_lesson_hours": "32",
        "#id_signatory_name": "Drs. Mangasi Tua Siahaan, M.Si.",
        "#id_signatory_title": "Kepala UPTD BLK Medan",
        "#id_sesi-0-title": "Hari 1: Mengenal biji kopi",
        "#id_sesi-0-starts_at": wib(first_day),
        "#id_sesi-0-ends_at": wib(first_day + timedelta(hours=8)),
        "#id_narasumber-0-name": "Ompu Lintong Nainggolan",
        "#id_narasumber-0-affiliation": "Koperasi Kopi Lintong Nihuta",
        "#id_pertanyaan-0-text": WHATSAPP,
    }


def fill_training(page, typed):
    for selector, value in typed.items():
        page.locator(selector).fill(value)
    page.locator("#id_kind").select_option("pelatihan")
    page.locator("#id_sector").select_option(label="Perindustrian")
    page.locator("#id_lead").select_option(label="UPTD Balai Latihan Kerja Medan")
    page.locator("#id_co_organisers").select_option(
        label="Balai Besar Pelatihan Vokasi dan Produktivitas Medan"
    )
    page.locator("#id_mode").select_option("in_person")
    page.locator("#id_regency").select_option(label="Kota Medan")
    page.locator("#id_pertanyaan-0-kind").select_option("text")
    page.locator("#id_pertanyaan-0-required").check()


def expect_training_kept(page, typed):
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(page.locator("#id_lead option:checked")).to_have_text("UPTD Balai Latihan Kerja Medan")
    expect(page.locator("#id_co_organisers option:checked")).to_have_text(
        "Balai Besar Pelatihan Vokasi dan Produktivitas Medan"
    )
    expect(page.locator("#id_regency option:checked")).to_have_text("Kota Medan")
    expect(page.locator("#id_pertanyaan-0-required")).to_be_checked()


def training_saved(page, world):
    expect(status(page)).to_contain_text("telah disimpan. Terbitkan jika sudah siap.")
    training = Training.objects.get(title=TITLE)
    expect(status(page)).to_have_text(
        f"Draf {training.reference} telah disimpan. Terbitkan jika sudah siap."
    )
    assert (training.status, training.capacity, training.lesson_hours) == ("draft", 25, 32)
    assert training.venue == "Gedung BLK Medan, Jl. Gatot Subroto Km. 7,8"
    assert training.signatory_name == "Drs. Mangasi Tua Siahaan, M.Si."
    assert (training.regency.code, training.sector.slug) == ("12.71", "perindustrian")
    assert training.registration_closes_at == FIRST_DAY - timedelta(days=2)
    session = training.sessions.get()
    assert (session.title, session.starts_at, session.ends_at) == (
        "Hari 1: Mengenal biji kopi",
        FIRST_DAY,
        FIRST_DAY + timedelta(hours=8),
    )
    assert [(s.name, s.affiliation) for s in training.speakers.all()] == [
        ("Ompu Lintong Nainggolan", "Koperasi Kopi Lintong Nihuta")
    ]
    assert [(q.text, q.required) for q in training.questions.all()] == [(WHATSAPP, True)]
    assert {(row.agency, row.is_lead) for row in training.organiser_rows.all()} == {
        (world.blk, True),
        (world.bbpvp, False),
    }
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#sessions-heading + div tbody")).to_contain_text(
        f"{in_indonesian(FIRST_DAY, 'l, j F Y')}, 08.00–16.00"
    )
    return reverse("trainings:manage_detail", args=[training.reference])


# --- Signing up, rating, a material ---------------------------------------------------------------


def answer(page, question, value):
    page.get_by_label(question).fill(value)


def fill_registration(page):
    answer(page, WHATSAPP, "0812-3456-7890")
    answer(page, HOME, "Kabupaten Tapanuli Utara")


def registration_saved(page, world):
    expect(status(page)).to_have_text("Pendaftaran diterima: kursi Anda sudah pasti.")
    registration = Registration.objects.get(training=world.training, user=world.resident)
    questions = {q.text: str(q.pk) for q in world.training.questions.all()}
    assert registration.answers == {
        questions[WHATSAPP]: "0812-3456-7890",
        questions[HOME]: "Kabupaten Tapanuli Utara",
    }
    assert registration.status == "approved"
    expect(page.locator("#registration-status")).to_have_text("Disetujui")
    return reverse("trainings:registration", args=[world.training.reference])


COMMENT = "Praktik menenunnya sangat membantu; mohon ditambah satu hari untuk motif Ragi Hotang."


def fill_feedback(page):
    page.get_by_label("5 — sangat baik").check()
    page.get_by_label("Komentar").fill(COMMENT)


def feedback_saved(page, world):
    expect(status(page)).to_have_text("Terima kasih atas umpan balik Anda.")
    feedback = Feedback.objects.get(registration__user=world.resident)
    assert (feedback.rating, feedback.comment) == (5, COMMENT)
    expect(page.get_by_text("Anda memberi pelatihan ini nilai 5 dari 5.")).to_be_visible()
    return reverse("trainings:registration", args=[world.completed.reference])


MATERIAL = "Modul Barista: Sangrai & Seduh Manual (revisi 2)"


def fill_material(page, title=MATERIAL):
    page.locator("#id_title").fill(title)
    page.locator("#id_file").set_input_files(
        {"name": "modul-barista.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("#id_public").check()


def material_saved(page, world):
    expect(status(page)).to_have_text(f"“{MATERIAL}” telah diunggah.")
    material = Material.objects.get(training=world.training)
    assert (material.title, material.public, material.original_name) == (
        MATERIAL,
        True,
        "modul-barista.pdf",
    )
    materials = page.locator("#materials")
    expect(materials.get_by_role("link", name=MATERIAL)).to_be_visible()
    expect(materials).to_contain_text("Publik")
    return reverse("trainings:manage_detail", args=[world.training.reference]) + "#materials"


CREATE_BUTTONS = {
    "training": CreateButton(
        who="organiser",
        path=lambda w: reverse("trainings:create"),
        fill=lambda page: fill_training(page, training_fields()),
        button="Simpan",
        service="training_save",
        saved=training_saved,
    ),
    "registration": CreateButton(
        who="resident",
        path=lambda w: reverse("trainings:register", args=[w.training.reference]),
        fill=fill_registration,
        button="Daftar",
        service="registration_create",
        saved=registration_saved,
    ),
    "feedback": CreateButton(
        who="resident",
        path=lambda w: reverse("trainings:feedback", args=[w.completed.reference]),
        fill=fill_feedback,
        button="Kirim",
        service="feedback_submit",
        saved=feedback_saved,
        needs=("completed",),
    ),
    "material": CreateButton(
        who="organiser",
        path=lambda w: reverse("trainings:material_upload", args=[w.training.reference]),
        fill=fill_material,
        button="Unggah",
        service="material_upload",
        saved=material_saved,
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


def test_without_javascript_a_second_submit_while_the_first_is_at_work_signs_up_once(
    browser, live_server, world, monkeypatch
):
    slowly(monkeypatch, services, "registration_create", seconds=1.5)
    tab = open_tab(browser, live_server, world.resident, java_script_enabled=False)
    page = tab.goto(live_server, reverse("trainings:register", args=[world.training.reference]))
    fill_registration(page)
    page.get_by_label(WHATSAPP).focus()
    page.keyboard.press("Enter")
    time.sleep(0.5)
    page.keyboard.press("Enter")  # the first is still at work

    expect(status(page)).to_contain_text(ALREADY, timeout=15_000)
    assert len(tab.posts) == 2, tab.posts
    assert Registration.objects.filter(training=world.training).count() == 1
    assert page.url.endswith(reverse("trainings:registration", args=[world.training.reference]))
    expect(page.locator("#registration-status")).to_have_text("Disetujui")
    assert tab.console_errors == []


# --- Dates in the past and in the future ----------------------------------------------------------


def test_a_session_typed_in_the_past_is_refused_at_its_date_keeping_all_and_saved_in_the_future(
    browser, live_server, world
):
    tab = open_tab(browser, live_server, world.organiser)
    page = tab.goto(live_server, reverse("trainings:manage"))
    page.get_by_role("link", name="Pelatihan baru").first.click()
    typed = training_fields(first_day=LAST_YEAR)  # the year slipped
    fill_training(page, typed)
    page.get_by_role("button", name="Simpan", exact=True).click()

    expect_field_error(
        page,
        "id_sesi-0-starts_at",
        "Sesi pelatihan baru tidak dapat dimulai pada waktu yang sudah lewat. Periksa tanggalnya.",
    )
    expect_training_kept(page, typed)
    assert not Training.objects.filter(title=TITLE).exists()
    tab.check_page()

    page.locator("#id_sesi-0-starts_at").fill(wib(FIRST_DAY))
    page.locator("#id_sesi-0-ends_at").fill(wib(FIRST_DAY + timedelta(hours=8)))
    page.get_by_role("button", name="Simpan", exact=True).click()
    lands = training_saved(page, world)
    assert page.url == f"{live_server.url}{lands}"
    assert Training.objects.filter(title=TITLE).count() == 1
    tab.check_page()


# --- A required field left empty ------------------------------------------------------------------


def test_a_training_without_a_title_says_so_at_the_field_keeps_the_rest_and_saves_once_fixed(
    browser, live_server, world
):
    tab = open_tab(browser, live_server, world.organiser)
    page = tab.goto(live_server, reverse("trainings:create"))
    typed = {k: v for k, v in training_fields().items() if k != "#id_title"}
    fill_training(page, typed)
    page.get_by_role("button", name="Simpan", exact=True).click()

    expect_field_error(page, "id_title")
    expect_training_kept(page, typed)
    assert not Training.objects.filter(title=TITLE).exists()
    tab.check_page()

    page.locator("#id_title").fill(TITLE)
    page.get_by_role("button", name="Simpan", exact=True).click()
    training_saved(page, world)
    assert Training.objects.filter(title=TITLE).count() == 1
    tab.check_page()


def test_a_sign_up_without_a_required_answer_says_so_at_the_question_and_keeps_the_other(
    browser, live_server, world
):
    tab = open_tab(browser, live_server, world.resident)
    page = tab.goto(live_server, reverse("trainings:register", args=[world.training.reference]))
    answer(page, HOME, "Kabupaten Tapanuli Utara")
    page.locator("#main").get_by_role("button", name="Daftar", exact=True).click()

    field_id = page.get_by_label(WHATSAPP).get_attribute("id")
    expect_field_error(page, field_id)
    expect(page.get_by_label(HOME)).to_have_value("Kabupaten Tapanuli Utara")
    assert not Registration.objects.filter(training=world.training).exists()
    tab.check_page()

    answer(page, WHATSAPP, "0812-3456-7890")
    page.locator("#main").get_by_role("button", name="Daftar", exact=True).click()
    registration_saved(page, world)
    tab.check_page()


def test_feedback_without_a_rating_says_so_at_the_rating_and_keeps_the_comment(
    browser, live_server, world, completed
):
    tab = open_tab(browser, live_server, world.resident)
    page = tab.goto(live_server, reverse("trainings:feedback", args=[world.completed.reference]))
    page.get_by_label("Komentar").fill(COMMENT)
    page.locator("#main").get_by_role("button", name="Kirim", exact=True).click()

    # A radio group: each choice says it is invalid; the group's error is shown under it.
    for choice in page.locator("input[name=rating]").all():
        expect(choice).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_rating_error")).to_have_text(REQUIRED)
    expect(page.locator("#form-errors")).to_be_focused()
    expect(page.get_by_label("Komentar")).to_have_value(COMMENT)
    assert not Feedback.objects.exists()
    tab.check_page()

    page.get_by_label("5 — sangat baik").check()
    page.locator("#main").get_by_role("button", name="Kirim", exact=True).click()
    feedback_saved(page, world)
    tab.check_page()


def test_a_material_without_its_file_says_so_at_the_field_and_keeps_the_title(
    browser, live_server, world
):
    tab = open_tab(browser, live_server, world.organiser)
    manage = reverse("trainings:manage_detail", args=[world.training.reference])
    page = tab.goto(live_server, manage)
    page.get_by_role("link", name="Unggah materi").click()
    page.locator("#id_title").fill(MATERIAL)
    page.locator("#id_public").check()
    page.get_by_role("button", name="Unggah", exact=True).click()

    expect_field_error(page, "id_file")
    expect(page.locator("#id_title")).to_have_value(MATERIAL)
    expect(page.locator("#id_public")).to_be_checked()
    assert not Material.objects.exists()
    tab.check_page()

    fill_material(page)
    page.get_by_role("button", name="Unggah", exact=True).click()
    material_saved(page, world)
    assert Material.objects.count() == 1
    tab.check_page()
