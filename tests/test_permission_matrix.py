"""Every URL of the project states, for each kind of visitor, what a GET should answer.

A new URL pattern without an entry here fails the suite: nobody ships a page without deciding
who may see it. The roles are those of agencies/rules.py; the agency in the URLs is verified and
"owned" by the viewer, editor and admin; "other_staff" is the admin of a different agency.
"""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencies import services as agency_services
from tests.support.world import ROLES, build_world

LOGIN = reverse("accounts:login")
ANY_HEALTH = {200, 503}  # depends on the worker, checked in test_health


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome, *, anonymous=302):
    return {**everyone(outcome), "anonymous": anonymous}


def only(roles, outcome=200, *, others=403, anonymous=302):
    return {**signed_in(others, anonymous=anonymous), **dict.fromkeys(roles, outcome)}


EDITORS = ["editor", "admin", "secretariat", "superuser"]
PARTIES = ["viewer", "editor", "admin"]
SECRETARIAT = ["secretariat", "superuser"]


def slug(w):
    return {"slug": w.agency.slug}


def code(w):
    return {"code": w.submission.tracking_code}


def tref(w):
    return {"reference": w.training.reference}


# Organisers' editors and the secretariat; the organisers' viewers may look but not act.
ORGANISER_EDITORS = only(["editor", "admin", *SECRETARIAT], others=404) | {"viewer": 403}


def ref(w):
    return {"reference": w.agreement.reference}


def admin_s_key(w):
    """A personal API key of the admin: only its owner is asked to confirm revoking it."""
    token, _key = agency_services.api_key_create(
        user=w.users["admin"], name="Sinkron", scopes={w.agency: "admin"}
    )
    return {"pk": token.pk}


