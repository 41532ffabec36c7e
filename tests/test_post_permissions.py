"""Every state-changing POST, sent by someone who may not make it, is refused and changes
nothing. The GET matrix (test_permission_matrix.py) cannot see these: POST-only URLs answer
405 to a GET whoever asks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import ApiToken
from agencies import services as agency_services
from agencies.models import Agency, Capability, Invitation, Membership
from forums.models import AnswerRating, Reply, Rsvp, Submission, Suspension
from forums.rules import SESSION_KEY
from notifications.models import OutboundEmail
from partnerships.models import Agreement, Comment, Contribution, Milestone, MonevReport
from tests.support.files import PDF
from tests.support.world import build_world
from trainings.checkin import signed_token
from trainings.models import (
    Attendance,
    Certificate,
    Material,
    Registration,
    Training,
    TrainingMessage,
)


@pytest.fixture(autouse=True)
def checkin_open(settings):
    """The world's session starts tomorrow: here check-in opens a day and a half before a
    session (instead of an hour), so that only the permission can stop a check-in."""
    settings.CHECKIN_OPENS_MINUTES = 36 * 60


def snapshot():
    """Everything these POSTs could change, in one comparable value."""
    return {
        "agencies": list(Agency.objects.order_by("pk").values_list("pk", "status", "name")),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "role")),
        "invitations": list(Invitation.objects.order_by("pk").values_list("pk", "revoked_at")),
        "api_keys": list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        "capabilities": list(Capability.objects.order_by("pk").values_list("pk", "title")),
        "agreements": list(
            Agreement.objects.order_by("pk").values_list("pk", "status", "termination_requested_at")
        ),
        "milestones": list(Milestone.objects.order_by("pk").values_list("pk", "status")),
        "contributions": list(Contribution.objects.order_by("pk").values_list("pk", "realised")),
        "reports": list(MonevReport.objects.order_by("pk").values_list("pk", "status")),
        "comments": Comment.objects.count(),
        "trainings": list(Training.objects.order_by("pk").values_list("pk", "status")),
        "registrations": list(Registration.objects.order_by("pk").values_list("pk", "status")),
        "attendance": Attendance.objects.count(),
        "certificates": list(Certificate.objects.order_by("pk").values_list("pk", "status")),
        "materials": Material.objects.count(),
        "training_messages": TrainingMessage.objects.count(),
        "outbox": OutboundEmail.objects.count(),
        "submissions": list(
            Submission.objects.order_by("pk").values_list(
                "pk",
                "status",
                "hidden",
                "locked",
                "privacy",
                "held",
                "appealed_at",
                "author_name",
                "author_email",
            )
        ),
        "ratings": list(
            AnswerRating.objects.order_by("pk").values_list("pk", "verdict", "appealed")
        ),
        "replies": list(Reply.objects.order_by("pk").values_list("pk", "kind", "hidden")),
        "suspensions": Suspension.objects.count(),
        "rsvps": Rsvp.objects.count(),
    }


def _admin_s_api_key(w):
    """The admin's personal API key: only its owner revokes it."""
    token, _key = agency_services.api_key_create(
        user=w.users["admin"], name="Sinkron", scopes={w.agency: "admin"}
    )
    return token


def posts(w):
    ref = w.agreement.reference
    party = w.agreement.parties.first().pk
    return [
        (
            reverse("agencies:api_key_revoke", args=[_admin_s_api_key(w).pk]),
            {},
            {"admin"},
        ),
        (
            # Only for the agencies one is a member of: another's agency is not offered.
            reverse("agencies:api_keys"),
            {"name": "Sinkron", f"agency_{w.agency.pk}": "viewer"},
            {"viewer", "editor", "admin"},
        ),
        # (url, data, roles that may do it)
        (
            reverse("agencies:member_role", args=[w.agency.slug, w.viewer_membership.pk]),
            {"role": "admin"},
            {"admin"},
        ),
        (
            reverse("agencies:member_remove", args=[w.agency.slug, w.viewer_membership.pk]),
            {},
            {"admin"},
        ),
        (
            reverse("agencies:invitation_revoke", args=[w.agency.slug, w.invitation.pk]),
            {},
            {"admin"},
        ),
        (
            reverse("agencies:capability_delete", args=[w.agency.slug, w.capability.pk]),
            {},
            {"editor", "admin", "secretariat", "superuser"},
        ),
        (reverse("partnerships:move", args=[ref, "completed"]), {}, {"secretariat", "superuser"}),
        (
            reverse("partnerships:delete_draft", args=[w.draft.reference]),
            {},
            {"editor", "admin", "secretariat", "superuser"},
        ),
        (
            reverse("partnerships:milestone_add", args=[ref]),
            {"title": "Baru", "responsible": party, "due_date": "2027-01-01"},
            {"editor", "admin", "secretariat", "superuser"},
        ),
        (
            reverse("partnerships:milestone_done", args=[ref, w.milestone.pk]),
            {"completed_on": "2026-06-01"},
            {"editor", "admin", "secretariat", "superuser"},
        ),
        (
            reverse("partnerships:contribution_add", args=[ref]),
            {"party": party, "source": "apbd", "form": "cash", "planned": 1, "realised": 0},
            {"editor", "admin", "secretariat", "superuser"},
        ),
        (
            reverse("partnerships:milestone_start", args=[ref, w.milestone.pk]),
            {},
            {"editor", "admin", "secretariat", "superuser"},
        ),
        (
            reverse("partnerships:contribution_edit", args=[ref, w.contribution.pk]),
            {
                "party": party,
                "source": "apbd",
                "form": "cash",
                "planned": 100_000_000,
                "realised": 5_000_000,
            },
            {"editor", "admin", "secretariat", "superuser"},
        ),
        (
            reverse("partnerships:contribution_delete", args=[ref, w.contribution.pk]),
            {},
            {"editor", "admin", "secretariat", "superuser"},
        ),
        (
            reverse("partnerships:monev_review", args=[ref, w.report.pk]),
            {"decision": "accepted"},
            {"secretariat", "superuser"},
        ),
        (
            reverse("partnerships:comment_add", args=[ref]),
            {"body": "Halo"},
            {"viewer", "editor", "admin", "secretariat", "superuser"},
        ),
        (
            reverse("partnerships:termination_request", args=[ref]),
            {"reason": "Selesai saja."},
            {"admin"},
        ),
        *training_posts(w),
        *forum_posts(w),
        *submitter_posts(w),
    ]


