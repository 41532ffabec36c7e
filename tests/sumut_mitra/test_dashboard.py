"""The dasbor (/dasbor/), the secretariat's part of it, a resident's "Beranda saya" and the staff
layout: every count links to the list that shows exactly the rows it counted, another agency's
rows never count, the queries stay the same whatever the data, nothing says who sent anonymous
input, and a count is never stale after an action."""

import html
import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.enums import MemberRole
from agencies.models import AgencyEvent, Invitation
from forums.models import Follow, SubmissionEvent
from partnerships.models import AgreementTransition, MonevReport
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    MembershipFactory,
    MilestoneFactory,
    RegistrationFactory,
    SubmissionFactory,
    TrainingFactory,
    UserFactory,
    secretariat_user,
)
from trainings.models import TrainingEvent

WIB = ZoneInfo("Asia/Jakarta")
# A Monday in January: the second half of 2026's monev is in its grace days, the first half's
# is overdue (partnerships.monev).
NOW = datetime(2027, 1, 11, 9, 0, tzinfo=WIB)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def days(n):
    return TODAY + timedelta(days=n)


class Scene:
    """Agency A (Maya, its admin) and agency B (Budi), each with rows in every state."""

    def __init__(self):
        self.a = AgencyFactory(name="Dinas Uji Alfa", acronym="DUA", slug="dinas-alfa")
        self.b = AgencyFactory(name="Dinas Uji Bravo", acronym="DUB", slug="dinas-bravo")
        self.partner = AgencyFactory(name="Mitra Uji Charlie", acronym="MUC", slug="mitra-charlie")
        self.maya = MembershipFactory(
            agency=self.a, role=MemberRole.ADMIN, user__full_name="Maya Lubis"
        ).user
        self.budi = MembershipFactory(
            agency=self.b, role=MemberRole.ADMIN, user__full_name="Budi Sinaga"
        ).user
        self.secretariat = secretariat_user(full_name="Sekretariat Kerja Sama")
        a, b, p = self.a, self.b, self.partner

        def agreement(title, parties=(a, p), **fields):
            return AgreementFactory(title=title, parties=list(parties), **fields)

        start = days(-9)  # in force since 2 January: no 2026 report is due
        self.draft = agreement("Naskah Anggrek", status="draft")
        self.returned = agreement("Naskah Bougenvil", status="draft")
        AgreementTransition.objects.create(
            agreement=self.returned, from_status="submitted", to_status="draft", note="Lengkapi."
        )
        self.submitted = agreement(
            "Naskah Cempaka", status="submitted", status_changed_at=NOW - timedelta(days=20)
        )
        self.scheduled = agreement("Naskah Dahlia", status="scheduled")
        self.ending = agreement("Naskah Edelweis", start_date=start, end_date=days(30))
        self.late = agreement("Naskah Flamboyan", start_date=start)
        MilestoneFactory(agreement=self.late, due_date=days(-3))
        MilestoneFactory(agreement=self.late, due_date=days(-10))
        MilestoneFactory(agreement=self.late, due_date=days(-5), status="done")
        self.due = agreement("Naskah Gardenia", start_date=start)
        MilestoneFactory(agreement=self.due, due_date=days(7))
        MilestoneFactory(agreement=self.due, due_date=days(30))
        self.monev_due = agreement("Naskah Kenanga", start_date=date(2026, 8, 1))
        self.monev_overdue = agreement("Naskah Lavender", start_date=date(2026, 3, 1))
        self.review = agreement("Naskah Melati", start_date=start)
        MonevReport.objects.create(
            agreement=self.review,
            party=self.review.parties.first(),
            year=2027,
            period=1,
            activities="Pelatihan.",
            recommendation="continue",
            status="submitted",
        )
        # Agency B's: the same states, none of them A's to count.
        self.b_rows = [
            agreement("Naskah Nusa Indah", (b, p), status="draft"),
            agreement("Naskah Oleander", (b, p), start_date=start, end_date=days(20)),
            agreement("Naskah Pinus", (b, p), status="scheduled"),
            agreement("Naskah Rosela", (b, p), start_date=date(2026, 3, 1)),
        ]
        MilestoneFactory(agreement=self.b_rows[1], due_date=days(-4))
        MilestoneFactory(agreement=self.b_rows[1], due_date=days(4))

        self.soon = TrainingFactory(title="Pelatihan Sagu", organisers=[a], days=2)
        self.later = TrainingFactory(title="Pelatihan Tebu", organisers=[a], days=20)
        RegistrationFactory.create_batch(2, training=self.later)
        RegistrationFactory(training=self.later, status="approved")
        self.b_training = TrainingFactory(title="Pelatihan Ubi", organisers=[b], days=1)
        RegistrationFactory(training=self.b_training)

        self.to_answer = SubmissionFactory(title="Masukan Vanili", assigned_agency=a)
        self.overdue = SubmissionFactory(title="Masukan Wortel", assigned_agency=a, due_in=-2)
        self.follow_up = SubmissionFactory(
            title="Masukan Xilofon", assigned_agency=a, status="in_follow_up"
        )
        self.b_overdue = SubmissionFactory(title="Masukan Zaitun", assigned_agency=b, due_in=-1)
        Invitation.objects.create(
            agency=a,
            email="calon.staf@contoh.id",
            role=MemberRole.EDITOR,
            token="undangan-uji",
            expires_at=NOW + timedelta(days=7),
        )

    AGREEMENTS = "agreements"
    TRAININGS = "trainings"
    INPUT = "input"

    def expected(self):
        """For each line of A's dasbor: (the titles its list must show, of which kind)."""
        agreements = {
            "drafts": {self.draft, self.returned},
            "returned": {self.returned},
            "scheduled": {self.scheduled},
            "monev_due": {self.monev_due, self.monev_overdue},
            "monev_overdue": {self.monev_overdue},
            "monev_review": {self.review},
            "due_milestones": {self.due},
            "late_milestones": {self.late},
            "expiring": {self.ending},
        }
        return {
            **{
                key: ({row.title for row in rows}, self.AGREEMENTS)
                for key, rows in agreements.items()
            },
            "starting_soon": ({self.soon.title}, self.TRAININGS),
            "awaiting_registrations": ({self.later.title}, self.TRAININGS),
            "forwarded": ({self.to_answer.title, self.overdue.title}, self.INPUT),
            "in_follow_up": ({self.follow_up.title}, self.INPUT),
            "forum_overdue": ({self.overdue.title}, self.INPUT),
        }

    def all_titles(self, kind):
        if kind == self.AGREEMENTS:
            from partnerships.models import Agreement

            return set(Agreement.objects.values_list("title", flat=True))
        if kind == self.TRAININGS:
            from trainings.models import Training

            return set(Training.objects.values_list("title", flat=True))
        from forums.models import Submission

        return set(Submission.objects.values_list("title", flat=True))


