import pytest
from django.urls import reverse

from tests.factories import UserFactory

PROFILE = reverse("accounts:profile")
HOME = reverse("home")


@pytest.mark.django_db
def test_profile_needs_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_profile_shows_and_saves_name_and_language(resident_client, resident):
    page = resident_client.get(PROFILE).content.decode()
    assert resident.email in page
    assert 'value="Siti Rahmawati"' in page

    response = resident_client.post(
        PROFILE, {"full_name": "  Siti R. Harahap ", "preferred_language": "en"}, follow=True
    )
    resident.refresh_from_db()
    assert resident.full_name == "Siti R. Harahap"
    assert resident.preferred_language == "en"
    page = response.content.decode()
    assert "Your profile has been saved." in page  # said in the language just chosen
    assert "My profile" in page


@pytest.mark.django_db
def test_profile_refuses_empty_name_and_keeps_the_rest(resident_client, resident):
    response = resident_client.post(PROFILE, {"full_name": "", "preferred_language": "en"})
    assert "full_name" in response.context["form"].errors
    resident.refresh_from_db()
    assert resident.full_name == "Siti Rahmawati"
    assert resident.preferred_language == "id"


@pytest.mark.django_db
def test_indonesian_is_the_default_whatever_the_browser_says(client):
    page = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id"' in page
    assert "Kemitraan industri Sumatera Utara" in page


@pytest.mark.django_db
def test_language_switch_shows_english_and_goes_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/privasi/"})
    assert response.status_code == 302
    assert response.url == "/privasi/"
    page = client.get(HOME).content.decode()
    assert '<html lang="en"' in page
    assert "North Sumatra's industrial partnerships, in one open portal" in page

    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Kemitraan industri Sumatera Utara" in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://jahat.example/"}
    )
    assert response.url == "/"


@pytest.mark.django_db
def test_language_switch_is_remembered_on_the_account(client, password):
    user = UserFactory(preferred_language="id")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_unknown_language_is_ignored(client, resident):
    client.force_login(resident)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    resident.refresh_from_db()
    assert resident.preferred_language == "id"
    assert '<html lang="id"' in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_refused_profile_save_keeps_the_menu_name(resident_client):
    page = resident_client.post(PROFILE, {"full_name": "", "preferred_language": "id"})
    assert '<i class="bi bi-person-circle" aria-hidden="true"></i> Siti' in page.content.decode()


def test_short_name_passes_over_titles():
    from accounts.models import User

    assert User(full_name="Dr. Andi Nasution").get_short_name() == "Andi"
    assert User(full_name="Ir. H. Rudi").get_short_name() == "Rudi"
    assert User(full_name="", email="x@contoh.id").get_short_name() == "x@contoh.id"
