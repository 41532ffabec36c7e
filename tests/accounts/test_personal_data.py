"""A person downloads their data and deletes their account (UU 27/2022): what the file holds,
what deleting erases, what stays (anonymised), and when deleting is refused."""

import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts import services
from accounts.models import User
from agencies.enums import MemberRole
from agencies.models import AgencyEvent, Invitation, Membership
from forums.models import Follow, Forum, Reply, Submission, Support
from notifications.models import OutboundEmail
from tests.factories import DEFAULT_PASSWORD, AgencyFactory, MembershipFactory, UserFactory
from tests.support.trainings import make_training
from trainings.models import Certificate, Registration
from trainings.services import registration_create

EXPORT = reverse("accounts:data_export")
DELETE = reverse("accounts:delete")
LOGIN = reverse("accounts:login")


@pytest.fixture
def english(client):
    """Read the pages in English (the strings the tests look for are the English msgids)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def eager_tasks():
    """Tasks enqueued after commit run in-process: nothing lands in the shared Redis."""
    from sumut_mitra.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


def forum():
    return Forum.objects.get_or_create(
        slug="umum", defaults={"kind": "area", "title": "Aspirasi Umum Sumatera Utara"}
    )[0]


def submission_by(user, code, title, privacy="public"):
    return Submission.objects.create(
        tracking_code=code,
        forum=forum(),
        kind="aspirasi",
        title=title,
        body=f"{title}: jalan rusak di depan BLK.",
        body_html=f"<p>{title}: jalan rusak di depan BLK.</p>",
        privacy=privacy,
        status="received",
        author=user,
    )


@pytest.fixture
def person(db):
    """A resident with something in every app: a membership, a training registration with an
    answer and a certificate, a forum submission, a reply to someone else's, a support."""
    user = UserFactory(full_name="Siti Rahmawati", email="siti@contoh.id")
    membership = MembershipFactory(user=user, role=MemberRole.VIEWER)
    training = make_training(
        title="Pelatihan Barista", questions=[{"text": "Pengalaman kerja?", "required": False}]
    )
    question = training.questions.get()
    registration = registration_create(
        training=training, user=user, answers={str(question.pk): "Dua tahun di kedai kopi"}
    )
    certificate = Certificate(registration=registration, code="SRT-SITI-0001", status="ready")
    certificate.file.save("siti.pdf", ContentFile(b"%PDF-1.4 sertifikat"), save=False)
    certificate.save()
    submission = submission_by(user, "SM-2026-000101", "Lampu jalan padam")
    others = submission_by(UserFactory(), "SM-2026-000102", "Bus sekolah")
    Reply.objects.create(
        submission=others, author=user, body="Setuju sekali.", body_html="<p>Setuju sekali.</p>"
    )
    Support.objects.create(submission=others, user=user)
    Submission.objects.filter(pk=others.pk).update(support_count=1)
    Follow.objects.create(submission=others, user=user)
    yield {
        "user": user,
        "agency": membership.agency,
        "training": training,
        "registration": registration,
        "certificate": certificate,
        "submission": submission,
        "others_submission": others,
    }
    certificate.file.storage.delete(certificate.file.name)  # when a test did not delete it


@pytest.fixture
def stranger(db):
    """Someone else, with data of their own that must never show in the person's file."""
    user = UserFactory(full_name="Budi Santoso", email="budi@contoh.id")
    MembershipFactory(user=user, agency=AgencyFactory(name="Dinas Rahasia Budi"))
    registration_create(training=make_training(title="Pelatihan Las Budi"), user=user)
    submission_by(user, "SM-2026-000999", "Keluhan pribadi Budi", privacy="rahasia")
    return user


def download(client):
    response = client.get(EXPORT, {"unduh": "1"})
    assert response.status_code == 200
    return response


# --- Download -------------------------------------------------------------------------------------


