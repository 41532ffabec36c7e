"""Every form that makes something makes it once, however often it is sent (core/once.py).

Three nets, so that a new create form cannot slip through without its token:
- every POST form in the templates carries `{% once_token %}`, or is listed in NOT_CREATING
  with the reason a repeat of it makes nothing twice;
- every view wrapped in `@creates` is in CREATES, and every entry of CREATES is wrapped;
- for each entry of CREATES, the form as the page draws it, sent twice with the same token,
  makes one row, and the second answer leads to what the first made with "Sudah tersimpan";
  a refused form keeps its token usable for the corrected one.
"""

import html
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import ApiToken
from agencies.models import Agency, Capability, Invitation, Membership
from forums.forms import FILL_SALT
from forums.models import AnswerRating, Follow, Meeting, Reply, Report, Rsvp, Submission
from forums.rules import SESSION_KEY
from notifications.models import OutboundEmail
from partnerships import monev
from partnerships.models import (
    Agreement,
    Comment,
    Contribution,
    DocumentVersion,
    Milestone,
    MonevReport,
)
from tests.factories import regency, sector
from tests.support.files import PDF
from tests.support.world import build_world
from tests.trainings.conftest import ongoing_training
from trainings import services as training_services
from trainings.models import Feedback, Material, Registration, Training, TrainingMessage

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
POST = re.compile(r'\bmethod="post"', re.I)
ACTION_NAME = re.compile(r"""\baction="\{% url '([^']+)'""")
ACTION = re.compile(r'\baction="([^"]*)"')
ONCE = re.compile(r'<input type="hidden" name="once_token" value="([^"]+)">')
ALREADY = "Sudah tersimpan"

# (template, where it posts: a URL name, or "self" for its own page): why sending it twice
# makes nothing twice.
NOT_CREATING = {
    ("accounts/delete.html", "self"): "deletes the account",
    ("accounts/login.html", "self"): "signs in",
    ("accounts/password_change.html", "self"): "sets the password",
    ("accounts/password_reset.html", "self"): "sends a link, at most one per cooldown",
    ("accounts/password_reset_confirm.html", "self"): "sets the password",
    ("accounts/profile.html", "self"): "updates the profile",
    ("accounts/profile.html", "accounts:logout"): "signs out",
    ("accounts/resend_verification.html", "self"): "sends a link, at most one per cooldown",
    ("accounts/signup.html", "self"): "an address has one account; a repeat changes nothing",
    ("accounts/verify_confirm.html", "self"): "uses up a one-time link",
    ("accounts/verify_failed.html", "accounts:resend_verification"): "sends a link, once",
    ("admin/agencies/agency/change_status.html", "self"): "a status move",
    ("agencies/api_key_revoke.html", "self"): "revokes (a revoked key stays so)",
    ("agencies/capability_delete.html", "self"): "deletes",
    ("agencies/detail.html", "agencies:resubmit"): "a status move",
    ("agencies/invitation.html", "accounts:logout"): "signs out",
    ("agencies/member_remove.html", "self"): "deletes",
    ("agencies/members.html", "agencies:member_role"): "sets a role",
    ("agencies/members.html", "agencies:invitation_revoke"): "a status move",
    ("agencies/review.html", "self"): "a status move",
    ("forums/_thread.html", "forums:reply_moderate"): "hides or shows",
    ("forums/access.html", "self"): "uses up a one-time link",
    ("forums/appeal.html", "self"): "a status move, once per submission (a second is refused)",
    ("forums/guest_erase.html", "self"): "erases (a repeat finds the browser's proof gone: 404)",
    ("forums/confirm.html", "self"): "uses up a one-time link",
    ("forums/lookup.html", "self"): "looks up, or sends a link (rate limited)",
    ("forums/submission.html", "forums:support"): "one support per person (unique)",
    ("forums/submission.html", "forums:close"): "a status move",
    ("forums/support_confirm.html", "self"): "one support per address (unique)",
    ("forums/suspend.html", "self"): "one suspension per account, updated",
    ("includes/language_switch.html", "set_language"): "sets the language",
    ("includes/navbar.html", "accounts:logout"): "signs out",
    ("notifications/list.html", "notifications:mark_all_read"): "marks as read",
    ("notifications/preferences.html", "self"): "sets preferences",
    ("partnerships/_milestones.html", "partnerships:milestone_start"): "a status move",
    ("partnerships/delete_draft.html", "self"): "deletes",
    (
        "partnerships/contribution_delete.html",
        "self",
    ): "deletes (a conditional DELETE: a repeat finds nothing)",
    ("trainings/cancel_own.html", "self"): "cancels (a repeat finds the registration cancelled)",
    ("partnerships/monev_review.html", "self"): "a status move",
    ("partnerships/move.html", "self"): "a status move",
    ("trainings/certificate_revoke.html", "self"): "a status move",
    ("trainings/checkin.html", "self"): "one attendance per session and participant (unique)",
    ("trainings/move.html", "self"): "a status move",
    ("trainings/registration_action.html", "self"): "a status move",
    ("trainings/registrations.html", "trainings:registration_action"): "a status move",
}