# "submitter": the browser of a guest that proved the world's answered submission's tracking
# code and e-mail address. Guests may make these, so a visitor without an account who proved
# nothing gets a 404 (as if the submission's own pages did not exist), not the login page.
SUBMITTER = "submitter"


def submitter_posts(w):
    code = w.answered.tracking_code
    return [
        (
            reverse("forums:rate", args=[code]),
            {"verdict": "tidak_puas", "reason": "Jadwalnya belum jelas."},
            {SUBMITTER},
        ),
        (reverse("forums:appeal", args=[code]), {"reason": "Jadwalnya belum jelas."}, {SUBMITTER}),
        (reverse("forums:guest_erase", args=[code]), {}, {SUBMITTER}),
    ]


def act_as(client, world, role):
    if role == SUBMITTER:
        session = client.session
        session[SESSION_KEY] = [world.answered.pk]
        session.save()
    elif world.users[role] is not None:
        client.force_login(world.users[role])


def forum_posts(w):
    code = w.submission.tracking_code
    staff = {"viewer", "editor", "admin", "secretariat", "superuser"}
    moderators = {"secretariat", "superuser"}
    return [
        (
            reverse("forums:action", args=[code, "jawab"]),
            {"body": "Jalan diperbaiki pekan depan."},
            {"editor", "admin"},
        ),
        (reverse("forums:action", args=[code, "catatan"]), {"body": "Cek lapangan."}, staff),
        (reverse("forums:action", args=[code, "privasi"]), {"privacy": "rahasia"}, staff),
        (reverse("forums:action", args=[code, "sembunyikan"]), {}, moderators),
        (reverse("forums:action", args=[code, "kunci"]), {}, moderators),
        (reverse("forums:reply_moderate", args=[w.reply.pk, "hide"]), {}, moderators),
        (
            reverse("forums:suspend", args=[w.users["resident"].pk]),
            {"reason": "Spam berulang."},
            moderators,
        ),
    ]


ORGANISERS = {"editor", "admin", "secretariat", "superuser"}


def training_posts(w):
    tref = w.training.reference
    session = w.training.sessions.first().pk
    return [
        (
            reverse("trainings:registration_action", args=[tref, w.registration.pk, "batalkan"]),
            {"reason": "Kuota dialihkan."},
            ORGANISERS,
        ),
        (
            reverse("trainings:checkin", args=[tref, session]),
            {"code": signed_token(w.registration.code), "method": "scan"},
            ORGANISERS,
        ),
        (
            reverse("trainings:checkin", args=[tref, session]),
            {"registration": w.registration.pk},
            ORGANISERS,
        ),
        (
            reverse("trainings:move", args=[tref, "cancelled"]),
            {"note": "Ditunda."},
            ORGANISERS,
        ),
        (
            reverse("trainings:certificate_revoke", args=[tref, w.certificate.pk]),
            {"reason": "Salah nama."},
            ORGANISERS,
        ),
        (
            reverse("trainings:material_upload", args=[tref]),
            {"title": "Modul", "file": SimpleUploadedFile("m.pdf", PDF)},
            ORGANISERS,
        ),
        (
            reverse("trainings:message", args=[tref]),
            {"audience": "all", "subject": "Ruang pindah", "body": "Aula 2.", "confirm": "1"},
            ORGANISERS,
        ),
        (reverse("trainings:cancel_own", args=[tref]), {}, {"resident"}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "resident",
        "viewer",
        "editor",
        "other_staff",
        "pending",
        "suspended",
        "secretariat",
    ],
)
def test_refused_posts_change_nothing(client, role, settings):
    settings.CHECKIN_OPENS_MINUTES = 3 * 24 * 60  # only the permission may refuse
    world = build_world()
    act_as(client, world, role)
    open_to_guests = {url for url, _data, _allowed in submitter_posts(world)}
    for url, data, allowed in posts(world):
        if role in allowed:
            continue
        before = snapshot()
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404, 200), url
        if role == "anonymous" and url in open_to_guests:
            assert response.status_code == 404, url
        elif role == "anonymous":
            assert response.status_code == 302 and "/akun/masuk/" in response.url, url
        assert snapshot() == before, f"{url} changed something for {role}"


POST_COUNT = 35


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(POST_COUNT))
def test_the_same_posts_work_for_a_role_that_may_make_them(client, index, settings):
    """Guards the test above: its data is valid, so only the permission can stop it."""
    # The world's training starts tomorrow; its check-in window is not what this test is about.
    settings.CHECKIN_OPENS_MINUTES = 3 * 24 * 60
    world = build_world()
    assert len(posts(world)) == POST_COUNT
    url, data, allowed = posts(world)[index]
    role = sorted(allowed)[0]
    act_as(client, world, role)
    before = snapshot()
    client.post(url, data)
    assert snapshot() != before, f"{url} as {role} changed nothing"
