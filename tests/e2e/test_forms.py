"""Forms in the browser: a double-click or a second Enter saves once, with JavaScript and
without; the in-place forms of the agreement page show their errors open and focused."""

import time
from datetime import date

import pytest
from playwright.sync_api import expect

from agencies.enums import MemberRole
from partnerships import services
from partnerships.models import Agreement, Contribution, Milestone
from tests.conftest import axe_violations, log_in
from tests.e2e.support import NOTE_SUBMITS
from tests.factories import AgencyFactory, MembershipFactory, secretariat_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "PKS Pelatihan Juru Las Binjai"


@pytest.fixture
def drafter():
    disperindag = AgencyFactory(name="Disperindag Sumut", acronym="Disperindag")
    AgencyFactory(name="PT Kawasan Industri Medan", acronym="KIM")
    return MembershipFactory(agency=disperindag, role=MemberRole.EDITOR).user


def open_agreement_form(browser, live_server, user, init_script=None, **context):
    browser_context = browser.new_context(**context)
    log_in(browser_context, live_server, user)
    page = browser_context.new_page()
    if init_script:
        page.add_init_script(init_script)
    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.url) if request.method == "POST" else None,
    )
    page.goto(f"{live_server.url}/kerja-sama/kelola/baru/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_kind").select_option("pks")
    page.locator("#id_cooperation_kind").select_option("ksdpk")
    page.get_by_label("Perindustrian", exact=True).check()
    page.locator("#id_start_date").fill("2027-01-01")
    page.locator("#id_end_date").fill("2029-01-01")
    page.locator("#id_parties-0-agency").fill("Disperindag Sumut")
    page.locator("#id_parties-0-role").select_option("first")
    page.locator("#id_parties-1-agency").fill("KIM")
    page.locator("#id_parties-1-role").select_option("second")
    return page, posts


def slow_drafting(monkeypatch, seconds=1.5):
    """The server takes its time to save a draft, as on a busy day."""
    create = services.agreement_create

    def slowly(**kwargs):
        time.sleep(seconds)
        return create(**kwargs)

    monkeypatch.setattr(services, "agreement_create", slowly)


def test_a_double_click_on_save_draft_sends_it_once_and_makes_one_agreement(
    browser, live_server, drafter, console_errors, monkeypatch
):
    slow_drafting(monkeypatch)
    page, posts = open_agreement_form(browser, live_server, drafter, init_script=NOTE_SUBMITS)
    page.get_by_role("button", name="Simpan draf").dblclick()
    expect(page.get_by_role("status").first).to_contain_text("Draf", timeout=15_000)
    # One submit went out, and its form's submit buttons were disabled as it left.
    submits = page.evaluate("JSON.parse(sessionStorage.getItem('submits'))")
    assert submits == [[True, True, True]]  # Enter's hidden default, "Add a party", "Save draft"
    agreement = Agreement.objects.get()
    assert agreement.title == TITLE
    assert page.url.endswith(agreement.get_absolute_url())
    assert len(posts) == 1, posts
    assert console_errors == []


def test_without_javascript_a_second_enter_while_the_first_is_at_work_makes_nothing_more(
    browser, live_server, drafter, monkeypatch
):
    """The second submission reaches the server while the first still works, and waits for it."""
    slow_drafting(monkeypatch)
    page, posts = open_agreement_form(browser, live_server, drafter, java_script_enabled=False)
    page.locator("#id_title").focus()
    page.keyboard.press("Enter")  # Enter saves the draft (it does not add a party)
    time.sleep(0.5)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Sudah tersimpan", timeout=15_000)
    assert len(posts) == 2, posts
    agreement = Agreement.objects.get()
    assert agreement.title == TITLE and agreement.parties.count() == 2
    assert page.url.endswith(agreement.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_without_javascript_a_form_sent_again_from_the_history_makes_nothing_more(
    browser, live_server, drafter
):
    page, _posts = open_agreement_form(browser, live_server, drafter, java_script_enabled=False)
    form_page = page.url
    sent = {
        name: page.locator(f"#main input[name={name}]").get_attribute("value")
        for name in ("csrfmiddlewaretoken", "once_token")
    }
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_role("status").first).to_contain_text("Draf")
    agreement = Agreement.objects.get()
    # The same form sent again with its token (as "send again" of a page in the history does).
    response = page.request.post(form_page, form={**sent, "title": TITLE})
    assert response.ok and response.url.endswith(agreement.get_absolute_url())
    assert "Sudah tersimpan" in response.text()
    assert Agreement.objects.count() == 1


