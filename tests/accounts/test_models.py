import pytest
from django.db import IntegrityError

from accounts.models import User


@pytest.mark.django_db
def test_email_is_stored_lowercase_and_login_ignores_case(client, password):
    user = User.objects.create_user("  Siti.Rahma@Contoh.ID ", password, full_name="Siti")
    assert user.email == "siti.rahma@contoh.id"
    assert User.objects.get_by_natural_key("SITI.RAHMA@contoh.id") == user


@pytest.mark.django_db
def test_email_is_unique_whatever_its_case():
    User.objects.create_user("budi@contoh.id", "x", full_name="Budi")
    with pytest.raises(IntegrityError):
        # Bypass the manager's normalisation to prove the database itself refuses the twin.
        User.objects.bulk_create([User(email="BUDI@contoh.id", full_name="Budi 2")])


@pytest.mark.django_db
def test_new_user_is_a_resident_with_unverified_address():
    user = User.objects.create_user("warga@contoh.id", "x", full_name="Warga")
    assert not user.is_staff and not user.is_superuser
    assert user.is_active
    assert not user.is_email_verified
    assert user.preferred_language == "id"


@pytest.mark.django_db
def test_superuser_from_command_line_is_verified():
    user = User.objects.create_superuser("root@contoh.id", "x", full_name="Root")
    assert user.is_staff and user.is_superuser and user.is_email_verified