def post_forms():
    """(template, target, carries the token) of every POST form in the templates."""
    for path in sorted(TEMPLATES.rglob("*.html")):
        for attrs, body in FORM.findall(path.read_text()):
            if POST.search(attrs):
                named = ACTION_NAME.search(attrs)
                target = named[1] if named else "self"
                yield str(path.relative_to(TEMPLATES)), target, "{% once_token %}" in body


def wrapped_views(patterns=None, namespace=None):
    """{URL name: view} of the views wrapped in core.once.creates."""
    found = {}
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
                found |= wrapped_views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "creates", False):
            found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern.callback
    return found


# --- What each create form needs ------------------------------------------------------------------


def started():
    """The forum forms' signed "shown at" field, as if shown half a minute ago."""
    return signing.dumps(time.time() - 30, salt=FILL_SALT)


def pdf(name="berkas.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _agreement_form(w):
    today = timezone.localdate()
    return {
        "title": "PKS Dua Kali Klik",
        "monev_per_year": "2",
        "kind": "pks",
        "cooperation_kind": "ksdpk",
        "sectors": [sector("tenaga-kerja").pk],
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=730)).isoformat(),
        "visibility": "public",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "10",
        "parties-0-agency": w.agency.name,
        "parties-0-role": "first",
        "parties-1-agency": "Instansi Mitra",
        "parties-1-role": "second",
    }