@pytest.fixture
def agreement_page(browser, live_server):
    """An editor of a party on the page of an agreement in force."""
    disperindag = AgencyFactory(name="Disperindag Sumut", acronym="Disperindag")
    kim = AgencyFactory(name="PT Kawasan Industri Medan", acronym="KIM")
    editor = MembershipFactory(agency=disperindag, role=MemberRole.EDITOR).user
    agreement = services.agreement_create(
        by=secretariat_user(),
        title="KB Pengembangan Industri Medan",
        kind="kb",
        cooperation_kind="ksdpk",
        start_date=date(2026, 1, 1),
        end_date=date(2030, 1, 1),
        visibility="public",
        legacy=True,
        sectors=[],
        parties=[{"agency": disperindag, "role": "first"}, {"agency": kim, "role": "second"}],
    )
    context = browser.new_context()
    log_in(context, live_server, editor)
    page = context.new_page()
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    return page


IN_PLACE = [
    # section, disclosure, button, {field: typed}, the party select, the required field left empty
    (
        "milestones",
        "Rencanakan tonggak capaian",
        "Tambah tonggak capaian",
        {"title": "Pelatihan angkatan pertama", "note": "Di BLK Medan"},
        "responsible",
        "due_date",
    ),
    (
        "financing",
        "Catat pembiayaan",
        "Tambah",
        {"description": "Dana pendamping APBD"},
        "party",
        "planned",
    ),
]


@pytest.mark.parametrize(("section", "disclosure", "button", "typed", "party", "empty"), IN_PLACE)
def test_an_in_place_form_with_an_empty_required_field_shows_its_error_open_and_focused(
    agreement_page, console_errors, section, disclosure, button, typed, party, empty
):
    page = agreement_page
    box = page.locator(f"#{section}")
    box.get_by_text(disclosure).click()
    for name, value in typed.items():
        box.locator(f"#id_{name}").fill(value)
    box.locator(f"#id_{party}").select_option(label="Disperindag Sumut")
    box.get_by_role("button", name=button, exact=True).click()

    errors = page.locator(f"#{section}-errors")
    expect(errors).to_be_visible()
    expect(errors).to_be_focused()
    expect(errors).to_contain_text("Periksa kembali isian yang ditandai")
    expect(page.locator(f"#{section} details")).to_have_attribute("open", "")
    field = page.locator(f"#{section} #id_{empty}")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby").split()
    assert f"id_{empty}_error" in described
    expect(page.locator(f"#id_{empty}_error")).to_contain_text("Wajib diisi.")
    for name, value in typed.items():
        expect(box.locator(f"#id_{name}")).to_have_value(value)
    expect(box.locator(f"#id_{party} option:checked")).to_have_text("Disperindag Sumut")
    expect(box.get_by_role("button", name=button, exact=True)).to_be_enabled()
    assert axe_violations(page) == []

    # Corrected, it is saved once and the section closes its form again.
    fix = "2027-03-01" if empty == "due_date" else "150000000"
    field.fill(fix)
    box.get_by_role("button", name=button, exact=True).click()
    expect(box.locator("details")).not_to_have_attribute("open", "")
    model = Milestone if section == "milestones" else Contribution
    assert model.objects.count() == 1
    assert console_errors == []


def test_an_in_place_form_is_sent_once_while_at_work_and_again_after_a_server_error(
    agreement_page,
):
    page = agreement_page
    held = []  # the requests that reached the "server", answered when the test says
    page.route("**/tonggak/tambah/", lambda route: held.append(route))
    box = page.locator("#milestones")
    box.get_by_text("Rencanakan tonggak capaian").click()
    box.locator("#id_title").fill("Pelatihan angkatan pertama")
    box.locator("#id_responsible").select_option(label="Disperindag Sumut")
    box.locator("#id_due_date").fill("2027-03-01")
    add = box.get_by_role("button", name="Tambah tonggak capaian")
    add.click()
    expect(add).to_be_disabled()
    expect(box.locator("form")).to_have_attribute("aria-busy", "true")
    box.locator("form").evaluate("form => form.requestSubmit()")  # Enter, say, once more
    page.wait_for_timeout(300)
    assert len(held) == 1

    held[0].fulfill(status=500, body="gangguan")
    expect(add).to_be_enabled()
    expect(box.locator("#id_title")).to_have_value("Pelatihan angkatan pertama")
    add.click()  # and it can be sent again
    expect(add).to_be_disabled()
    page.wait_for_timeout(300)
    assert len(held) == 2
    held[1].continue_()
    expect(box.locator("tbody")).to_contain_text("Pelatihan angkatan pertama")
    assert Milestone.objects.count() == 1