def test_download_holds_the_persons_data_from_every_app(client, person, stranger):
    client.force_login(person["user"])
    response = download(client)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="data-saya-sumut-mitra.json"'
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)

    account = data["account"]
    assert account["email"] == "siti@contoh.id"
    assert account["full_name"] == "Siti Rahmawati"
    assert account["preferred_language"] == "id"
    assert account["date_joined"] and account["email_verified_at"]

    assert data["agencies"]["memberships"] == [
        {
            "agency": person["agency"].name,
            "role": "viewer",
            "member_since": data["agencies"]["memberships"][0]["member_since"],
        }
    ]

    [registration] = data["trainings"]["registrations"]
    assert registration["training"] == "Pelatihan Barista"
    assert registration["reference"] == person["training"].reference
    assert registration["status"] == "approved"
    assert registration["answers"] == [
        {"question": "Pengalaman kerja?", "answer": "Dua tahun di kedai kopi"}
    ]
    assert registration["certificate"]["code"] == "SRT-SITI-0001"

    forums = data["forums"]
    [submission] = forums["submissions"]
    assert submission["tracking_code"] == "SM-2026-000101"
    assert submission["title"] == "Lampu jalan padam"
    assert submission["body"] == "Lampu jalan padam: jalan rusak di depan BLK."
    assert [reply["body"] for reply in forums["replies"]] == ["Setuju sekali."]
    assert [s["tracking_code"] for s in forums["supports"]] == ["SM-2026-000102"]
    assert [f["tracking_code"] for f in forums["follows"]] == ["SM-2026-000102"]

    # The registration's confirmation e-mail, from the outbox.
    assert data["notifications"]["emails"]


def test_download_holds_nothing_of_anybody_else(client, person, stranger):
    client.force_login(person["user"])
    text = download(client).content.decode()

    for secret in (
        "budi@contoh.id",
        "Budi Santoso",
        "Dinas Rahasia Budi",
        "Pelatihan Las Budi",
        "Keluhan pribadi Budi",
        "SM-2026-000999",
    ):
        assert secret not in text


def test_the_page_says_what_the_file_holds_and_a_post_downloads_too(english, person):
    english.force_login(person["user"])
    page = english.get(EXPORT).content.decode()
    assert "Download my data" in page
    assert 'href="?unduh=1"' in page
    assert "Your training registrations" in page
    assert "Your forum submissions, replies and ratings of answers" in page

    response = english.post(EXPORT)
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["account"]["email"] == "siti@contoh.id"


def test_the_profile_links_both_pages(english, resident):
    english.force_login(resident)
    page = english.get(reverse("accounts:profile")).content.decode()
    assert f'href="{EXPORT}"' in page
    assert f'href="{DELETE}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EXPORT, f"{EXPORT}?unduh=1", DELETE])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    response = client.post(DELETE, {"password": "x", "confirm": "on"})
    assert response.url.startswith(LOGIN)


# --- Deletion -------------------------------------------------------------------------------------


def delete(client, password=DEFAULT_PASSWORD, **extra):
    return client.post(DELETE, {"password": password, "confirm": "on", **extra})


def test_the_delete_page_explains_what_happens(english, person):
    english.force_login(person["user"])
    page = english.get(DELETE).content.decode()
    assert "Your account and your private data are erased" in page
    assert "no longer shows your name or e-mail address" in page
    assert "Your training registrations are erased" in page
    assert 'name="password"' in page
    assert 'name="confirm"' in page


def test_a_wrong_password_changes_nothing(english, person):
    user = person["user"]
    english.force_login(user)
    response = delete(english, password="bukan-sandinya")

    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert Registration.objects.filter(user=user).count() == 1
    assert Submission.objects.get(pk=person["submission"].pk).author == user
    assert Membership.objects.filter(user=user).exists()
    # Still logged in.
    assert english.get(reverse("accounts:profile")).status_code == 200


def test_without_the_confirmation_box_nothing_happens(english, person):
    english.force_login(person["user"])
    response = english.post(DELETE, {"password": DEFAULT_PASSWORD})
    assert "Tick the box to confirm." in response.content.decode()
    assert User.objects.filter(pk=person["user"].pk).exists()