@pytest.fixture
def scene(db):
    return Scene()


LINE = re.compile(r'<li data-action="(?P<key>\w+)">(?P<body>.*?)</li>', re.S)
LINK = re.compile(r'<a class="fw-semibold" href="(?P<url>[^"]+)">(?P<label>[^<]+)</a>')


def lines(response):
    """{key: (count, label, url or None)} of the dasbor's lines."""
    found = {}
    for match in LINE.finditer(response.content.decode()):
        body = match["body"]
        link = LINK.search(body)
        if link:
            label, url = html.unescape(link["label"]).strip(), html.unescape(link["url"])
        else:
            label = html.unescape(re.sub(r"<[^>]+>", "", body)).strip()
            url = None
        found[match["key"]] = (int(label.split()[0]), label, url)
    return found


def get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_each_count_of_an_agency_opens_the_list_of_exactly_those_rows(client, scene):
    shown = lines(get(client, scene.maya, reverse("dashboard")))
    expected = scene.expected()
    assert set(expected) <= set(shown)
    for key, (titles, kind) in expected.items():
        count, label, url = shown[key]
        assert url is not None, key
        listed = get(client, scene.maya, url).content.decode()
        # The list's filter panel shows the filters the link set, so the person sees why.
        for name, value in parse_qsl(urlsplit(url).query):
            if name in {"party", "organiser", "agency"}:
                value = scene.a.name  # an agency field shows the agency's name
            assert re.search(
                rf'name="{name}"[^>]*(value="{re.escape(value)}"|checked)', listed
            ) or (re.search(rf'<option value="{re.escape(value)}" selected', listed)), (key, name)
        others = scene.all_titles(kind) - titles
        assert all(title in listed for title in titles), (key, url)
        assert not [title for title in others if title in listed], (key, url)
        if key not in {"late_milestones", "due_milestones", "awaiting_registrations"}:
            assert count == len(titles), (key, label)
    # Where the list shows something else than the count counts, the line says how many.
    assert shown["late_milestones"][1].startswith("2 tonggak terlambat")
    assert shown["due_milestones"][0] == 1
    assert shown["awaiting_registrations"][0] == 2
    invitations = shown["invitations"]
    assert invitations[0] == 1
    assert "calon.staf@contoh.id" in get(client, scene.maya, invitations[2]).content.decode()


