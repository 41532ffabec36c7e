"""Every step of an agreement tells the people it concerns, once, in their own language.

The acceptance test walks one agreement through its whole life between two parties — each with
an admin, an editor and a person in charge (PIC) — and the secretariat, and states at each step
exactly who got a notification in the portal (the bell) and who an e-mail (the outbox, then sent
by the worker after commit), of which kind and in which language. The clock is the process edge
(tests/support/clock.py), so that the daily task can bring the agreement into force on its start
date and the monev period has begun.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.enums import MemberRole
from notifications.models import Notification, OutboundEmail
from notifications.services import preference_set
from partnerships import services
from partnerships.enums import AGREEMENT_TRANSITIONS, NoticeKind
from partnerships.models import MonevReport
from tests.factories import AgencyFactory, MembershipFactory, UserFactory, secretariat_user, sector
from tests.partnerships.conftest import pdf_upload
from tests.support.clock import Clock, wib

STEP, WAITING = NoticeKind.STEP.value, NoticeKind.WAITING.value
DISCUSSION, MONEV = NoticeKind.DISCUSSION.value, NoticeKind.MONEV.value
MILESTONE = NoticeKind.MILESTONE.value
# Disperindag's person in charge has no account: e-mail only, in the default language.
PIC = "budi.pic@disperindag.test"


class People:
    """Disperindag: an admin, an editor, a viewer and a PIC without an account. KIM: an admin
    who reads English, and an editor who is also KIM's PIC (the address typed in other case).
    The secretariat (two people), and another agency's admin."""

    def __init__(self):
        self.disperindag = AgencyFactory(name="Disperindag Sumut", slug="disperindag")
        self.kim = AgencyFactory(name="PT Kawasan Industri Medan", slug="kim")
        self.d_admin = self._member(self.disperindag, MemberRole.ADMIN, "admin@disperindag.test")
        self.d_editor = self._member(self.disperindag, MemberRole.EDITOR, "editor@disperindag.test")
        self.d_viewer = self._member(self.disperindag, MemberRole.VIEWER, "viewer@disperindag.test")
        self.k_admin = self._member(self.kim, MemberRole.ADMIN, "admin@kim.test", language="en")
        self.k_editor = self._member(self.kim, MemberRole.EDITOR, "editor@kim.test")
        self.secretariat = secretariat_user(email="sekretariat@sumutmitra.test")
        self.secretariat_2 = secretariat_user(email="sekretariat2@sumutmitra.test")
        self.outsider = self._member(AgencyFactory(slug="luar"), MemberRole.ADMIN, "x@luar.test")

    @staticmethod
    def _member(agency, role, email, language="id"):
        user = UserFactory(email=email, preferred_language=language)
        MembershipFactory(agency=agency, role=role, user=user)
        return user

    @property
    def parties_staff(self):
        return [self.d_admin, self.d_editor, self.k_admin, self.k_editor]

    def draft(self, clock, **overrides):
        start = clock.today() + timedelta(days=14)
        fields = {
            "title": "PKS Pembinaan IKM Logam",
            "kind": "pks",
            "cooperation_kind": "ksdpk",
            "start_date": start,
            "end_date": start + timedelta(days=730),
            "visibility": "public",
        }
        fields.update(overrides)
        return services.agreement_create(
            by=self.d_editor,
            sectors=[sector("perindustrian")],
            parties=[
                {
                    "agency": self.disperindag,
                    "role": "first",
                    "pic_name": "Budi Santoso",
                    "pic_email": PIC,
                },
                {
                    "agency": self.kim,
                    "role": "second",
                    "pic_name": "Rina",
                    "pic_email": " Editor@KIM.test ",
                },
            ],
            **fields,
        )


class Told:
    """What one step wrote: bell rows (address, kind) and outbox rows (address, kind,
    language), each sent once by the worker after commit."""

    def __init__(self, run, capture):
        marks = (
            Notification.objects.aggregate(m=Max("pk"))["m"] or 0,
            OutboundEmail.objects.aggregate(m=Max("pk"))["m"] or 0,
        )
        mail.outbox.clear()
        with capture(execute=True):
            self.result = run()
        self.notifications = list(
            Notification.objects.filter(pk__gt=marks[0]).select_related("user").order_by("pk")
        )
        self.emails = list(OutboundEmail.objects.filter(pk__gt=marks[1]).order_by("pk"))
        self.bells = sorted((n.user.email, n.kind) for n in self.notifications)
        self.outbox = sorted((e.to, e.kind, e.language) for e in self.emails)
        # The worker sent each queued e-mail exactly once, after the step committed.
        assert sorted(a for m in mail.outbox for a in m.to) == sorted(e.to for e in self.emails)
        assert {e.status for e in self.emails} <= {"sent"}

    def email_to(self, address):
        (email,) = [e for e in self.emails if e.to == address]
        return email

    def bell_of(self, user):
        (notification,) = [n for n in self.notifications if n.user_id == user.pk]
        return notification


