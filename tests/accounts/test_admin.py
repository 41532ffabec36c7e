import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from notifications.models import OutboundEmail
from tests.factories import UnverifiedUserFactory


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.django_db
def test_admin_lists_and_searches_users(admin_client):
    UnverifiedUserFactory(email="cari.saya@contoh.id", full_name="Cari Saya")
    page = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "cari"})
    assert "cari.saya@contoh.id" in page.content.decode()


@pytest.mark.django_db
def test_admin_creates_a_user_with_an_email_login(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Staf.Baru@Contoh.id",
            "full_name": "Staf Baru",
            "preferred_language": "id",
            "usable_password": "true",
            "password1": "Kopi-Mandailing-5",
            "password2": "Kopi-Mandailing-5",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="staf.baru@contoh.id")
    assert user.check_password("Kopi-Mandailing-5")
    assert not user.is_staff


@pytest.mark.django_db
def test_admin_actions_verify_and_resend(
    admin_client, eager_tasks, django_capture_on_commit_callbacks
):
    pending = UnverifiedUserFactory(email="tunda@contoh.id")
    changelist = reverse("admin:accounts_user_changelist")

    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        response = admin_client.post(
            changelist,
            {"action": "send_verification_email", "_selected_action": [pending.pk]},
            follow=True,
        )
    assert "1 e-mail verifikasi dimasukkan ke antrean" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["tunda@contoh.id"]]
    assert OutboundEmail.objects.get().kind == "accounts.verify_email"

    admin_client.post(
        changelist, {"action": "mark_email_verified", "_selected_action": [pending.pk]}
    )
    pending.refresh_from_db()
    assert pending.is_email_verified


@pytest.mark.django_db
def test_heartbeats_are_visible_but_read_only(admin_client):
    from sumut_mitra.services import heartbeat_record

    heartbeat_record(name="worker")
    page = admin_client.get(reverse("admin:sumut_mitra_heartbeat_changelist")).content.decode()
    assert "worker" in page
    assert admin_client.get(reverse("admin:sumut_mitra_heartbeat_add")).status_code == 403
