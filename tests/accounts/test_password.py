import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UnverifiedUserFactory, UserFactory

RESET = reverse("accounts:password_reset")


def reset_link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def choose_new_password(client, link, new_password):
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )


@pytest.mark.django_db
def test_password_reset_by_email_in_the_persons_language(client):
    user = UserFactory(email="daniel@contoh.id", preferred_language="en")
    response = client.post(RESET, {"email": "Daniel@Contoh.id"}, follow=True)
    assert (
        "Periksa e-mail Anda" in response.content.decode()
    )  # the page speaks the visitor's language

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["daniel@contoh.id"]
    assert (
        mail.outbox[0].subject == "Choose a new password for Sumut Mitra"
    )  # the e-mail, the owner's

    response = choose_new_password(client, reset_link(mail.outbox[0]), "Sate-Padang-Pedas-8")
    assert "Kata sandi telah diubah" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Sate-Padang-Pedas-8")


@pytest.mark.django_db
def test_reset_link_works_only_once(client):
    UserFactory(email="sekali@contoh.id")
    client.post(RESET, {"email": "sekali@contoh.id"})
    link = reset_link(mail.outbox[0])
    choose_new_password(client, link, "Sate-Padang-Pedas-8")
    response = client.get(link, follow=True)
    assert not response.context["validlink"]
    assert "sudah tidak berlaku" in response.content.decode()


@pytest.mark.django_db
def test_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(RESET, {"email": "tidakada@contoh.id"}, follow=True)
    assert "Periksa e-mail Anda" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_by_email_proves_the_address_of_an_unverified_account(client):
    user = UnverifiedUserFactory(email="lupa@contoh.id")
    client.post(RESET, {"email": "lupa@contoh.id"})
    choose_new_password(client, reset_link(mail.outbox[0]), "Sate-Padang-Pedas-8")
    user.refresh_from_db()
    assert user.is_email_verified
    response = client.post(
        reverse("accounts:login"), {"username": "lupa@contoh.id", "password": "Sate-Padang-Pedas-8"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_change_needs_the_old_password(resident_client, resident, password):
    url = reverse("accounts:password_change")
    response = resident_client.post(
        url,
        {
            "old_password": "salah",
            "new_password1": "Bika-Ambon-9x",
            "new_password2": "Bika-Ambon-9x",
        },
    )
    assert "old_password" in response.context["form"].errors
    resident.refresh_from_db()
    assert resident.check_password(password)

    response = resident_client.post(
        url,
        {
            "old_password": password,
            "new_password1": "Bika-Ambon-9x",
            "new_password2": "Bika-Ambon-9x",
        },
        follow=True,
    )
    assert "Kata sandi Anda telah diubah." in response.content.decode()
    resident.refresh_from_db()
    assert resident.check_password("Bika-Ambon-9x")
    # The session survives the change (Django rotates its hash).
    assert resident_client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_reset_with_mail_server_down_still_answers_the_same(client, settings):
    UserFactory(email="ada@contoh.id")
    settings.EMAIL_BACKEND = "tests.support.email.UnreachableSmtpBackend"
    response = client.post(RESET, {"email": "ada@contoh.id"}, follow=True)
    assert response.status_code == 200
    assert "Periksa e-mail Anda" in response.content.decode()