def expected(kind, email_kind, users, *, pic=True):
    """Bells and e-mails for `users` (accounts) and, with `pic`, Disperindag's PIC address."""
    bells = sorted((user.email, kind) for user in users)
    outbox = sorted(
        [(user.email, email_kind, user.preferred_language) for user in users]
        + ([(PIC, email_kind, settings.LANGUAGE_CODE)] if pic else [])
    )
    return bells, outbox


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def people(db, clock):
    return People()


@pytest.fixture
def step(eager_tasks, django_capture_on_commit_callbacks):
    """Run one step as a request would (after-commit work included) and say who was told."""

    def run(action):
        return Told(action, django_capture_on_commit_callbacks)

    return run


def _sign_details(clock):
    return {
        "signing_date": wib(clock.today() + timedelta(days=3), 10),
        "signing_place": "Kantor Gubernur Sumatera Utara, Medan",
        "signing_mode": "ceremony",
    }


@pytest.mark.django_db
def test_the_whole_life_of_an_agreement_tells_each_person_once_in_their_language(
    people, clock, step
):
    p = people
    secretariat = [p.secretariat, p.secretariat_2]
    everyone = p.parties_staff

    def others(*actors):
        return [user for user in everyone if user not in actors]

    # Drafting tells nobody: the proposal is not anyone else's business until it is submitted.
    told = step(lambda: p.draft(clock))
    agreement = told.result
    url = f"{settings.SITE_URL.rstrip('/')}{agreement.get_absolute_url()}"
    assert (told.bells, told.outbox) == ([], [])
    services.document_upload(
        agreement=agreement, by=p.d_editor, kind="tor", title="KAK", file=pdf_upload()
    )

    # 1. Submitted by Disperindag's editor: the secretariat has a proposal to verify; the other
    # staff of both parties and both PICs hear of it; the editor does not hear of their own step.
    told = step(
        lambda: services.agreement_move(agreement=agreement, to_status="submitted", by=p.d_editor)
    )
    waiting = expected(WAITING, "partnerships.agreement_submitted", secretariat, pic=False)
    parties = expected(STEP, "partnerships.agreement_submitted", others(p.d_editor))
    assert told.bells == sorted(waiting[0] + parties[0])
    assert told.outbox == sorted(waiting[1] + parties[1])
    to_secretariat = told.email_to(p.secretariat.email)
    assert to_secretariat.subject == (
        f"Usulan untuk diverifikasi: {agreement.reference} PKS Pembinaan IKM Logam"
    )
    assert "Disperindag Sumut mengajukan usulan" in to_secretariat.body
    assert "verifikasi" in to_secretariat.body and url in to_secretariat.body
    english = told.email_to(p.k_admin.email)
    assert english.subject == f"{agreement.reference} submitted to the secretariat"
    assert "Disperindag Sumut submitted the proposal" in english.body
    assert "nothing is needed from you for now" in english.body
    assert told.bell_of(p.k_admin).title == english.subject
    assert told.bell_of(p.k_admin).url == agreement.get_absolute_url()
    # The PIC without an account reads it in Indonesian, and why they get it.
    pic = told.email_to(PIC)
    assert "Budi Santoso" in pic.body and "penanggung jawab" in pic.body
    assert "Disperindag Sumut" in pic.body
    # KIM's editor is KIM's PIC too: one bell, one e-mail.
    assert [n.user for n in told.notifications].count(p.k_editor) == 1

    # 2. Returned by the secretariat with a note, which everyone reads.
    note = "Lengkapi rincian pembiayaan dan lokasi kegiatan."
    told = step(
        lambda: services.agreement_move(
            agreement=agreement, to_status="draft", by=p.secretariat, note=note
        )
    )
    assert (told.bells, told.outbox) == expected(STEP, "partnerships.agreement_returned", everyone)
    returned = told.email_to(p.k_admin.email)
    assert returned.subject == f"{agreement.reference} returned for correction"
    assert note in returned.body and "submits it again" in returned.body
    assert note in told.bell_of(p.d_editor).body

    # 3. Corrected and submitted again, this time by KIM's editor (who is also KIM's PIC).
    told = step(
        lambda: services.agreement_move(agreement=agreement, to_status="submitted", by=p.k_editor)
    )
    waiting = expected(WAITING, "partnerships.agreement_submitted", secretariat, pic=False)
    parties = expected(STEP, "partnerships.agreement_submitted", others(p.k_editor))
    assert told.bells == sorted(waiting[0] + parties[0])
    assert told.outbox == sorted(waiting[1] + parties[1])
    assert "PT Kawasan Industri Medan corrected the proposal" in (
        told.email_to(p.k_admin.email).body
    )

    # 4. Verified, 5. deliberated by the team (TKKSD), 6. signing scheduled: the secretariat's
    # steps reach every party's admins, editors and PICs, and no one at the secretariat.
    for status, event, details in (
        ("verified", "agreement_verified", {}),
        ("deliberation", "agreement_deliberation", {}),
        ("scheduled", "agreement_scheduled", _sign_details(clock)),
    ):
        told = step(
            lambda status=status, details=details: services.agreement_move(
                agreement=agreement, to_status=status, by=p.secretariat, **details
            )
        )
        assert (told.bells, told.outbox) == expected(STEP, f"partnerships.{event}", everyone)
    assert told.email_to(p.k_admin.email).subject == (
        f"Signing of {agreement.reference} on {(clock.today() + timedelta(days=3)):%-d %B %Y}"
    )
    assert "Kantor Gubernur Sumatera Utara, Medan" in told.email_to(p.d_admin.email).body
    assert "10.00 WIB" in told.email_to(p.d_admin.email).body
    assert "seal" in told.email_to(p.k_admin.email).body

    # 7. Signed before its start date: it waits for that date.
    services.document_upload(
        agreement=agreement,
        by=p.secretariat,
        kind="signed",
        title="Naskah",
        file=pdf_upload("ttd.pdf"),
    )
    told = step(
        lambda: services.agreement_move(
            agreement=agreement,
            to_status="signed",
            by=p.secretariat,
            signed_on=clock.today(),
            checked_initials=True,
            checked_duty_stamp=True,
            checked_seal=True,
        )
    )
    assert (told.bells, told.outbox) == expected(STEP, "partnerships.agreement_signed", everyone)
    assert told.email_to(p.k_admin.email).subject == f"{agreement.reference} signed"

    # 8. In force on its start date, by the daily task: nobody acted, everybody hears.
    clock.travel(wib(agreement.start_date, 0, 5))
    told = step(lambda: services.agreements_advance())
    assert told.result == 1
    agreement.refresh_from_db()
    assert agreement.status == "in_force"
    assert (told.bells, told.outbox) == expected(STEP, "partnerships.agreement_in_force", everyone)
    in_force = told.email_to(p.k_admin.email)
    assert in_force.subject == f"{agreement.reference} is in force"
    assert "came into force on its start date" in in_force.body
    assert "monev" in in_force.body
    # The task runs again (a second beat, a redelivered message): nothing more.
    told = step(lambda: services.agreements_advance())
    assert (told.result, told.bells, told.outbox) == (0, [], [])

    # 9. A comment by Disperindag's admin: the parties hear, the secretariat (not waited on
    # now) does not.
    clock.travel(clock.now + timedelta(hours=9))
    told = step(
        lambda: services.comment_add(
            agreement=agreement, by=p.d_admin, body="Jadwal pelatihan pertama kami usulkan Mei."
        )
    )
    assert (told.bells, told.outbox) == expected(
        DISCUSSION, "partnerships.comment", others(p.d_admin)
    )
    comment = told.email_to(p.k_admin.email)
    assert "Jadwal pelatihan pertama kami usulkan Mei." in comment.body
    assert f"{url}#discussion" in comment.body

    # 10. A monev report from Disperindag: the secretariat has it to review.
    year, period = clock.today().year, (clock.today().month - 1) // 6 + 1
    report_fields = {
        "activities": "Pelatihan pengelasan untuk 20 IKM.",
        "recommendation": "continue",
        "trainees": 20,
    }

    def submit_report():
        return services.monev_submit(
            agreement=agreement,
            by=p.d_editor,
            party=agreement.parties.get(agency=p.disperindag),
            year=year,
            period=period,
            **report_fields,
        )

    told = step(submit_report)
    waiting = expected(WAITING, "partnerships.monev_submitted", secretariat, pic=False)
    parties = expected(MONEV, "partnerships.monev_submitted", others(p.d_editor))
    assert told.bells == sorted(waiting[0] + parties[0])
    assert told.outbox == sorted(waiting[1] + parties[1])
    review = told.email_to(p.secretariat_2.email)
    assert review.subject == f"Laporan monev untuk ditinjau: {agreement.reference}, {year}/" + (
        "I" if period == 1 else "II"
    )
    assert "terima, atau kembalikan dengan catatan" in review.body
    assert f"{url}#monev" in review.body

    # 11. Returned with comments: Disperindag corrects it (everyone reads whose it is).
    report = MonevReport.objects.get(agreement=agreement)
    told = step(
        lambda: services.monev_review(
            report=report, by=p.secretariat, decision="returned", comment="Lampirkan daftar hadir."
        )
    )
    assert (told.bells, told.outbox) == expected(MONEV, "partnerships.monev_returned", everyone)
    assert "Lampirkan daftar hadir." in told.email_to(p.k_admin.email).body
    assert "Disperindag Sumut corrects the report" in told.email_to(p.k_admin.email).body

    # 12. Sent again, and 13. accepted.
    told = step(submit_report)
    assert told.bells == sorted(waiting[0] + parties[0])
    told = step(lambda: services.monev_review(report=report, by=p.secretariat, decision="accepted"))
    assert (told.bells, told.outbox) == expected(MONEV, "partnerships.monev_accepted", everyone)

    # 14. KIM's admin asks to end it early: the secretariat decides.
    reason = "Kawasan industri dialihkan ke pengelola baru."
    told = step(
        lambda: services.agreement_request_termination(
            agreement=agreement, by=p.k_admin, reason=reason
        )
    )
    waiting = expected(WAITING, "partnerships.termination_requested", secretariat, pic=False)
    parties = expected(STEP, "partnerships.termination_requested", others(p.k_admin))
    assert told.bells == sorted(waiting[0] + parties[0])
    assert told.outbox == sorted(waiting[1] + parties[1])
    assert reason in told.email_to(p.secretariat.email).body
    assert "PT Kawasan Industri Medan" in told.email_to(p.secretariat.email).body
    # Asking again changes nothing and tells nobody.
    with pytest.raises(ValidationError):
        step(
            lambda: services.agreement_request_termination(
                agreement=agreement, by=p.k_admin, reason=reason
            )
        )
    assert (
        OutboundEmail.objects.filter(
            kind="partnerships.termination_requested", to=p.secretariat.email
        ).count()
        == 1
    )

    # 15. The secretariat decides: terminated, with its reason.
    told = step(
        lambda: services.agreement_move(
            agreement=agreement, to_status="revoked", by=p.secretariat, note="Disetujui."
        )
    )
    assert (told.bells, told.outbox) == expected(STEP, "partnerships.agreement_revoked", everyone)
    revoked = told.email_to(p.k_admin.email)
    assert revoked.subject == f"{agreement.reference} terminated"
    assert "granted the request to end" in revoked.body and "Disetujui." in revoked.body

    # Over the whole life: no one was ever told of their own step, the viewer and the outsider
    # never heard anything, and nobody got anything twice from one step (checked at each step
    # by comparing sorted lists, which keep duplicates).
    assert not Notification.objects.filter(user__in=[p.d_viewer, p.outsider]).exists()
    assert not OutboundEmail.objects.filter(to__in=[p.d_viewer.email, p.outsider.email]).exists()


