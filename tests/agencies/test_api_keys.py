"""The "Kunci API" page: staff make a personal API key (seen once), list and revoke their keys;
the owner is told by e-mail; only a hash is stored; residents get no page."""

import datetime
import hashlib
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from agencies.enums import MemberRole
from agencies.models import ApiKeyScope
from notifications.models import OutboundEmail
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    MembershipFactory,
    UserFactory,
    regency,
)
from tests.support.api import key_for, with_key
from tests.support.clock import Clock, wib

KEYS = reverse("agencies:api_keys")
AGREEMENTS = reverse("api:staff-agreement-list")
KEY = re.compile(r'<code[^>]*id="new-key">(smk_[A-Za-z0-9_-]+)</code>')

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def editor():
    """An editor of Instansi A, a viewer of Instansi B; A has an internal agreement."""
    a = AgencyFactory(name="Instansi A")
    b = AgencyFactory(name="Instansi B")
    membership = MembershipFactory(agency=a, role=MemberRole.EDITOR)
    MembershipFactory(agency=b, user=membership.user, role=MemberRole.VIEWER)
    AgreementFactory(title="A Internal", visibility="internal", parties=[a])
    AgreementFactory(title="B Internal", visibility="internal", parties=[b])
    return membership.user, a, b


def test_the_journey_make_see_once_use_revoke(english, editor):
    user, a, b = editor
    english.force_login(user)
    page = english.get(reverse("accounts:profile")).content.decode()
    assert f'href="{KEYS}"' in page

    page = english.get(KEYS).content.decode()
    assert "You have no API keys yet." in page
    # Each agency offers the roles up to the person's own there, never above.
    a_select = re.search(rf'<select name="agency_{a.pk}".*?</select>', page, re.S)[0]
    b_select = re.search(rf'<select name="agency_{b.pk}".*?</select>', page, re.S)[0]
    assert 'value="editor"' in a_select and 'value="admin"' not in a_select
    assert 'value="viewer"' in b_select and 'value="editor"' not in b_select

    response = english.post(
        KEYS, {"name": "Sinkron SIAPkerja", f"agency_{a.pk}": "viewer", "expires_on": "2099-01-01"}
    )
    assert response.status_code == 302 and response.url == KEYS
    shown = english.get(KEYS).content.decode()
    key = KEY.search(shown)[1]
    assert "shown only this once" in shown
    assert 'data-copy="new-key"' in shown  # the copy button (static/js/copy.js)
    # Shown once: the next visit lists the key without it.
    again = english.get(KEYS).content.decode()
    assert key not in again and "Sinkron SIAPkerja" in again
    assert "Instansi A (Viewer)" in again and "Instansi B" in again  # B: in the form only

    token = ApiToken.objects.get()
    assert token.key_hash != key and key not in (token.key_hash, token.prefix)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix)
    assert [(s.agency, s.role) for s in ApiKeyScope.objects.filter(token=token)] == [(a, "viewer")]
    # The day chosen is the last one it works: it stops when 2 January begins (WIB).
    assert timezone.localtime(token.expires_at) == wib(datetime.date(2099, 1, 2), 0)
    assert token.last_day == datetime.date(2099, 1, 1)
    assert "valid through 1 Jan 2099" in again

    email = OutboundEmail.objects.get(kind="agencies.api_key_created")
    assert email.to == user.email
    assert "1 Januari 2099" in email.body and "00:00" not in email.body  # its last day
    assert "Sinkron SIAPkerja" in email.subject
    assert token.prefix in email.body and "Instansi A" in email.body
    assert key not in email.body and key not in email.html

    rows = english.get(AGREEMENTS, **with_key(key)).json()["results"]
    assert [row["title"] for row in rows] == ["A Internal"]

    revoke = english.post(reverse("agencies:api_key_revoke", args=[token.pk]))
    assert revoke.status_code == 302
    assert "revoked on" in english.get(KEYS).content.decode()
    assert english.get(AGREEMENTS, **with_key(key)).status_code == 401


def test_a_role_above_one_s_own_or_an_agency_not_one_s_own_is_refused(english, editor):
    user, a, b = editor
    stranger_agency = AgencyFactory(name="Instansi Asing")
    english.force_login(user)
    for data in (
        {"name": "Terlalu tinggi", f"agency_{b.pk}": "editor"},
        {"name": "Bukan milik", f"agency_{stranger_agency.pk}": "viewer"},
        {"name": "Kosong"},
    ):
        response = english.post(KEYS, data)
        assert response.status_code == 200
        assert "alert-danger" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert not OutboundEmail.objects.filter(kind="agencies.api_key_created").exists()