def test_another_agencys_rows_never_count(client, scene):
    mine = lines(get(client, scene.maya, reverse("dashboard")))
    theirs = lines(get(client, scene.budi, reverse("dashboard")))
    assert (mine["late_milestones"][0], theirs["late_milestones"][0]) == (2, 1)
    assert (mine["expiring"][0], theirs["expiring"][0]) == (1, 1)
    assert (mine["forum_overdue"][0], theirs["forum_overdue"][0]) == (1, 1)
    assert (mine["starting_soon"][0], theirs["starting_soon"][0]) == (1, 1)
    assert theirs["drafts"][0] == 1 and theirs["returned"][0] == 0
    page = get(client, scene.budi, theirs["late_milestones"][2]).content.decode()
    assert "Naskah Oleander" in page and "Naskah Flamboyan" not in page


def test_a_zero_is_calm_text_not_a_link(client, db):
    quiet = AgencyFactory(name="Dinas Sunyi", slug="dinas-sunyi")
    person = MembershipFactory(agency=quiet, role=MemberRole.VIEWER).user
    shown = lines(get(client, person, reverse("dashboard")))
    assert shown and all(url is None and count == 0 for count, _label, url in shown.values())
    assert shown["late_milestones"][1] == "0 tonggak terlambat"
    # A viewer is not offered the members' page: no invitations line.
    assert "invitations" not in shown


def test_the_secretariat_sees_the_provinces_queues_and_missed_deadlines(client, scene):
    AgencyFactory(name="Koperasi Menunggu", slug="koperasi-menunggu", status="pending")
    response = get(client, scene.secretariat, reverse("dashboard"))
    shown = lines(response)
    assert shown["agencies_to_verify"][0] == 1
    assert shown["agreements_to_verify"][0] == 1
    assert shown["monev_to_review"][0] == 1
    assert shown["answers_overdue"][0] == 2  # A's and B's
    assert shown["late_milestones"][0] == 3
    assert shown["expiring"][0] == 2
    queue = get(client, scene.secretariat, shown["agencies_to_verify"][2]).content.decode()
    assert "Koperasi Menunggu" in queue
    proposals = get(client, scene.secretariat, shown["agreements_to_verify"][2]).content.decode()
    assert "Naskah Cempaka" in proposals and "Naskah Anggrek" not in proposals
    late = get(client, scene.secretariat, shown["late_milestones"][2]).content.decode()
    assert "Naskah Flamboyan" in late and "Naskah Oleander" in late
    overdue = get(client, scene.secretariat, shown["answers_overdue"][2]).content.decode()
    assert "Masukan Wortel" in overdue and "Masukan Zaitun" in overdue
    assert "Masukan Vanili" not in overdue
    page = response.content.decode()
    assert "Koperasi Menunggu" in page and "Naskah Cempaka" in page  # the oldest, by name


