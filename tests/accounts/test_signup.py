import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from accounts import services
from accounts.models import User
from notifications.enums import EmailStatus
from notifications.models import OutboundEmail
from tests.factories import UnverifiedUserFactory, UserFactory

SIGNUP = reverse("accounts:signup")
RESEND = reverse("accounts:resend_verification")
UNREACHABLE = "tests.support.email.UnreachableSmtpBackend"


def signup_data(**overrides):
    data = {
        "full_name": "Rina Siregar",
        "email": "Rina@Contoh.id",
        "password1": "Ulos-Tenun-Samosir-7",
        "password2": "Ulos-Tenun-Samosir-7",
        "consent": "on",
    }
    data.update(overrides)
    return data


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.fixture
def post(client, eager_tasks, django_capture_on_commit_callbacks):
    """POST as the browser does; what the request queued in the outbox is then sent, as the
    worker does once the request's transaction commits, so it shows in `mail.outbox`."""

    def post(url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return post


@pytest.mark.django_db
def test_signup_creates_unverified_resident_and_emails_link_in_indonesian(post):
    response = post(SIGNUP, signup_data(), follow=True)

    user = User.objects.get(email="rina@contoh.id")
    assert user.full_name == "Rina Siregar"
    assert not user.is_email_verified
    assert user.preferred_language == "id"
    assert user.check_password("Ulos-Tenun-Samosir-7")
    assert "rina@contoh.id" in response.content.decode()
    assert "Periksa e-mail Anda" in response.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina@contoh.id"]
    assert "Konfirmasi alamat e-mail" in message.subject
    assert "/akun/verifikasi/" in link_in(message)
    html = message.alternatives[0][0]
    assert link_in(message) in html
    # The name typed into the form is not echoed to an unproven address.
    assert "Rina Siregar" not in message.body


@pytest.mark.django_db
def test_signup_in_english_gets_english_email_and_preference(client, post):
    client.cookies["django_language"] = "en"
    post(SIGNUP, signup_data())
    user = User.objects.get(email="rina@contoh.id")
    assert user.preferred_language == "en"
    assert mail.outbox[0].subject == "Confirm your e-mail address for Sumut Mitra"


@pytest.mark.django_db
def test_verification_link_verifies_and_then_login_works(client, post):
    post(SIGNUP, signup_data())
    link = link_in(mail.outbox[0])

    # Before verifying, the right password is still refused, with a way to get a new link.
    response = client.post(
        reverse("accounts:login"),
        {"username": "rina@contoh.id", "password": "Ulos-Tenun-Samosir-7"},
    )
    page = response.content.decode()
    assert "belum diverifikasi" in page
    assert reverse("accounts:resend_verification") in page
    assert "_auth_user_id" not in client.session

    # Opening the link only asks for confirmation (mail scanners open links too).
    confirm_page = client.get(link)
    assert "Konfirmasi alamat e-mail saya" in confirm_page.content.decode()
    assert not User.objects.get(email="rina@contoh.id").is_email_verified
    response = client.post(link, follow=True)
    assert "e-mail Anda sudah terverifikasi" in response.content.decode()
    assert User.objects.get(email="rina@contoh.id").is_email_verified

    response = client.post(
        reverse("accounts:login"),
        {"username": "RINA@contoh.id", "password": "Ulos-Tenun-Samosir-7"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="rina@contoh.id").pk)


@pytest.mark.django_db
def test_expired_verification_link_is_refused_with_a_way_forward(client, monkeypatch, settings):
    user = UnverifiedUserFactory()
    old = signing.time.time() - settings.ACCOUNT_VERIFICATION_MAX_AGE.total_seconds() - 60
    monkeypatch.setattr(signing.time, "time", lambda: old)
    token = services.email_verification_token(user)
    monkeypatch.undo()

    response = client.get(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "kedaluwarsa" in page
    assert reverse("accounts:resend_verification") in page
    user.refresh_from_db()
    assert not user.is_email_verified


@pytest.mark.django_db
def test_tampered_or_stale_link_is_refused(client):
    user = UnverifiedUserFactory(email="lama@contoh.id")
    token = services.email_verification_token(user)
    response = client.get(reverse("accounts:verify_email", args=[token[:-2] + "xx"]))
    assert response.status_code == 400

    # A link sent to an old address stops working once the address changes.
    user.email = "baru@contoh.id"
    user.save()
    response = client.get(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_email_verified


@pytest.mark.django_db
def test_signup_with_registered_address_reveals_nothing_but_tells_the_owner(post):
    owner = UserFactory(email="rina@contoh.id", full_name="Rina Asli")
    response = post(SIGNUP, signup_data(full_name="Penipu"), follow=True)

    assert "Periksa e-mail Anda" in response.content.decode()
    assert User.objects.filter(email="rina@contoh.id").count() == 1
    owner.refresh_from_db()
    assert owner.full_name == "Rina Asli"
    assert not owner.check_password("Ulos-Tenun-Samosir-7")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rina@contoh.id"]
    assert "mencoba mendaftar" in mail.outbox[0].subject


@pytest.mark.django_db
def test_signing_up_with_someone_elses_pending_address_changes_nothing(client, post):
    """Someone else signed up with Rina's address first. A second sign-up neither changes
    that account nor kills its link; Rina's mailbox gets a link to choose her own password,
    which also confirms the address, so the mailbox owner ends up with the account."""
    post(
        SIGNUP,
        signup_data(
            full_name="Orang Lain", password1="Pencuri-Akun-99", password2="Pencuri-Akun-99"
        ),
    )
    first_link = link_in(mail.outbox[0])
    before = User.objects.values().get(email="rina@contoh.id")
    mail.outbox.clear()
    User.objects.filter(email="rina@contoh.id").update(verification_sent_at=None)  # cooldown over
    before["verification_sent_at"] = None

    response = post(SIGNUP, signup_data(), follow=True)
    assert "Periksa e-mail Anda" in response.content.decode()  # the same page as always
    after = User.objects.values().get(email="rina@contoh.id")
    assert {k: v for k, v in after.items() if k != "verification_sent_at"} == {
        k: v for k, v in before.items() if k != "verification_sent_at"
    }
    [notice] = mail.outbox
    assert notice.to == ["rina@contoh.id"] and "Selesaikan" in notice.subject
    set_password = re.search(r"https?://\S+/akun/atur-ulang/\S+/", notice.body).group(0)

    # The first link still works (it was the owner's mailbox that received it, too) ...
    assert client.get(first_link).status_code == 200
    # ... and the owner's own way in: choose a password, which proves the address.
    form_page = client.get(set_password, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else set_password,
        {"new_password1": "Ulos-Tenun-Samosir-7", "new_password2": "Ulos-Tenun-Samosir-7"},
    )
    assert done.status_code == 302
    user = User.objects.get(email="rina@contoh.id")
    assert user.is_email_verified
    assert user.check_password("Ulos-Tenun-Samosir-7")
    assert not user.check_password("Pencuri-Akun-99")


@pytest.mark.django_db
def test_repeated_sign_ups_with_a_taken_address_send_one_email_per_cooldown(post):
    UserFactory(email="rina@contoh.id")
    UnverifiedUserFactory(email="belum@contoh.id")
    for _ in range(3):
        post(SIGNUP, signup_data(email="rina@contoh.id"))
        post(SIGNUP, signup_data(email="belum@contoh.id"))
    assert OutboundEmail.objects.filter(to="rina@contoh.id").count() == 1
    assert OutboundEmail.objects.filter(to="belum@contoh.id").count() == 1


@pytest.mark.django_db
def test_a_new_accounts_link_counts_against_the_cooldown(post):
    post(SIGNUP, signup_data())
    for _ in range(3):
        post(RESEND, {"email": "rina@contoh.id"})
        post(SIGNUP, signup_data())
    assert OutboundEmail.objects.filter(to="rina@contoh.id").count() == 1


@pytest.mark.django_db
def test_verification_emails_are_rate_limited_per_address(post):
    UnverifiedUserFactory(email="belum@contoh.id")
    for _ in range(5):
        post(RESEND, {"email": "belum@contoh.id"})
    assert OutboundEmail.objects.filter(to="belum@contoh.id").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_deactivated_account_cannot_be_verified(client):
    user = UnverifiedUserFactory(is_active=False)
    token = services.email_verification_token(user)
    assert client.post(reverse("accounts:verify_email", args=[token])).status_code == 400
    user.refresh_from_db()
    assert not user.is_email_verified


@pytest.mark.django_db
def test_verification_link_carries_no_email_address(client):
    user = UnverifiedUserFactory(email="rahasia@contoh.id")
    token = services.email_verification_token(user)
    assert "rahasia" not in signing.b64_decode(token.split(":")[0].encode()).decode()


@pytest.mark.django_db
def test_signup_page_is_the_same_for_new_and_registered_addresses(client):
    def done_page(email):
        other = type(client)()
        response = other.post(SIGNUP, signup_data(email=email), follow=True)
        page = response.content.decode().replace(email, "ADDRESS")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    UserFactory(email="ada@contoh.id")
    assert done_page("ada@contoh.id") == done_page("baru@contoh.id")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "lain-sama-sekali-9"}, "password2", "tidak sama"),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "terlalu umum"),
        ({"consent": ""}, "consent", "persetujuan Anda"),
        ({"email": "bukan-email"}, "email", "alamat email yang valid"),
        ({"full_name": ""}, "full_name", "Wajib diisi."),
    ],
)
def test_bad_signup_input_gets_a_clear_message_and_loses_nothing(client, overrides, field, message):
    data = signup_data(**overrides)
    response = client.post(SIGNUP, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "Periksa kembali isian yang ditandai" in page
    if field != "full_name":
        assert 'value="Rina Siregar"' in page
    assert not User.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_resend_verification_sends_only_to_unverified_accounts(post):
    UnverifiedUserFactory(email="belum@contoh.id")
    UserFactory(email="sudah@contoh.id")

    for address in ("belum@contoh.id", "sudah@contoh.id", "tidakada@contoh.id"):
        response = post(RESEND, {"email": address}, follow=True)
        assert address in response.content.decode()  # the same answer for each

    assert [m.to for m in mail.outbox] == [["belum@contoh.id"]]


@pytest.mark.django_db
def test_logged_in_person_is_sent_home_from_signup(resident_client):
    response = resident_client.get(SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_the_verification_link_is_queued_in_the_outbox_and_sent_after_the_request(
    client, eager_tasks, django_capture_on_commit_callbacks
):
    """Nothing is sent inside the request: it queues one outbox row about the new account, and
    the send task, enqueued once the request commits, delivers it."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(SIGNUP, signup_data(), follow=True)

    assert "sedang dikirim" in response.content.decode()
    assert mail.outbox == []
    email = OutboundEmail.objects.get()
    user = User.objects.get(email="rina@contoh.id")
    assert (email.to, email.kind, email.language, email.status) == (
        "rina@contoh.id",
        "accounts.verify_email",
        "id",
        EmailStatus.QUEUED,
    )
    assert email.about == user
    assert "/akun/verifikasi/" in email.body

    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["rina@contoh.id"],
        email.subject,
        email.body,
    )


@pytest.mark.django_db
def test_the_account_exists_email_is_queued_in_the_outbox_and_sent_after_the_request(
    client, eager_tasks, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="rina@contoh.id", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(SIGNUP, signup_data(full_name="Penipu"))

    assert mail.outbox == []
    email = OutboundEmail.objects.get()
    assert (email.to, email.kind, email.language, email.status) == (
        "rina@contoh.id",
        "accounts.account_exists",
        "en",
        EmailStatus.QUEUED,
    )
    assert email.about == owner

    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert (message.to, message.subject) == (["rina@contoh.id"], email.subject)
    assert OutboundEmail.objects.get().status == EmailStatus.SENT


@pytest.mark.django_db
def test_mail_server_down_keeps_the_account_and_the_outbox_keeps_trying(post, settings):
    """The page cannot know the mail server is away (it only queues): it says the link is on
    its way; the outbox records the refusal and retries, and "Send a new link" still works."""
    settings.EMAIL_BACKEND = UNREACHABLE
    response = post(SIGNUP, signup_data(), follow=True)

    assert "sedang dikirim" in response.content.decode()
    assert User.objects.filter(email="rina@contoh.id").exists()
    email = OutboundEmail.objects.get(kind="accounts.verify_email")
    assert email.status == EmailStatus.FAILED
    assert "Connection refused" in email.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    post(RESEND, {"email": "rina@contoh.id"})  # within the cooldown: the outbox retries instead
    assert OutboundEmail.objects.filter(kind="accounts.verify_email").count() == 1
    User.objects.filter(email="rina@contoh.id").update(verification_sent_at=None)  # it passed
    post(RESEND, {"email": "rina@contoh.id"})
    assert [m.to for m in mail.outbox] == [["rina@contoh.id"]]


@pytest.mark.django_db
def test_resend_with_mail_server_down_answers_as_always_and_the_link_waits_in_the_outbox(
    post, settings
):
    UnverifiedUserFactory(email="belum@contoh.id")
    settings.EMAIL_BACKEND = UNREACHABLE
    response = post(RESEND, {"email": "belum@contoh.id"}, follow=True)

    assert "tautan baru akan segera kami kirim" in response.content.decode()
    email = OutboundEmail.objects.get(to="belum@contoh.id")
    assert (email.kind, email.status) == ("accounts.verify_email", EmailStatus.FAILED)
    assert mail.outbox == []