def test_someone_else_s_key_cannot_be_revoked(client, editor):
    user, a, _b = editor
    key = key_for(user, [a])
    other = MembershipFactory(agency=a, role=MemberRole.ADMIN).user
    client.force_login(other)
    token = ApiToken.objects.get(user=user)
    assert client.post(reverse("agencies:api_key_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.get(AGREEMENTS, **with_key(key)).status_code == 200


def test_a_resident_has_no_keys_page_nor_its_link(client):
    resident = UserFactory()
    client.force_login(resident)
    assert client.get(KEYS).status_code == 403
    assert f'href="{KEYS}"' not in client.get(reverse("accounts:profile")).content.decode()
    assert client.post(KEYS, {"name": "Coba"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_the_personal_data_download_lists_the_keys_but_never_a_key(client, editor):
    user, a, _b = editor
    key = key_for(user, [a])
    client.force_login(user)
    download = client.get(reverse("accounts:data_export"), {"unduh": 1})
    body = download.content.decode()
    keys = json.loads(body)["agencies"]["api_keys"]
    assert keys[0]["name"] == "Uji" and keys[0]["reads"] == [
        {"agency": "Instansi A", "role": "editor"}
    ]
    token = ApiToken.objects.get()
    assert key not in body and token.key_hash not in body


def test_the_admin_lists_keys_without_the_key_or_its_hash(admin_client, editor):
    user, a, _b = editor
    key = key_for(user, [a])
    token = ApiToken.objects.get()
    changelist = admin_client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert token.prefix in changelist and user.full_name in changelist
    detail = admin_client.get(
        reverse("admin:accounts_apitoken_change", args=[token.pk])
    ).content.decode()
    assert key not in detail and token.key_hash not in detail and token.prefix in detail
    admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_no_agency_takes_the_keys_page_s_address():
    from agencies import services

    agency = services.agency_register(
        user=UserFactory(),
        sectors=[],
        name="Kunci API",
        kind="cooperative",
        regency=regency("12.71"),
    )
    assert agency.slug != "kunci-api"


# --- Its last day, what the list says of each key, the confirmation before revoking ----------


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def card(page, token):
    """The list's card of one key."""
    return re.search(rf'<li class="card" id="key-{token.pk}">.*?</li>', page, re.S)[0]


def test_a_key_made_to_last_until_today_works_to_the_end_of_today_wib(english, editor, clock):
    user, a, _b = editor
    english.force_login(user)
    today = clock.today()
    form = english.get(KEYS).content.decode()
    assert "Valid through" in form and "the last day the key works" in form
    assert "start of this day" not in form
    assert re.search(rf'<input type="date" name="expires_on" [^>]*min="{today:%Y-%m-%d}"', form)

    response = english.post(
        KEYS, {"name": "Satu hari", f"agency_{a.pk}": "viewer", "expires_on": today.isoformat()}
    )
    assert response.status_code == 302, response.content.decode()
    key = KEY.search(english.get(KEYS).content.decode())[1]
    token = ApiToken.objects.get()
    assert token.last_day == today
    assert timezone.localtime(token.expires_at) == wib(today + datetime.timedelta(days=1), 0)
    listed = card(english.get(KEYS).content.decode(), token)
    assert f"valid through {today:%-d %b %Y}" in listed
    assert reverse("agencies:api_key_revoke", args=[token.pk]) in listed

    assert english.get(AGREEMENTS, **with_key(key)).status_code == 200
    clock.travel(wib(today, 23, 59, 59))
    assert english.get(AGREEMENTS, **with_key(key)).status_code == 200
    clock.travel(wib(today + datetime.timedelta(days=1), 0))
    assert english.get(AGREEMENTS, **with_key(key)).status_code == 401

    listed = card(english.get(KEYS).content.decode(), token)
    assert f"expired: it was valid through {today:%-d %b %Y}" in listed
    assert reverse("agencies:api_key_revoke", args=[token.pk]) not in listed


def test_a_last_day_in_the_past_is_refused_at_its_field(english, editor, clock):
    user, a, _b = editor
    english.force_login(user)
    yesterday = clock.today() - datetime.timedelta(days=1)
    for day, error in (
        (yesterday, "The last day cannot be in the past."),
        (datetime.date.max, "Choose an earlier day."),
    ):
        response = english.post(
            KEYS, {"name": "Lewat", f"agency_{a.pk}": "viewer", "expires_on": day.isoformat()}
        )
        assert response.status_code == 200
        assert error in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_list_says_a_revoked_key_was_revoked_and_an_expired_one_expired(english, editor):
    user, a, _b = editor
    key_for(user, [a])  # no expiry: before, a revoked one still read "does not expire"
    key_for(user, [a], expires_at=timezone.now() + datetime.timedelta(days=3))
    key_for(user, [a])
    revoked, revoked_with_expiry, kept = ApiToken.objects.order_by("pk")
    ApiToken.objects.filter(pk=kept.pk).update(
        expires_at=timezone.now() - datetime.timedelta(hours=2)  # an hour set by the admin
    )
    english.force_login(user)
    for token in (revoked, revoked_with_expiry):
        english.post(reverse("agencies:api_key_revoke", args=[token.pk]))
        token.refresh_from_db()
        assert token.revoked_at is not None
    kept.refresh_from_db()
    page = english.get(KEYS).content.decode()
    for token in (revoked, revoked_with_expiry):
        listed = card(page, token)
        when = timezone.localtime(token.revoked_at)
        assert f"revoked on {when:%-d %b %Y %H:%M}" in listed
        assert "does not expire" not in listed and "valid through" not in listed
    listed = card(page, kept)
    assert f"expired on {timezone.localtime(kept.expires_at):%-d %b %Y %H:%M}" in listed
    assert "does not expire" not in listed


def test_revoking_asks_first_then_the_post_revokes(english, editor):
    user, a, _b = editor
    key = key_for(user, [a])
    token = ApiToken.objects.get()
    ApiToken.objects.filter(pk=token.pk).update(name="Sinkron SIAPkerja")
    confirm = reverse("agencies:api_key_revoke", args=[token.pk])
    english.force_login(user)
    listed = card(english.get(KEYS).content.decode(), token)
    assert f'href="{confirm}"' in listed and "<form" not in listed  # a link: no JS needed

    page = english.get(confirm).content.decode()
    assert "Revoke the key “Sinkron SIAPkerja”?" in page
    assert "refused at once" in page and "Instansi A (Editor)" in page
    form = re.search(r'<form method="post" novalidate>.*?</form>', page, re.S)[0]  # to itself
    assert 'name="csrfmiddlewaretoken"' in form and "Revoke the key" in form
    assert f'href="{KEYS}"' in form  # cancel
    token.refresh_from_db()
    assert token.revoked_at is None  # asking revokes nothing
    assert english.get(AGREEMENTS, **with_key(key)).status_code == 200

    response = english.post(confirm, follow=True)
    assert response.redirect_chain == [(KEYS, 302)]
    assert "The key has been revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert english.get(AGREEMENTS, **with_key(key)).status_code == 401

    # Sent again (the back button) or asked again: it is revoked already, it says so.
    for again in (english.post(confirm, follow=True), english.get(confirm, follow=True)):
        assert again.redirect_chain == [(KEYS, 302)]
        assert "“Sinkron SIAPkerja” is already revoked" in again.content.decode()


def test_the_revoke_post_needs_its_csrf_token(editor):
    from django.test import Client

    user, a, _b = editor
    key_for(user, [a])
    token = ApiToken.objects.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("agencies:api_key_revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_someone_else_s_key_is_not_offered_for_revoking(client, editor):
    user, a, _b = editor
    key_for(user, [a])
    token = ApiToken.objects.get()
    other = MembershipFactory(agency=a, role=MemberRole.ADMIN).user
    client.force_login(other)
    assert client.get(reverse("agencies:api_key_revoke", args=[token.pk])).status_code == 404
    assert f"key-{token.pk}" not in client.get(KEYS).content.decode()
    client.force_login(user)  # its owner sees it there
    assert f"key-{token.pk}" in client.get(KEYS).content.decode()


def test_the_page_s_title_is_its_name_not_the_model_s(english, editor):
    user, _a, _b = editor
    english.force_login(user)
    page = english.get(KEYS).content.decode()
    assert re.search(r"<title>\s*API keys", page) and "<h1>API keys</h1>" in page