def test_the_queries_stay_the_same_whatever_the_data(client, scene):
    def queries(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse("dashboard"))
        assert response.status_code == 200
        return len(context)

    small = queries(scene.maya), queries(scene.secretariat)
    for agency in (scene.a, scene.b):
        for agreement in AgreementFactory.create_batch(15, parties=[agency, scene.partner]):
            MilestoneFactory.create_batch(2, agreement=agreement)
            AgreementTransition.objects.create(agreement=agreement, to_status="in_force")
        for training in TrainingFactory.create_batch(8, organisers=[agency], days=2):
            RegistrationFactory.create_batch(2, training=training)
            TrainingEvent.objects.create(training=training, to_status="published")
        SubmissionFactory.create_batch(10, assigned_agency=agency, due_in=-1)
        AgencyEvent.objects.create(agency=agency, kind="profile_updated", actor=scene.maya)
    for index in range(6):
        AgencyFactory(slug=f"antre-{index}", status="pending")
    big = queries(scene.maya), queries(scene.secretariat)
    assert lines(get(client, scene.maya, reverse("dashboard")))["forum_overdue"][0] == 11
    assert big == small


def test_recent_activity_never_names_who_sent_anonymous_input(client, scene):
    # The sender works for the agency too, and sent the input anonymously.
    sender = MembershipFactory(
        agency=scene.a, role=MemberRole.VIEWER, user__full_name="Rahmat Pengirim Anonim"
    ).user
    secret = SubmissionFactory(
        title="Masukan Yuzu", assigned_agency=scene.a, author=sender, privacy="anonim"
    )
    SubmissionEvent.objects.create(submission=secret, to_status="received", actor=sender)
    SubmissionEvent.objects.create(
        submission=secret, from_status="forwarded", to_status="in_follow_up", actor=scene.maya
    )
    AgreementTransition.objects.create(
        agreement=scene.draft, to_status="draft", actor=scene.maya, at=NOW - timedelta(hours=1)
    )
    page = get(client, scene.maya, reverse("dashboard")).content.decode()
    activity = page[page.index('id="activity"') :]
    assert "Masukan Yuzu" in activity and "Maya Lubis" in activity
    assert "Naskah Anggrek" in activity
    assert "Rahmat Pengirim Anonim" not in page
    assert sender.email not in page


def test_a_count_is_not_stale_after_an_action(client, scene):
    first = lines(get(client, scene.maya, reverse("dashboard")))
    again = client.get(reverse("dashboard"))
    assert again.headers.get("X-Page-Cache") in {"hit", None}
    assert lines(again) == first
    milestone = scene.late.milestones.filter(status="planned").first()
    from partnerships import services

    services.milestone_complete(milestone=milestone, by=scene.maya, completed_on=TODAY)
    after = lines(client.get(reverse("dashboard")))
    assert (first["late_milestones"][0], after["late_milestones"][0]) == (2, 1)


def test_a_person_of_several_agencies_switches_between_them(client, scene):
    MembershipFactory(agency=scene.b, user=scene.maya, role=MemberRole.VIEWER)
    page = get(client, scene.maya, reverse("dashboard")).content.decode()
    assert 'id="agency-switcher"' in page
    bravo = get(client, scene.maya, reverse("dashboard") + "?instansi=dinas-bravo")
    assert lines(bravo)["late_milestones"][0] == 1
    # The staff menu keeps the chosen agency on the other staff pages.
    other = get(client, scene.maya, reverse("partnerships:manage")).content.decode()
    assert re.search(r'id="current-agency">Dinas Uji Bravo<', other)
    # An agency the person does not work for is not shown: their first one is.
    page = get(client, scene.maya, reverse("dashboard") + "?instansi=mitra-charlie")
    assert "Naskah Oleander" not in page.content.decode()