# --- Around the life: settings, a second press, what it costs, the other kinds --------------------


def _submitted(people, clock):
    agreement = people.draft(clock)
    services.document_upload(
        agreement=agreement, by=people.d_editor, kind="tor", title="KAK", file=pdf_upload()
    )
    return services.agreement_move(agreement=agreement, to_status="submitted", by=people.d_editor)


@pytest.mark.django_db
def test_each_persons_setting_for_the_kind_is_honoured(people, clock, step):
    """Off: nothing. In the portal only: the bell. Digest: the bell, marked for the digest.
    The default (e-mail): both. A PIC without an account always gets the e-mail."""
    p = people
    agreement = _submitted(p, clock)
    preference_set(user=p.d_admin, kind=STEP, channel="off")
    preference_set(user=p.k_admin, kind=STEP, channel="portal")
    preference_set(user=p.k_editor, kind=STEP, channel="digest")
    # A setting for another kind changes nothing here.
    preference_set(user=p.d_editor, kind=DISCUSSION, channel="off")

    told = step(
        lambda: services.agreement_move(agreement=agreement, to_status="verified", by=p.secretariat)
    )

    assert told.bells == sorted((user.email, STEP) for user in (p.k_admin, p.k_editor, p.d_editor))
    assert told.outbox == sorted(
        [
            (p.d_editor.email, "partnerships.agreement_verified", "id"),
            (PIC, "partnerships.agreement_verified", "id"),
        ]
    )
    assert told.bell_of(p.k_editor).digest and not told.bell_of(p.k_admin).digest


