import io

import pytest
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_ACCOUNTS
from accounts.models import User


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_on_a_production_site(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG on"):
        call_command("seed_demo", stdout=io.StringIO())
    with pytest.raises(CommandError, match="needs DEMO_PASSWORD"):
        call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_uses_the_demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Demo-Sumut-2026")
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    assert User.objects.filter(email__in=[a[0] for a in DEMO_ACCOUNTS]).count() == len(
        DEMO_ACCOUNTS
    )
    admin = User.objects.get(email="admin@sumutmitra.test")
    assert admin.is_superuser and admin.is_staff and admin.is_email_verified
    resident = User.objects.get(email="warga@sumutmitra.test")
    assert not resident.is_staff and resident.is_email_verified
    assert all(user.check_password("Demo-Sumut-2026") for user in User.objects.all())


@pytest.mark.django_db
def test_seed_demo_keeps_changed_passwords_unless_asked(monkeypatch):
    call_command("seed_demo", stdout=io.StringIO())
    resident = User.objects.get(email="warga@sumutmitra.test")
    resident.set_password("Sudah-Diganti-1")
    resident.save()

    call_command("seed_demo", stdout=io.StringIO())
    resident.refresh_from_db()
    assert resident.check_password("Sudah-Diganti-1")

    call_command("seed_demo", "--reset-passwords", stdout=io.StringIO())
    resident.refresh_from_db()
    assert resident.check_password("sumutmitra-demo")


@pytest.mark.django_db
def test_demo_superuser_can_log_in_to_admin(client):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin@sumutmitra.test", "password": "sumutmitra-demo"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "Administrasi Sumut Mitra" in response.content.decode()


@pytest.mark.django_db
def test_the_demos_reminders_follow_the_deadlines_its_pages_show():
    """The demo moves one submission's deadline into the past behind the services' back (an
    overdue case to show): its reminders follow the deadline the inbox shows, and the one for
    the passed deadline is waiting for the next scan rather than set for days later."""
    from django.utils import timezone

    from forums.models import Submission
    from notifications.models import Reminder

    call_command("seed_demo", stdout=io.StringIO())

    pending = Reminder.objects.filter(status="pending", rule__key__startswith="forum_")
    assert pending.exists()
    for reminder in pending.select_related("rule"):
        submission = Submission.objects.get(pk=reminder.object_id)
        verify = reminder.rule.key == "forum_verify_overdue"
        assert reminder.moment == (submission.verify_due if verify else submission.answer_due)
    overdue = Submission.objects.get(title__startswith="Bantuan mesin sangrai kopi")
    assert overdue.answer_due < timezone.now()
    assert (
        pending.filter(
            object_id=str(overdue.pk), rule__key="forum_answer_overdue", due_at__lte=timezone.now()
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_the_demo_dasbor_of_disperindag_shows_what_waits_and_its_lists_agree(client):
    """Maya Lubis (admin of Disperindag Sumut) logs in to an overdue answer, late milestones and
    an agreement ending soon, whatever day seed_demo ran; each line opens its list."""
    from django.urls import reverse

    from tests.sumut_mitra.test_dashboard import lines

    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(email="disperindag@sumutmitra.test"))
    shown = lines(client.get(reverse("dashboard")))
    assert shown["forum_overdue"][0] >= 1
    assert shown["late_milestones"][0] >= 3
    assert shown["expiring"][0] >= 1
    assert shown["due_milestones"][0] >= 1
    overdue = client.get(shown["forum_overdue"][2]).content.decode()
    assert "Bantuan mesin sangrai kopi untuk kelompok tani Sidikalang" in overdue
    ending = client.get(shown["expiring"][2]).content.decode()
    assert "Kesepakatan Bersama Riset Hilirisasi Sawit dan Karet" in ending
    late = client.get(shown["late_milestones"][2]).content.decode()
    assert "PKS Pembinaan IKM Penyewa Kawasan Industri Medan" in late
    assert "PKS Pelatihan Vokasi Juru Las untuk Industri" not in late  # not Disperindag's