def test_residents_land_on_their_own_home(client, scene):
    resident = UserFactory(full_name="Siti Rahmawati")
    client.force_login(resident)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("my_home")
    mine = SubmissionFactory(title="Masukan Siti Sendiri", author=resident)
    followed = SubmissionFactory(title="Masukan Yang Diikuti", status="answered")
    Follow.objects.create(submission=followed, user=resident)
    RegistrationFactory(training=scene.soon, user=resident, status="approved")
    page = get(client, resident, reverse("my_home")).content.decode()
    assert "Beranda saya" in page
    assert mine.title in page and "Pelatihan Sagu" in page and followed.title in page
    assert 'id="staff-menu"' not in page
    assert reverse("forums:mine") in page and reverse("trainings:mine") in page
    # A staff page a resident may open too keeps the public layout for them.
    notifications = get(client, resident, reverse("notifications:list")).content.decode()
    assert 'id="staff-menu"' not in notifications


@pytest.mark.parametrize(
    ("who", "lands"), [("maya", "/dasbor/"), ("secretariat", "/dasbor/"), ("resident", "/dasbor/")]
)
def test_after_logging_in_people_land_on_the_dasbor(client, scene, password, who, lands):
    user = UserFactory(full_name="Warga Biasa") if who == "resident" else getattr(scene, who)
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": password}
    )
    assert response.status_code == 302 and response["Location"] == lands
    final = client.get(lands, follow=True)
    expected = {
        "resident": "Beranda saya",
        "maya": "Perlu tindakan",
        "secretariat": "Antrean yang perlu diproses",
    }[who]
    assert expected in final.content.decode()


def test_a_safe_next_is_still_followed_after_logging_in(client, scene, password):
    target = reverse("trainings:manage")
    response = client.post(
        reverse("accounts:login") + f"?next={target}",
        {"username": scene.maya.email, "password": password, "next": target},
    )
    assert response["Location"] == target
    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {"username": scene.maya.email, "password": password, "next": "https://contoh.net/"},
    )
    assert response["Location"] == "/dasbor/"


STAFF_PAGES = [
    lambda s: reverse("dashboard"),
    lambda s: reverse("partnerships:manage"),
    lambda s: reverse("partnerships:detail", args=[s.late.reference]),
    lambda s: reverse("partnerships:delete_draft", args=[s.draft.reference]),
    lambda s: reverse("trainings:manage"),
    lambda s: reverse("trainings:manage_detail", args=[s.later.reference]),
    lambda s: reverse("trainings:registrations", args=[s.later.reference]),
    lambda s: reverse("forums:inbox"),
    lambda s: reverse("forums:manage", args=[s.overdue.tracking_code]),
    lambda s: reverse("agencies:mine"),
    lambda s: reverse("agencies:members", args=[s.a.slug]),
    lambda s: reverse("notifications:list"),
]


def test_every_staff_page_has_the_staff_menu(client, scene):
    for page_url in STAFF_PAGES:
        url = page_url(scene)
        page = get(client, scene.maya, url).content.decode()
        assert 'id="staff-menu"' in page, url
        assert re.search(r'id="current-agency">Dinas Uji Alfa<', page), url
        for label in ("Dasbor", "Kerja Sama", "Pelatihan", "Aspirasi", "Instansi saya"):
            assert f"</i> {label}</a>" in page, (url, label)
    # The secretariat's menu has its queues, with their sizes.
    page = get(client, scene.secretariat, reverse("forums:inbox")).content.decode()
    queues = page[page.index('id="secretariat-queues"') :]
    assert "Verifikasi instansi" in queues and "Moderasi" in queues
    # Public pages keep their own layout.
    assert 'id="staff-menu"' not in get(client, scene.maya, reverse("home")).content.decode()
    assert 'id="staff-menu"' not in get(client, scene.maya, "/kerja-sama/").content.decode()


def test_the_staff_menu_costs_a_constant_number_of_queries(client, scene):
    def queries(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    url = reverse("agencies:mine")
    small = queries(scene.maya, url), queries(scene.secretariat, url)
    for index in range(5):
        MembershipFactory(agency=AgencyFactory(slug=f"lagi-{index}"), user=scene.maya)
        AgencyFactory(slug=f"tunggu-{index}", status="pending")
        SubmissionFactory(status="received", held=True)
    assert (queries(scene.maya, url), queries(scene.secretariat, url)) == small