def _training_form(w):
    start = timezone.localtime() + timedelta(days=5)
    return {
        "title": "Pelatihan Dua Kali Klik",
        "kind": "pelatihan",
        "lead": w.agency.pk,
        "sector": sector("perindustrian").pk,
        "description": "Uji cita rasa kopi Sidikalang.",
        "audience": "public",
        "mode": "in_person",
        "venue": "Balai Kopi Dairi",
        "regency": regency("12.11").pk,
        "capacity": "20",
        "registration_opens_at": (start - timedelta(days=4)).strftime("%Y-%m-%dT%H:%M"),
        "registration_closes_at": (start - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "min_attendance_percent": "80",
        "sesi-TOTAL_FORMS": "1",
        "sesi-INITIAL_FORMS": "0",
        "sesi-0-starts_at": start.strftime("%Y-%m-%dT08:00"),
        "sesi-0-ends_at": start.strftime("%Y-%m-%dT16:00"),
        "narasumber-TOTAL_FORMS": "0",
        "narasumber-INITIAL_FORMS": "0",
        "pertanyaan-TOTAL_FORMS": "0",
        "pertanyaan-INITIAL_FORMS": "0",
    }


def _monev_form(w):
    year, period, _start, _end = monev.period_of(timezone.localdate(), 2)
    return {
        "party": w.agreement.parties.get(agency=w.agency).pk,
        "year": year,
        "period": period,
        "activities": "Pelatihan lanjutan.",
        "jobs_absorbed": 0,
        "investment_realised": 0,
        "trainees": 10,
        "ikm_assisted": 0,
        "products": 0,
        "recommendation": "continue",
    }


def _completed_training_attended_by_the_resident(w):
    """Feedback opens after completion, for those who came: a training that ran just now."""
    training = ongoing_training(title="Pelatihan Selesai")
    registration = training_services.registration_create(
        training=training, user=w.users["resident"]
    )
    training_services.attendance_checkin(
        session=training.sessions.get(),
        text=registration.code,
        by=training.organiser_user,
        method="typed",
    )
    training_services.training_move(
        training=training, to_status="completed", by=training.organiser_user
    )
    w.completed = training


def _message():
    return {"audience": "all", "subject": "Ruang pindah", "body": "Kita di ruang 2.\nBawa APD."}


def ref(w):
    return [w.agreement.reference]


def code(w):
    return [w.submission.tracking_code]


@dataclass
class Create:
    role: str
    url: Callable  # world -> the address the form posts to
    count: Callable  # world -> how many of what it makes there are
    data: Callable = lambda w: {}  # world -> valid fields (fresh files each call)
    page: Callable = None  # world -> where the form is shown, when not at `url`
    shown_by: Callable = None  # world -> what to post to the page first, for a second step
    prepare: Callable = None  # world -> None: more set-up
    refusable: bool = True  # the form has fields; sent empty it is refused


CREATES = {
    "agencies:register": Create(
        role="resident",
        url=lambda w: reverse("agencies:register"),
        data=lambda w: {
            "name": "Koperasi Kopi Sidikalang",
            "kind": "cooperative",
            "regency": regency("12.11").pk,
            "sectors": [sector("pertanian-perkebunan").pk],
        },
        count=lambda w: Agency.objects.count(),
    ),
    "agencies:members": Create(
        role="admin",
        url=lambda w: reverse("agencies:members", args=[w.agency.slug]),
        data=lambda w: {"email": "rekan.baru@contoh.id", "role": "editor"},
        count=lambda w: Invitation.objects.count(),
    ),
    "agencies:api_keys": Create(
        role="editor",
        url=lambda w: reverse("agencies:api_keys"),
        data=lambda w: {"name": "Sinkron SIAPkerja", f"agency_{w.agency.pk}": "viewer"},
        count=lambda w: ApiToken.objects.count(),
    ),
    "agencies:capability_create": Create(
        role="editor",
        url=lambda w: reverse("agencies:capability_create", args=[w.agency.slug]),
        data=lambda w: {"title": "Bengkel las", "kind": "facility", "description": "Dua puluh."},
        count=lambda w: Capability.objects.count(),
    ),
    "agencies:invitation": Create(
        role="anonymous",
        url=lambda w: reverse("agencies:invitation", args=[w.invitation.token]),
        data=lambda w: {
            "full_name": "Rekan Undangan",
            "password1": "sandi-yang-panjang-sekali",
            "password2": "sandi-yang-panjang-sekali",
            "consent": "on",
        },
        count=lambda w: Membership.objects.count(),
    ),
    "partnerships:create": Create(
        role="editor",
        url=lambda w: reverse("partnerships:create"),
        data=_agreement_form,
        count=lambda w: Agreement.objects.count(),
    ),
    "partnerships:document_upload": Create(
        role="editor",
        url=lambda w: reverse("partnerships:document_upload", args=ref(w)),
        data=lambda w: {"kind": "tor", "title": "KAK kedua", "file": pdf()},
        count=lambda w: DocumentVersion.objects.count(),
    ),
    "partnerships:milestone_add": Create(
        role="editor",
        url=lambda w: reverse("partnerships:milestone_add", args=ref(w)),
        page=lambda w: w.agreement.get_absolute_url(),
        data=lambda w: {
            "title": "Uji kompetensi",
            "responsible": w.agreement.parties.first().pk,
            "due_date": "2027-03-01",
        },
        count=lambda w: Milestone.objects.count(),
    ),
    "partnerships:contribution_add": Create(
        role="editor",
        url=lambda w: reverse("partnerships:contribution_add", args=ref(w)),
        page=lambda w: w.agreement.get_absolute_url(),
        data=lambda w: {
            "party": w.agreement.parties.first().pk,
            "source": "apbd",
            "form": "cash",
            "planned": 5_000_000,
            "realised": 0,
        },
        count=lambda w: Contribution.objects.count(),
    ),
    "partnerships:monev_submit": Create(
        role="editor",
        url=lambda w: reverse("partnerships:monev_submit", args=ref(w)),
        data=_monev_form,
        count=lambda w: MonevReport.objects.count(),
    ),
    "partnerships:comment_add": Create(
        role="viewer",
        url=lambda w: reverse("partnerships:comment_add", args=ref(w)),
        page=lambda w: w.agreement.get_absolute_url(),
        data=lambda w: {"body": "Sudah kami baca."},
        count=lambda w: Comment.objects.count(),
    ),
    "partnerships:renew": Create(
        role="editor",
        url=lambda w: reverse("partnerships:renew", args=ref(w)),
        page=lambda w: w.agreement.get_absolute_url(),
        count=lambda w: Agreement.objects.count(),
        refusable=False,
    ),
    "trainings:create": Create(
        role="editor",
        url=lambda w: reverse("trainings:create"),
        data=_training_form,
        count=lambda w: Training.objects.count(),
    ),
    "trainings:register": Create(
        role="other_staff",
        url=lambda w: reverse("trainings:register", args=[w.training.reference]),
        count=lambda w: Registration.objects.count(),
        refusable=False,
    ),
    "trainings:feedback": Create(
        role="resident",
        prepare=_completed_training_attended_by_the_resident,
        url=lambda w: reverse("trainings:feedback", args=[w.completed.reference]),
        data=lambda w: {"rating": 5, "comment": "Bermanfaat."},
        count=lambda w: Feedback.objects.count(),
    ),
    "trainings:material_upload": Create(
        role="editor",
        url=lambda w: reverse("trainings:material_upload", args=[w.training.reference]),
        data=lambda w: {"title": "Modul kedua", "file": pdf("modul.pdf")},
        count=lambda w: Material.objects.count(),
    ),
    "trainings:message": Create(  # its second step, the confirmation, sends
        role="editor",
        url=lambda w: reverse("trainings:message", args=[w.training.reference]),
        shown_by=lambda w: _message(),
        data=lambda w: {**_message(), "confirm": "1"},
        count=lambda w: TrainingMessage.objects.count(),
    ),
    "forums:submit": Create(
        role="resident",
        url=lambda w: reverse("forums:submit"),
        data=lambda w: {
            "kind": "aspirasi",
            "title": "Pelatihan pengolahan ikan di Sibolga",
            "body": "Nelayan butuh pelatihan pengolahan ikan asin yang higienis.",
            "privacy": "public",
            "consent": "on",
            "website": "",
            "started": started(),
        },
        count=lambda w: Submission.objects.count(),
    ),
    "forums:reply": Create(
        role="resident",
        url=lambda w: reverse("forums:reply", args=code(w)),
        page=lambda w: w.submission.get_absolute_url(),
        data=lambda w: {"body": "Saya juga mengalaminya."},
        count=lambda w: Reply.objects.count(),
    ),
    "forums:follow": Create(
        role="resident",
        url=lambda w: reverse("forums:follow", args=code(w)),
        page=lambda w: w.submission.get_absolute_url(),
        count=lambda w: Follow.objects.count(),
        refusable=False,
    ),
    "forums:support_email": Create(
        role="anonymous",
        url=lambda w: reverse("forums:support_email", args=code(w)),
        data=lambda w: {"email": "pendukung@contoh.id", "consent": "on"},
        count=lambda w: OutboundEmail.objects.filter(to="pendukung@contoh.id").count(),
    ),
    "forums:report": Create(
        role="resident",
        url=lambda w: reverse("forums:report", args=code(w)),
        data=lambda w: {"reason": "off_topic", "note": "", "website": "", "started": started()},
        count=lambda w: Report.objects.count(),
    ),
    "forums:action": Create(  # the internal note on the staff page; the answer is the same view
        role="editor",
        url=lambda w: reverse("forums:action", args=[*code(w), "catatan"]),
        page=lambda w: reverse("forums:manage", args=code(w)),
        data=lambda w: {"body": "Sudah dicek ke lapangan."},
        count=lambda w: Reply.objects.count(),
    ),
    "forums:meeting_create": Create(
        role="secretariat",
        url=lambda w: reverse("forums:meeting_create", args=[w.forum.slug]),
        data=lambda w: {
            "title": "Dengar pendapat kawasan",
            "agenda": "Paparan dan tanya jawab.",
            "starts_at": (timezone.localtime() + timedelta(days=9)).strftime("%Y-%m-%dT09:00"),
            "ends_at": (timezone.localtime() + timedelta(days=9)).strftime("%Y-%m-%dT11:00"),
            "place": "Aula Kantor Gubernur",
        },
        count=lambda w: Meeting.objects.count(),
    ),
    "forums:rate": Create(  # by the guest's browser that proved the code (see open_form)
        role="submitter",
        url=lambda w: reverse("forums:rate", args=[w.answered.tracking_code]),
        page=lambda w: w.answered.get_absolute_url(),
        data=lambda w: {"verdict": "puas", "reason": ""},
        count=lambda w: AnswerRating.objects.count(),
    ),
    "forums:rsvp": Create(
        role="resident",
        url=lambda w: reverse("forums:rsvp", args=[w.meeting.pk]),
        page=lambda w: w.meeting.get_absolute_url(),
        count=lambda w: Rsvp.objects.count(),
        refusable=False,
    ),
}


def token_on(page_html, page_url, target):
    """The one-time token of the form on the page that posts to `target`."""
    for attrs, body in FORM.findall(page_html):
        action = ACTION.search(attrs)
        posts_to = html.unescape(action[1]) if action and action[1] else page_url
        if POST.search(attrs) and posts_to.split("?")[0] == target:
            found = ONCE.search(body)
            assert found, f"the form posting to {target} on {page_url} carries no token"
            return found[1]
    raise AssertionError(f"no form on {page_url} posts to {target}")


def open_form(client, name):
    spec = CREATES[name]
    world = build_world()
    if spec.prepare:
        spec.prepare(world)
    if spec.role == "submitter":  # a guest's browser that proved the answered submission
        session = client.session
        session[SESSION_KEY] = [world.answered.pk]
        session.save()
    elif world.users[spec.role] is not None:
        client.force_login(world.users[spec.role])
    url = spec.url(world)
    page_url = spec.page(world) if spec.page else url
    shown = client.post(page_url, spec.shown_by(world)) if spec.shown_by else None
    page = shown or client.get(page_url)
    assert page.status_code == 200, page_url
    return spec, world, url, token_on(page.content.decode(), page_url, url)


# --- The nets -------------------------------------------------------------------------------------


def test_every_post_form_carries_the_token_or_says_why_it_need_not():
    forms = list(post_forms())
    missing = {(template, target) for template, target, has in forms if not has}
    assert missing - NOT_CREATING.keys() == set(), (
        "a form that makes something needs {% once_token %} and a view wrapped in @creates; "
        "one that makes nothing twice goes into NOT_CREATING with the reason"
    )
    assert NOT_CREATING.keys() - missing == set(), "these entries name no form without a token"
    targets = {target for _template, target, has in forms if has and target != "self"}
    assert targets - set(wrapped_views()) == set(), "these forms post their token to no @creates"


def test_every_view_that_creates_is_wrapped_and_tried_below():
    assert set(wrapped_views()) == set(CREATES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CREATES))