@pytest.mark.django_db
def test_pressing_the_button_twice_moves_and_tells_once(people, clock, client, eager_tasks):
    p = people
    agreement = _submitted(p, clock)
    client.force_login(p.secretariat)
    url = reverse("partnerships:move", args=[agreement.reference, "verified"])

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == 302
    assert second.status_code in {200, 403}  # refused: it is verified already
    assert agreement.transitions.filter(to_status="verified").count() == 1
    rows = OutboundEmail.objects.filter(kind="partnerships.agreement_verified")
    assert sorted(rows.values_list("to", flat=True)) == sorted(
        [user.email for user in p.parties_staff] + [PIC]
    )
    assert Notification.objects.filter(kind=STEP, user=p.d_admin).count() == 2  # submit, verify


@pytest.mark.django_db
def test_telling_more_people_costs_one_query_per_email_and_no_more(people, clock):
    """The fan-out reads everyone at once: another recipient adds one row to the outbox, not
    a query of their own (their settings, their account and their bell come in bulk)."""
    p = people

    def verify_queries(agreement):
        with CaptureQueriesContext(connection) as queries:
            services.agreement_move(agreement=agreement, to_status="verified", by=p.secretariat)
        return len(queries)

    verify_queries(_submitted(p, clock))  # the first step looks up what is cached after it
    few = verify_queries(_submitted(p, clock))
    for number in range(6):
        user = UserFactory(email=f"staf{number}@kim.test", preferred_language="en")
        MembershipFactory(agency=p.kim, role=MemberRole.EDITOR, user=user)
        preference_set(user=user, kind=STEP, channel="email")
    many = verify_queries(_submitted(p, clock))

    assert many - few == 6


