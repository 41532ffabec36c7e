"""The "Kunci API" page (/instansi/kunci-api/) on a phone 390 px wide: without JavaScript every
key's action is on screen, revoking asks first and its button revokes, cancelling revokes
nothing; axe (which needs JavaScript to run) finds nothing serious on the list or the question."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import ApiToken
from agencies.enums import MemberRole
from tests.conftest import axe_violations, log_in
from tests.factories import AgencyFactory, MembershipFactory
from tests.support.api import key_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "en-US"}
KEYS = "/instansi/kunci-api/"


def phone(browser, live_server, user, **context_args):
    """A phone's browser signed in as `user`, in English: the page's new strings wait for their
    Indonesian (the lead adds them to the catalogue)."""
    context = browser.new_context(**PHONE, **context_args)
    log_in(context, live_server, user)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    return context


def fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def on_screen(locator):
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box


def test_on_a_phone_without_javascript_a_key_is_revoked_after_a_confirmation(
    browser, live_server, mailoutbox, eager_tasks
):
    agency = AgencyFactory(name="Dinas Tenaga Kerja Kabupaten Deli Serdang")
    user = MembershipFactory(agency=agency, role=MemberRole.EDITOR).user
    key_for(user, [agency])
    key_for(user, [agency])
    kept, revoked = ApiToken.objects.order_by("pk")
    ApiToken.objects.filter(pk=kept.pk).update(name="Laporan bulanan")
    ApiToken.objects.filter(pk=revoked.pk).update(name="Sinkron SIAPkerja dari server lama")

    context = phone(browser, live_server, user, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{KEYS}")
    fits_the_screen(page)
    for token in (kept, revoked):
        on_screen(page.locator(f"#key-{token.pk}").get_by_role("link", name="Revoke"))

    # Cancelling revokes nothing.
    page.locator(f"#key-{kept.pk}").get_by_role("link", name="Revoke").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revoke the key “Laporan bulanan”?")
    fits_the_screen(page)
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(f"{live_server.url}{KEYS}")
    kept.refresh_from_db()
    assert kept.revoked_at is None

    # Asked, then confirmed: revoked, and the list says so.
    page.locator(f"#key-{revoked.pk}").get_by_role("link", name="Revoke").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sinkron SIAPkerja")
    on_screen(page.get_by_role("button", name="Revoke the key"))
    revoked.refresh_from_db()
    assert revoked.revoked_at is None  # asking revokes nothing
    page.get_by_role("button", name="Revoke the key").click()
    expect(page).to_have_url(f"{live_server.url}{KEYS}")
    expect(page.get_by_role("status").first).to_contain_text("The key has been revoked")
    card = page.locator(f"#key-{revoked.pk}")
    expect(card).to_contain_text("revoked on")
    expect(card.get_by_role("link", name="Revoke")).to_have_count(0)
    on_screen(page.locator(f"#key-{kept.pk}").get_by_role("link", name="Revoke"))
    fits_the_screen(page)
    revoked.refresh_from_db()
    kept.refresh_from_db()
    assert revoked.revoked_at is not None and kept.revoked_at is None
    context.close()


def test_on_a_phone_axe_finds_nothing_serious_on_the_list_or_the_question(browser, live_server):
    agency = AgencyFactory(name="Dinas Tenaga Kerja Kabupaten Deli Serdang")
    user = MembershipFactory(agency=agency, role=MemberRole.EDITOR).user
    key_for(user, [agency])
    key_for(user, [agency])
    token, gone = ApiToken.objects.order_by("pk")
    ApiToken.objects.filter(pk=gone.pk).update(revoked_at=gone.created_at)  # a revoked one too
    context = phone(browser, live_server, user)
    page = context.new_page()
    page.goto(f"{live_server.url}{KEYS}")
    fits_the_screen(page)
    on_screen(page.locator(f"#key-{token.pk}").get_by_role("link", name="Revoke"))
    expect(page.locator(f"#key-{gone.pk}")).to_contain_text("revoked on")
    assert axe_violations(page) == []
    page.locator(f"#key-{token.pk}").get_by_role("link", name="Revoke").click()
    expect(page.get_by_role("button", name="Revoke the key")).to_be_visible()
    fits_the_screen(page)
    assert axe_violations(page) == []
    context.close()