def test_a_create_form_sent_twice_with_its_token_makes_one(client, name):
    spec, world, url, token = open_form(client, name)
    before = spec.count(world)

    first = client.post(url, {**spec.data(world), "once_token": token})
    assert first.status_code == 302, first.content.decode()[:2000]
    assert spec.count(world) == before + 1

    again = client.post(url, {**spec.data(world), "once_token": token})
    assert spec.count(world) == before + 1
    assert again.status_code == 302 and again.url == first.url
    assert ALREADY in client.get(again.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, spec in CREATES.items() if spec.refusable))
def test_a_refused_form_keeps_its_token_for_the_corrected_one(client, name):
    spec, world, url, token = open_form(client, name)
    before = spec.count(world)

    refused = client.post(url, {"once_token": token})
    assert refused.status_code in (200, 302)
    assert spec.count(world) == before

    client.post(url, {**spec.data(world), "once_token": token})
    assert spec.count(world) == before + 1
    client.post(url, {**spec.data(world), "once_token": token})
    assert spec.count(world) == before + 1


@pytest.mark.django_db
def test_an_in_place_form_sent_twice_by_htmx_makes_one_and_the_second_goes_to_the_page(client):
    spec, world, url, token = open_form(client, "partnerships:milestone_add")
    data = {**spec.data(world), "once_token": token}

    first = client.post(url, data, headers={"HX-Request": "true"})
    assert first.status_code == 200 and "Uji kompetensi" in first.content.decode()
    assert 'id="milestones"' in first.content.decode()
    again = client.post(url, data, headers={"HX-Request": "true"})
    assert again["HX-Redirect"] == f"{world.agreement.get_absolute_url()}#milestones"
    assert Milestone.objects.filter(title="Uji kompetensi").count() == 1
    # The section that came back has a fresh token: the next milestone is not "already saved".
    fresh = ONCE.search(first.content.decode())[1]
    assert fresh != token
    client.post(url, {**data, "title": "Uji kedua", "once_token": fresh})
    assert Milestone.objects.filter(title="Uji kedua").count() == 1


@pytest.mark.django_db
def test_without_a_token_a_post_is_handled_as_before(client):
    """A script or an API client that sends no token: nothing is refused, nothing is claimed."""
    world = build_world()
    client.force_login(world.users["editor"])
    url = CREATES["partnerships:comment_add"].url(world)
    client.post(url, {"body": "Satu"})
    client.post(url, {"body": "Satu"})
    assert Comment.objects.filter(body="Satu").count() == 2
