import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

LOGIN = reverse("accounts:login")


def attempt(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


@pytest.mark.django_db
def test_wrong_password_gets_a_clear_message(client, resident):
    response = attempt(client, resident.email, "salah-sekali")
    assert response.status_code == 200
    assert "Alamat e-mail atau kata sandi salah" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_uses_the_persons_language_from_then_on(client, password):
    user = UserFactory(preferred_language="en")
    response = attempt(client, user.email, password)
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    page = client.get(reverse("home")).content.decode()
    assert "Log out" in page


@pytest.mark.django_db
def test_deactivated_account_cannot_log_in(client, password):
    user = UserFactory(is_active=False)
    attempt(client, user.email, password)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_failures_lock_the_login_and_say_so(client, resident, password, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert attempt(client, resident.email, "salah").status_code == 200

    locked = attempt(client, resident.email, "salah")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Terlalu banyak percobaan gagal" in page
    assert "15 menit" in page

    # While locked, even the right password is refused.
    locked = attempt(client, resident.email, password)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session

    # Another account from the same address is not affected.
    other = UserFactory()
    assert attempt(client, other.email, password).status_code == 302


@pytest.mark.django_db
def test_password_reset_lifts_the_lock(
    client, resident, password, settings, eager_tasks, django_capture_on_commit_callbacks
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, resident.email, "salah")
    assert attempt(client, resident.email, password).status_code == 429

    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        client.post(reverse("accounts:password_reset"), {"email": resident.email})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Durian-Medan-Manis-3", "new_password2": "Durian-Medan-Manis-3"},
    )
    assert attempt(client, resident.email, "Durian-Medan-Manis-3").status_code == 302


@pytest.mark.django_db
def test_logout_is_a_post_and_says_goodbye(resident_client):
    response = resident_client.post(reverse("accounts:logout"), follow=True)
    assert "_auth_user_id" not in resident_client.session
    assert "Anda telah keluar." in response.content.decode()
    assert resident_client.get(reverse("accounts:logout")).status_code == 405


@pytest.mark.django_db
def test_locked_login_is_recorded_for_the_admin(client, resident, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, resident.email, "salah")
    recorded = AccessAttempt.objects.get(username=resident.email)
    assert recorded.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert User.objects.filter(email=resident.email).exists()


@pytest.mark.django_db
def test_admin_login_also_needs_a_verified_address_and_staff(client, password):
    from tests.factories import AdminFactory

    unverified_admin = AdminFactory(email_verified_at=None)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": unverified_admin.email, "password": password}
    )
    assert "belum diverifikasi" in response.content.decode()
    assert "_auth_user_id" not in client.session

    resident = UserFactory()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": resident.email, "password": password}
    )
    assert "_auth_user_id" not in client.session
    assert "tidak boleh menggunakan situs administrasi" in response.content.decode()


@pytest.mark.django_db
def test_expired_form_gets_a_page_in_the_portal_layout():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LOGIN, {"username": "a@contoh.id", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formulir sudah kedaluwarsa" in page or "kedaluwarsa" in page
    assert 'href="#main"' in page  # the portal's layout, not Django's bare page


@pytest.mark.django_db
def test_one_connection_trying_many_accounts_is_stopped(client, password, settings):
    """Password spraying: one wrong password each for many accounts from one connection. Past
    LOGIN_SPRAY_LIMIT that connection waits, even with a right password; others do not."""
    settings.LOGIN_SPRAY_LIMIT = 5
    victims = [UserFactory() for _ in range(6)]
    for victim in victims[:5]:
        response = client.post(
            LOGIN,
            {"username": victim.email, "password": "Musim-Hujan-2026"},
            REMOTE_ADDR="36.1.1.1",
        )
        assert "Alamat e-mail atau kata sandi salah" in response.content.decode()
    refused = client.post(
        LOGIN, {"username": victims[5].email, "password": password}, REMOTE_ADDR="36.1.1.1"
    )
    assert "Terlalu banyak percobaan masuk yang gagal dari koneksi Anda" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    elsewhere = client.post(
        LOGIN, {"username": victims[5].email, "password": password}, REMOTE_ADDR="36.9.9.9"
    )
    assert elsewhere.status_code == 302 and "_auth_user_id" in client.session
