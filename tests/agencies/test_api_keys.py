"""The "Kunci API" page: staff make a personal API key (seen once), list and revoke their keys;
the owner is told by e-mail; only a hash is stored; residents get no page."""

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
    assert timezone.localtime(token.expires_at).date().isoformat() == "2099-01-01"

    email = OutboundEmail.objects.get(kind="agencies.api_key_created")
    assert email.to == user.email
    assert "Sinkron SIAPkerja" in email.subject
    assert token.prefix in email.body and "Instansi A" in email.body
    assert key not in email.body and key not in email.html

    rows = english.get(AGREEMENTS, **with_key(key)).json()["results"]
    assert [row["title"] for row in rows] == ["A Internal"]

    revoke = english.post(reverse("agencies:api_key_revoke", args=[token.pk]))
    assert revoke.status_code == 302
    assert "revoked" in english.get(KEYS).content.decode()
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