@pytest.mark.django_db
def test_a_comment_while_the_secretariat_has_the_proposal_reaches_the_secretariat(
    people, clock, step
):
    p = people
    agreement = _submitted(p, clock)

    told = step(
        lambda: services.comment_add(
            agreement=agreement, by=p.secretariat, body="Mohon lampirkan surat permohonan."
        )
    )

    # The secretariat's colleague (the proposal waits on them) and the parties; not the author.
    staff = expected(DISCUSSION, "partnerships.comment", [p.secretariat_2, *p.parties_staff])
    assert (told.bells, told.outbox) == staff
    assert "Sekretariat" in told.email_to(p.d_admin.email).body


@pytest.mark.django_db
def test_a_milestone_is_told_to_the_party_responsible_for_it(people, clock, step):
    p = people
    agreement = _submitted(p, clock)
    kim = agreement.parties.get(agency=p.kim)

    told = step(
        lambda: services.milestone_create(
            agreement=agreement,
            by=p.d_editor,
            title="Pelatihan juru las angkatan pertama",
            responsible=kim,
            due_date=agreement.start_date + timedelta(days=60),
        )
    )

    # KIM's admin and editor (KIM's PIC too); not Disperindag, whose editor planned it.
    assert (told.bells, told.outbox) == expected(
        MILESTONE, "partnerships.milestone_added", [p.k_admin, p.k_editor], pic=False
    )
    assert "PT Kawasan Industri Medan is responsible" not in told.email_to(p.k_admin.email).body
    assert "Your agency is responsible" in told.email_to(p.k_admin.email).body


@pytest.mark.django_db
def test_the_new_kinds_are_on_the_settings_page_in_the_readers_language(client, people):
    client.force_login(people.d_admin)
    page = client.get(reverse("notifications:preferences")).content.decode()
    for kind in NoticeKind:
        # What waits for the secretariat is offered to the secretariat only.
        assert (f'name="{kind.value}"' in page) == (kind != NoticeKind.WAITING), kind
    assert "Kerja sama: setiap tahap" in page
    client.force_login(people.secretariat)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert f'name="{NoticeKind.WAITING.value}"' in page