# name: (kwargs from the world, {role: expected status or set of allowed statuses})
MATRIX = {
    "home": (None, everyone(200)),
    # Everyone searches; what each finds is theirs to see (tests/sumut_mitra/test_search.py).
    "search": (None, everyone(200)),
    "privacy": (None, everyone(200)),
    "glossary": (None, everyone(200)),
    "healthz": (None, everyone(ANY_HEALTH)),
    "statistics": (None, everyone(200)),
    "statistics_regency": (lambda w: {"code": "12.71"}, everyone(200)),
    "statistics_csv": (lambda w: {"key": "agreement-regency"}, everyone(200)),
    "data_catalogue": (None, everyone(200)),
    "data_catalogue_dcat": (None, everyone(200)),
    # Staff see their dasbor; anyone else is sent on to their "Beranda saya".
    "dashboard": (
        None,
        only(["viewer", "editor", "admin", "other_staff", *SECRETARIAT], others=302),
    ),
    "my_home": (None, signed_in(200)),
    "set_language": (None, everyone(405)),
    "accounts:signup": (None, signed_in(302, anonymous=200)),
    "accounts:signup_done": (None, everyone(200)),
    "accounts:resend_verification": (None, everyone(200)),
    "accounts:verify_email": (lambda w: {"token": "tidak-sah"}, everyone(400)),
    "accounts:login": (None, signed_in(302, anonymous=200)),
    "accounts:logout": (None, everyone(405)),
    "accounts:profile": (None, signed_in(200)),
    "accounts:password_change": (None, signed_in(200)),
    "accounts:password_reset": (None, everyone(200)),
    "accounts:password_reset_done": (None, everyone(200)),
    "accounts:password_reset_confirm": (
        lambda w: {"uidb64": "MQ", "token": "tidak-sah"},
        everyone(200),
    ),
    "accounts:password_reset_complete": (None, everyone(200)),
    "agencies:directory": (None, everyone(200)),
    "agencies:capabilities": (None, everyone(200)),
    "agencies:suggest": (None, everyone(200)),
    "agencies:register": (None, signed_in(200)),
    "agencies:mine": (None, signed_in(200)),
    "agencies:review_queue": (None, only(SECRETARIAT)),
    "agencies:invitation": (lambda w: {"token": w.invitation.token}, everyone(200)),
    # Personal API keys: staff of a verified agency only (a key reads an agency's records).
    "agencies:api_keys": (None, only(["viewer", "editor", "admin", "other_staff"])),
    # Someone else's key is not found, whoever asks (the secretariat too).
    "agencies:api_key_revoke": (admin_s_key, only(["admin"], others=404)),
    "agencies:detail": (slug, everyone(200)),
    "agencies:edit": (slug, only(EDITORS)),
    "agencies:review": (slug, only(SECRETARIAT)),
    "agencies:members": (slug, only(["admin"])),
    "agencies:resubmit": (slug, signed_in(405)),
    "agencies:member_role": (lambda w: {**slug(w), "pk": w.viewer_membership.pk}, signed_in(405)),
    "agencies:member_remove": (
        lambda w: {**slug(w), "pk": w.viewer_membership.pk},
        only(["admin"]),
    ),
    "agencies:invitation_revoke": (lambda w: {**slug(w), "pk": w.invitation.pk}, signed_in(405)),
    "agencies:capability_create": (slug, only(EDITORS)),
    "agencies:capability_edit": (lambda w: {**slug(w), "pk": w.capability.pk}, only(EDITORS)),
    "agencies:capability_delete": (lambda w: {**slug(w), "pk": w.capability.pk}, only(EDITORS)),
    "partnerships:list": (None, everyone(200)),
    "partnerships:public_export": (lambda w: {"fmt": "csv"}, everyone(200)),
    "partnerships:public_detail": (ref, everyone(200)),
    "partnerships:manage": (None, signed_in(200)),
    "partnerships:create": (None, only(["editor", "admin", "other_staff", *SECRETARIAT])),
    "partnerships:detail": (ref, only(PARTIES + SECRETARIAT, others=404)),
    # Only drafts can be edited; this agreement is in force.
    "partnerships:edit": (ref, only([], others=404) | dict.fromkeys(PARTIES + SECRETARIAT, 403)),
    # Drafts are deleted by those who draft them; this one is a draft.
    "partnerships:delete_draft": (
        lambda w: {"reference": w.draft.reference},
        only(["editor", "admin", *SECRETARIAT], others=404) | {"viewer": 403},
    ),
    "partnerships:move": (
        lambda w: {**ref(w), "to_status": "completed"},
        only(SECRETARIAT, others=404) | dict.fromkeys(PARTIES, 403),
    ),
    "partnerships:document_upload": (
        ref,
        only(["editor", "admin", *SECRETARIAT], others=404) | {"viewer": 403},
    ),
    "partnerships:document_download": (
        lambda w: {**ref(w), "token": w.document.token},
        {**everyone(404), **dict.fromkeys(PARTIES + SECRETARIAT, 200)},
    ),
    "partnerships:milestone_add": (
        ref,
        only(["editor", "admin", *SECRETARIAT], others=404) | {"viewer": 403},
    ),
    "partnerships:milestone_done": (
        lambda w: {**ref(w), "pk": w.milestone.pk},
        only(["editor", "admin", *SECRETARIAT], others=404) | {"viewer": 403},
    ),
    "partnerships:milestone_start": (lambda w: {**ref(w), "pk": w.milestone.pk}, signed_in(405)),
    "partnerships:contribution_edit": (
        lambda w: {**ref(w), "pk": w.contribution.pk},
        only(["editor", "admin", *SECRETARIAT], others=404) | {"viewer": 403},
    ),
    # GET is the confirmation page; only the POST removes the row.
    "partnerships:contribution_delete": (
        lambda w: {**ref(w), "pk": w.contribution.pk},
        only(["editor", "admin", *SECRETARIAT], others=404) | {"viewer": 403},
    ),
    "partnerships:contribution_add": (
        ref,
        only(["editor", "admin", *SECRETARIAT], others=404) | {"viewer": 403},
    ),
    # Editors and admins of a party report; viewers only read; outsiders never see it.
    "partnerships:monev_submit": (
        ref,
        only(["editor", "admin", *SECRETARIAT], others=404) | {"viewer": 403},
    ),
    "partnerships:monev_review": (
        lambda w: {**ref(w), "pk": w.report.pk},
        only(SECRETARIAT, others=404) | dict.fromkeys(PARTIES, 403),
    ),
    "partnerships:comment_add": (ref, signed_in(405)),
    "partnerships:termination_request": (
        ref,
        only(["admin"], others=404) | dict.fromkeys(["viewer", "editor", *SECRETARIAT], 403),
    ),
    "partnerships:renew": (ref, signed_in(405)),
    "trainings:list": (None, everyone(200)),
    "trainings:archive": (None, everyone(200)),
    "trainings:feed": (None, everyone(200)),
    "trainings:verify": (None, everyone(200)),
    "trainings:mine": (None, signed_in(200)),
    "trainings:manage": (None, signed_in(200)),
    "trainings:create": (None, only(["editor", "admin", "other_staff", *SECRETARIAT])),
    "trainings:detail": (tref, everyone(200)),
    "trainings:ics": (tref, everyone(200)),
    # The resident is registered already (sent to their registration); anyone else may sign up.
    "trainings:register": (tref, signed_in(200) | {"resident": 302}),
    "trainings:registration": (tref, signed_in(404) | {"resident": 200}),
    # Asks first; only the person registered (the resident) has a registration to cancel.
    "trainings:cancel_own": (tref, signed_in(404) | {"resident": 200}),
    "trainings:certificate": (tref, signed_in(404) | {"resident": 200}),
    # The resident holds a seat: their check-in QR code, as an image.
    "trainings:registration_qr": (tref, signed_in(404) | {"resident": 200}),
    # Feedback opens when the training is completed; this one is still published.
    "trainings:feedback": (tref, signed_in(404) | {"resident": 403}),
    "trainings:material": (
        lambda w: {**tref(w), "token": w.material.token},
        {**everyone(404), **dict.fromkeys(["resident", *PARTIES, *SECRETARIAT], 200)},
    ),
    "trainings:manage_detail": (tref, only(PARTIES + SECRETARIAT, others=404)),
    "trainings:edit": (tref, ORGANISER_EDITORS),
    "trainings:move": (lambda w: {**tref(w), "to_status": "cancelled"}, ORGANISER_EDITORS),
    "trainings:registrations": (tref, only(PARTIES + SECRETARIAT, others=404)),
    "trainings:registrations_export": (
        lambda w: {**tref(w), "fmt": "csv"},
        only(PARTIES + SECRETARIAT, others=404),
    ),
    "trainings:registration_action": (
        lambda w: {**tref(w), "pk": w.registration.pk, "action": "batalkan"},
        ORGANISER_EDITORS,
    ),
    "trainings:checkin": (
        lambda w: {**tref(w), "session_pk": w.training.sessions.first().pk},
        ORGANISER_EDITORS,
    ),
    "trainings:attendance_sheet": (
        lambda w: {**tref(w), "session_pk": w.training.sessions.first().pk},
        ORGANISER_EDITORS,
    ),
    "trainings:certificates": (tref, only(PARTIES + SECRETARIAT, others=404)),
    "trainings:certificates_zip": (tref, only(PARTIES + SECRETARIAT, others=404)),
    "trainings:organiser_certificate": (
        lambda w: {**tref(w), "pk": w.certificate.pk},
        only(PARTIES + SECRETARIAT, others=404),
    ),
    "trainings:certificate_revoke": (
        lambda w: {**tref(w), "pk": w.certificate.pk},
        ORGANISER_EDITORS,
    ),
    "trainings:feedback_summary": (tref, only(PARTIES + SECRETARIAT, others=404)),
    "trainings:material_upload": (tref, ORGANISER_EDITORS),
    "trainings:message": (tref, ORGANISER_EDITORS),
    "accounts:data_export": (None, signed_in(200)),
    "accounts:delete": (None, signed_in(200)),
    "notifications:list": (None, signed_in(200)),
    # Only its owner opens it (and is sent to its page); anyone else gets a 404.
    "notifications:open": (
        lambda w: {"pk": w.notification.pk},
        signed_in(404) | {"resident": 302},
    ),
    "notifications:mark_all_read": (None, signed_in(405)),
    "notifications:preferences": (None, signed_in(200)),
    "forums:index": (None, everyone(200)),
    "forums:area": (lambda w: {"slug": w.forum.slug}, everyone(200)),
    "forums:meeting_create": (
        lambda w: {"slug": w.forum.slug},
        only(["editor", "admin", "other_staff", *SECRETARIAT]),
    ),
    "forums:submit": (None, everyone(200)),
    # Only right after sending (the code is in the session).
    "forums:submitted": (None, everyone(404)),
    "forums:confirm": (lambda w: {"token": "tidak-sah"}, everyone(200)),
    "forums:lookup": (None, everyone(200)),
    "forums:access": (lambda w: {"token": "tidak-sah"}, everyone(200)),
    "forums:mine": (None, signed_in(200)),
    "forums:feed": (None, everyone(200)),
    "forums:export": (None, everyone(200)),
    "forums:support_confirm": (lambda w: {"token": "tidak-sah"}, everyone(200)),
    "forums:attachment": (lambda w: {"token": "lampiran-dunia-uji"}, everyone(200)),
    "forums:meeting": (lambda w: {"pk": w.meeting.pk}, everyone(200)),
    "forums:rsvp": (lambda w: {"pk": w.meeting.pk}, signed_in(405)),
    # Staff of verified agencies and the secretariat; a pending or suspended agency gives none.
    "forums:inbox": (
        None,
        signed_in(200) | dict.fromkeys(["resident", "pending", "suspended"], 403),
    ),
    "forums:moderation": (None, only(SECRETARIAT)),
    "forums:reply_moderate": (lambda w: {"pk": w.reply.pk, "action": "hide"}, signed_in(405)),
    "forums:suspend": (lambda w: {"pk": w.users["resident"].pk}, only(SECRETARIAT)),
    "forums:manage": (code, only(PARTIES + SECRETARIAT, others=404)),
    # The official answer: editors and admins of the assigned agency only.
    "forums:action": (
        lambda w: {**code(w), "slug": "jawab"},
        only(["editor", "admin"], others=404) | dict.fromkeys(["viewer", *SECRETARIAT], 403),
    ),
    "forums:submission": (code, everyone(200)),
    "forums:reply": (code, everyone(405)),
    "forums:close": (code, everyone(405)),
    "forums:support": (code, signed_in(405)),
    "forums:support_email": (code, everyone(200)),
    "forums:follow": (code, signed_in(405)),
    "forums:report": (code, everyone(200)),
    # Only the submitter rates the answer and appeals (their account, or a guest's browser that
    # proved the code; tests/forums/test_rating.py): the world's guest is none of these roles.
    "forums:rate": (lambda w: {"code": w.answered.tracking_code}, everyone(404)),
    "forums:appeal": (lambda w: {"code": w.answered.tracking_code}, everyone(404)),
    # A guest's own data, for the browser that proved the guest's code only
    # (tests/forums/test_guest_data.py); input sent with an account is the account's.
    "forums:guest_data": (lambda w: {"code": w.answered.tracking_code}, everyone(404)),
    "forums:guest_erase": (lambda w: {"code": w.answered.tracking_code}, everyone(404)),
    # The REST API (sumut_mitra/api.py): open data for everyone; a session is not a key, so the
    # signed-in read it as anyone does (their own records need a personal key: test_api_staff).
    "api:api-root": (None, everyone(200)),
    "api:schema": (None, everyone(200)),
    "api:docs": (None, everyone(200)),
    "api:not-found": (lambda w: {"rest": "tidak-ada/"}, everyone(404)),
    "api:explorer": (None, everyone(200)),
    "api:regency-list": (None, everyone(200)),
    "api:regency-detail": (lambda w: {"code": "12.71"}, everyone(200)),
    "api:sector-list": (None, everyone(200)),
    "api:sector-detail": (lambda w: {"slug": "perindustrian"}, everyone(200)),
    # Staff (personal key): a session is not a key, whoever is signed in (test_api_staff).
    "api:staff-agreement-list": (None, everyone(401)),
    "api:staff-agreement-detail": (ref, everyone(401)),
    "api:staff-milestone-list": (None, everyone(401)),
    "api:staff-milestone-detail": (lambda w: {"pk": w.milestone.pk}, everyone(401)),
    "api:staff-monev-report-list": (None, everyone(401)),
    "api:staff-monev-report-detail": (lambda w: {"pk": w.report.pk}, everyone(401)),
    "api:staff-registration-list": (None, everyone(401)),
    "api:staff-registration-detail": (lambda w: {"pk": w.registration.pk}, everyone(401)),
    "api:staff-submission-list": (None, everyone(401)),
    "api:staff-submission-detail": (
        lambda w: {"tracking_code": w.submission.tracking_code},
        everyone(401),
    ),
    "api:agency-list": (None, everyone(200)),
    "api:agency-detail": (lambda w: {"pk": w.agency.pk}, everyone(200)),
    "api:capability-list": (None, everyone(200)),
    "api:capability-detail": (lambda w: {"pk": w.capability.pk}, everyone(200)),
    "api:agreement-list": (None, everyone(200)),
    "api:agreement-detail": (lambda w: {"pk": w.agreement.pk}, everyone(200)),
    "api:training-list": (None, everyone(200)),
    "api:training-detail": (lambda w: {"pk": w.training.pk}, everyone(200)),
    "api:meeting-list": (None, everyone(200)),
    "api:meeting-detail": (lambda w: {"pk": w.meeting.pk}, everyone(200)),
    "api:dataset-list": (None, everyone(200)),
    "api:dataset-detail": (lambda w: {"key": "agreement-status"}, everyone(200)),
    "api:submission-list": (None, everyone(200)),
    "api:submission-detail": (lambda w: {"pk": w.submission.pk}, everyone(200)),
    # The admin site guards all of its own pages: staff only, everyone else to its login.
    "admin:index": (None, {**everyone(302), "superuser": 200}),
}
if settings.DEBUG:
    MATRIX["media"] = (lambda w: {"path": "tidak-ada.png"}, everyone(404))


def project_url_names(patterns=None, namespace=None):
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            if pattern.namespace == "admin":
                names.append("admin:index")
                continue
            names.extend(project_url_names(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_an_entry_for_every_role():
    names = set(project_url_names())
    assert names - set(MATRIX) == set(), "add these URLs to the permission matrix"
    assert set(MATRIX) - names == set(), "these matrix entries name no URL any more"
    for name, (_kwargs, expected) in MATRIX.items():
        assert set(expected) == set(ROLES), name


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_as_the_matrix_says(client, world, role):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    wrong = []
    for name, (kwargs, expected) in sorted(MATRIX.items()):
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        response = client.get(url)
        allowed = expected[role] if isinstance(expected[role], set) else {expected[role]}
        if response.status_code not in allowed:
            wrong.append(f"{name}: {response.status_code}, expected {sorted(allowed)}")
        elif (
            response.status_code == 302
            and role == "anonymous"
            and not name.startswith("admin")
            and not response.url.startswith(LOGIN)
        ):
            wrong.append(f"{name}: redirects anonymous visitors to {response.url}")
    assert wrong == [], f"as {role}"