def test_deleting_erases_the_account_and_keeps_public_content_anonymised(
    english, person, stranger, eager_tasks, django_capture_on_commit_callbacks
):
    user = person["user"]
    certificate_file = person["certificate"].file
    storage, file_name = certificate_file.storage, certificate_file.name
    assert storage.exists(file_name)
    english.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(english)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert not User.objects.filter(pk=user.pk).exists()
    assert "Your account has been deleted." in english.get(response.url).content.decode()
    assert english.get(reverse("accounts:profile")).url.startswith(LOGIN)

    # Public content stays, with nothing that says who wrote it.
    submission = Submission.objects.get(pk=person["submission"].pk)
    assert (submission.author, submission.author_name, submission.author_email) == (None, "", "")
    assert submission.title == "Lampu jalan padam"
    reply = Reply.objects.get(body="Setuju sekali.")
    assert reply.author is None
    # Supports and follows go, and the stored support count drops with them.
    others = Submission.objects.get(pk=person["others_submission"].pk)
    assert others.support_count == 0
    assert not Support.objects.filter(submission=others).exists()
    assert not Follow.objects.filter(submission=others).exists()

    # Training registrations and certificates go, the PDF too.
    assert not Registration.objects.filter(pk=person["registration"].pk).exists()
    assert not Certificate.objects.filter(code="SRT-SITI-0001").exists()
    assert not storage.exists(file_name)

    # No e-mail copies to the address are kept.
    assert not OutboundEmail.objects.filter(to="siti@contoh.id").exists()

    # The other person's data is untouched.
    assert User.objects.filter(pk=stranger.pk).exists()
    assert Registration.objects.filter(user=stranger).count() == 1
    assert Submission.objects.get(tracking_code="SM-2026-000999").author == stranger


@pytest.mark.django_db
def test_a_freed_seat_goes_to_the_waiting_list(eager_tasks, django_capture_on_commit_callbacks):
    training = make_training(capacity=1)
    leaving, waiting = UserFactory(), UserFactory()
    registration_create(training=training, user=leaving)
    waitlisted = registration_create(training=training, user=waiting)
    assert waitlisted.status == "waitlisted"

    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete(user=leaving, password=DEFAULT_PASSWORD)

    waitlisted.refresh_from_db()
    assert waitlisted.status == "approved"


def test_the_only_admin_of_a_verified_agency_is_refused(english, resident):
    agency = AgencyFactory(name="Dinas Tenaga Kerja Medan", status="verified")
    MembershipFactory(user=resident, agency=agency, role=MemberRole.ADMIN)
    english.force_login(resident)

    page = english.get(DELETE).content.decode()
    message = "Hand over the admin role of Dinas Tenaga Kerja Medan first"
    assert message in page
    assert 'name="password"' not in page  # no form to fill in while it cannot be done

    response = delete(english)
    assert message in response.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()
    assert Membership.objects.filter(user=resident, agency=agency).exists()

    with pytest.raises(ValidationError) as refused:
        services.account_delete(user=resident, password=DEFAULT_PASSWORD)
    assert any(message in text for text in refused.value.messages)

    # Once someone else is admin too, the account can go.
    MembershipFactory(agency=agency, role=MemberRole.ADMIN)
    services.account_delete(user=resident, password=DEFAULT_PASSWORD)
    assert not User.objects.filter(pk=resident.pk).exists()
    assert agency.memberships.count() == 1


@pytest.mark.django_db
def test_the_only_member_of_a_pending_agency_may_leave_it():
    user = UserFactory()
    agency = AgencyFactory(status="pending")
    MembershipFactory(user=user, agency=agency, role=MemberRole.ADMIN)

    services.account_delete(user=user, password=DEFAULT_PASSWORD)

    assert not User.objects.filter(pk=user.pk).exists()
    assert not agency.memberships.exists()


@pytest.mark.django_db
def test_the_agency_history_keeps_that_a_member_left_but_not_who():
    from agencies import services as agency_services

    agency = AgencyFactory()
    admin = MembershipFactory(agency=agency, role=MemberRole.ADMIN).user
    invitation = agency_services.invitation_create(
        agency=agency, email="dewi@contoh.id", role="editor", by=admin
    )
    dewi = UserFactory(email="dewi@contoh.id")
    agency_services.invitation_accept(invitation=invitation, user=dewi)
    assert AgencyEvent.objects.filter(agency=agency, detail__contains="dewi@contoh.id").exists()

    services.account_delete(user=dewi, password=DEFAULT_PASSWORD)

    details = list(AgencyEvent.objects.filter(agency=agency).values_list("detail", flat=True))
    assert not any("dewi@contoh.id" in detail for detail in details)
    assert AgencyEvent.objects.filter(agency=agency, kind="member_removed").exists()
    assert not Invitation.objects.filter(email="dewi@contoh.id").exists()


@pytest.mark.django_db
def test_deleting_logs_no_personal_data(caplog):
    user = UserFactory(full_name="Siti Rahmawati", email="siti@contoh.id")
    with caplog.at_level("INFO", logger="accounts.services"):
        services.account_delete(user=user, password=DEFAULT_PASSWORD)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert re.search(rf"account deleted .*user {user.pk}\b", logged)
    assert "siti" not in logged.lower()