def _bring_to(people, clock, status, **overrides):
    """An agreement moved by the services from draft to `status` (nothing on record yet of
    what these moves told)."""
    p = people
    agreement = p.draft(clock, **overrides)
    services.document_upload(
        agreement=agreement, by=p.d_editor, kind="tor", title="KAK", file=pdf_upload()
    )
    path = ["draft", "submitted", "verified", "deliberation", "scheduled", "signed", "in_force"]
    for step_status in path[1 : path.index(status) + 1]:
        agreement.refresh_from_db()
        if agreement.status == status:
            break  # signed on or after its start date: in force at once
        by = p.d_editor if step_status == "submitted" else p.secretariat
        if step_status == "in_force":
            _start_today(agreement, clock)
        services.agreement_move(
            agreement=agreement, to_status=step_status, by=by, **_details(clock, step_status)
        )
        if step_status == "scheduled":
            services.document_upload(
                agreement=agreement,
                by=p.secretariat,
                kind="signed",
                title="Naskah",
                file=pdf_upload("ttd.pdf"),
            )
    agreement.refresh_from_db()
    assert agreement.status == status
    return agreement


def _start_today(agreement, clock):
    """Its start date has come (and the daily task has not run yet): only then may the
    secretariat put a signed agreement into force by hand."""
    from partnerships.models import Agreement

    Agreement.objects.filter(pk=agreement.pk).update(start_date=clock.today())
    agreement.refresh_from_db()


def _details(clock, to_status):
    if to_status == "scheduled":
        return _sign_details(clock)
    if to_status == "signed":
        return {
            "signed_on": clock.today(),
            "checked_initials": True,
            "checked_duty_stamp": True,
            "checked_seal": True,
        }
    if to_status in {"draft", "rejected", "revoked"}:
        return {"note": "Alasan yang dibaca para pihak."}
    return {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (from_status.value, to_status.value)
        for from_status, moves in AGREEMENT_TRANSITIONS.items()
        for to_status in moves
    ],
)
def test_every_move_of_the_table_tells_the_parties_once(
    people, clock, step, from_status, to_status
):
    p = people
    agreement = _bring_to(p, clock, from_status)
    by = p.d_editor if to_status == "submitted" else p.secretariat
    if (from_status, to_status) == ("signed", "in_force"):
        _start_today(agreement, clock)

    told = step(
        lambda: services.agreement_move(
            agreement=agreement, to_status=to_status, by=by, **_details(clock, to_status)
        )
    )

    staff = [user for user in p.parties_staff if user != by]
    (kind,) = {kind for _to, kind, _language in told.outbox}
    assert kind.startswith("partnerships.agreement_")
    parties = expected(STEP, kind, staff)
    if to_status == "submitted":
        waiting = expected(WAITING, kind, [p.secretariat, p.secretariat_2], pic=False)
        parties = (sorted(waiting[0] + parties[0]), sorted(waiting[1] + parties[1]))
    assert (told.bells, told.outbox) == parties
    for email in told.emails:
        assert agreement.reference in email.subject
        assert agreement.get_absolute_url() in email.body
    if to_status in {"draft", "rejected", "revoked"}:
        assert "Alasan yang dibaca para pihak." in told.email_to(p.k_admin.email).body


@pytest.mark.django_db
def test_signing_on_or_after_the_start_date_is_one_step_told_once(people, clock, step):
    p = people
    agreement = _bring_to(p, clock, "scheduled", start_date=clock.today())

    told = step(
        lambda: services.agreement_move(
            agreement=agreement, to_status="signed", by=p.secretariat, **_details(clock, "signed")
        )
    )

    agreement.refresh_from_db()
    assert agreement.status == "in_force"
    assert (told.bells, told.outbox) == expected(
        STEP, "partnerships.agreement_signed", p.parties_staff
    )
    assert told.email_to(p.k_admin.email).subject == f"{agreement.reference} signed and in force"


@pytest.mark.django_db
def test_completed_by_date_is_told_to_everyone(people, clock, step):
    p = people
    agreement = _bring_to(
        p,
        clock,
        "in_force",
        start_date=clock.today() - timedelta(days=30),
        end_date=clock.today() + timedelta(days=5),
    )

    clock.travel(wib(agreement.end_date + timedelta(days=1), 0, 5))
    told = step(lambda: services.agreements_advance())

    assert told.result == 1
    assert (told.bells, told.outbox) == expected(
        STEP, "partnerships.agreement_completed", p.parties_staff
    )
    assert "is now completed" in told.email_to(p.k_admin.email).body
