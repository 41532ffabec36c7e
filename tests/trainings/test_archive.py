"""Finished trainings (the public list's "Selesai" tab), one status word per state on every
public page, and the organisers' pages offered only to those who organise (issue 15)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.enums import MemberRole
from tests.factories import AgencyFactory, MembershipFactory, UserFactory, regency
from tests.support.trainings import make_training, organiser_editor
from tests.trainings.conftest import ongoing_training, register
from trainings import selectors, services
from trainings.models import Training

from .test_views import add_registrations

pytestmark = pytest.mark.django_db
ARCHIVE = reverse("trainings:archive")
LIST = reverse("trainings:list")


def ended(training, *, days_ago=1):
    """Move a training's dates into the past (as time would), keeping it published."""
    end = timezone.now() - timedelta(days=days_ago)
    Training.objects.filter(pk=training.pk).update(
        starts_at=end - timedelta(hours=3),
        ends_at=end,
        registration_opens_at=end - timedelta(days=10),
        registration_closes_at=end - timedelta(days=1),
    )
    return Training.objects.get(pk=training.pk)


def completed(*, participants=0, **fields):
    training = ongoing_training(**fields)
    for _ in range(participants):
        register(training)
    return services.training_move(
        training=training, to_status="completed", by=training.organiser_user
    )


def titles(page):
    return re.findall(r'<h2 class="h5 mb-1"><a href="[^"]+">([^<]+)</a>', page)


def test_the_archive_lists_what_is_over_the_latest_first(client):
    ended(make_training(title="Workshop Mutu CPO"), days_ago=30)
    ended(make_training(title="Bimtek Ekspor Kopi"), days_ago=2)
    # Completed while its last session runs (before its end): over all the same.
    completed(title="Sertifikasi Juru Las SMAW", participants=1)
    make_training(title="Magang Industri Rotan")  # upcoming
    cancelled = make_training(title="Pelatihan Batal")
    services.training_move(
        training=ended(cancelled),
        to_status="cancelled",
        by=cancelled.organiser_user,
        note="Ditunda",
    )
    ended(make_training(title="Draf Lama", publish=False))
    ended(make_training(title="Khusus Pegawai", audience="staff"))

    page = client.get(ARCHIVE).content.decode()
    assert titles(page) == ["Sertifikasi Juru Las SMAW", "Bimtek Ekspor Kopi", "Workshop Mutu CPO"]
    assert "3 pelatihan" in page
    assert "1 peserta" in page  # what a finished training tells: how many took part
    assert page.count(">Selesai</span>") == 3  # one word for each, the tab's
    # The upcoming list has none of them.
    assert titles(client.get(LIST).content.decode()) == ["Magang Industri Rotan"]
    # Agency staff see the staff-only one too.
    client.force_login(MembershipFactory().user)
    assert "Khusus Pegawai" in titles(client.get(ARCHIVE).content.decode())


def test_the_archive_filters_and_its_tabs_keep_them(client):
    ended(make_training(title="Workshop Mutu CPO", kind="workshop", regency=regency("12.08")))
    ended(make_training(title="Bimtek Ekspor Kopi", kind="bimtek"))
    page = client.get(ARCHIVE, {"kind": "workshop"}).content.decode()
    assert titles(page) == ["Workshop Mutu CPO"]
    assert titles(client.get(ARCHIVE, {"regency": "12.08"}).content.decode()) == [
        "Workshop Mutu CPO"
    ]
    assert titles(client.get(ARCHIVE, {"q": "kopi"}).content.decode()) == ["Bimtek Ekspor Kopi"]
    # The tabs switch lists and keep the filters (not the page, nor "open for registration").
    assert f'href="{LIST}?kind=workshop"' in page
    assert 'aria-current="page" href="' + ARCHIVE in page
    upcoming = client.get(LIST, {"kind": "workshop", "open_only": "on", "page": "2"})
    assert f'href="{ARCHIVE}?kind=workshop"' in upcoming.content.decode()
    assert 'name="open_only"' not in page  # no such filter where everything is over


def test_the_archive_pages_and_costs_the_same_for_5_and_60_trainings(client):
    lead = AgencyFactory()
    editor = organiser_editor(lead)

    def add(count):
        for _ in range(count):
            training = ended(make_training(lead=lead, by=editor, capacity=50), days_ago=3)
            add_registrations(training, 3)

    add(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(ARCHIVE).status_code == 200
    add(55)
    with CaptureQueriesContext(connection) as many:
        response = client.get(ARCHIVE, {"page": 2})
    page = response.content.decode()
    assert "60 pelatihan" in page and len(titles(page)) == 20
    assert "3 peserta" in page
    assert len(few) == len(many)


def test_the_archive_reads_its_page_from_its_own_index():
    training = completed()
    keys = selectors.training_archive_list(user=AnonymousUser()).values_list("pk", flat=True).query
    sql, params = keys.sql_with_params()
    with connection.cursor() as cursor:
        # The table is tiny here: ask for the plan a big table gets.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # Other indexes (updated_at, the search vector) tempt a planner with empty statistics
        # into reading in their order and sorting: a plan without a sort must still exist.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql} LIMIT 20", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "trainings_archive_idx" in plan, plan
    assert "Sort" not in plan, plan  # the index gives the order
    assert list(selectors.training_archive_list(user=AnonymousUser())) == [training]


# --- One word per state ---------------------------------------------------------------------------


def test_a_training_has_the_same_status_word_on_the_list_and_on_its_page(client):
    now = timezone.now()
    cases = {
        "Pendaftaran dibuka": make_training(title="Dibuka"),
        "Pendaftaran belum dibuka": make_training(
            title="Belum",
            registration_opens_at=now + timedelta(hours=2),
            registration_closes_at=now + timedelta(hours=20),
        ),
        "Pendaftaran ditutup": make_training(title="Ditutup"),
        "Sedang berlangsung": ongoing_training(title="Berlangsung"),
    }
    Training.objects.filter(pk=cases["Pendaftaran ditutup"].pk).update(
        registration_closes_at=now - timedelta(minutes=1),
        registration_opens_at=now - timedelta(days=1),
    )
    Training.objects.filter(pk=cases["Sedang berlangsung"].pk).update(
        registration_closes_at=now - timedelta(minutes=1)
    )
    listed = client.get(LIST).content.decode()
    for word, training in cases.items():
        card = listed[listed.index(f">{training.title}</a>") :][:600]
        assert f">{word}</span>" in card, (word, card)
        page = client.get(training.get_absolute_url()).content.decode()
        header = page[page.index("<h1") :][:800]
        assert f">{word}</span>" in header, word
        assert "Diterbitkan" not in page  # the organisers' word, not the residents'

    finished = completed(title="Selesai Sudah")
    page = client.get(finished.get_absolute_url()).content.decode()
    assert ">Selesai</span>" in page[page.index("<h1") :][:800]


def test_accepted_is_said_only_when_the_seat_is_really_given(
    client, django_capture_on_commit_callbacks
):
    open_one = make_training(title="Kursi Ada")
    approval = make_training(title="Perlu Persetujuan", requires_approval=True)
    full = make_training(title="Sudah Penuh", capacity=1)
    register(full)
    seen = {}
    for training in (open_one, approval, full):
        client.force_login(UserFactory())
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("trainings:register", args=[training.reference]), {"sent": "1"}, follow=True
            )
        registration = training.registrations.order_by("pk").last()
        email = registration.user.email
        from notifications.models import OutboundEmail

        subject = OutboundEmail.objects.filter(to=email).get().subject
        seen[registration.status] = ("Pendaftaran diterima" in response.content.decode(), subject)
    assert seen["approved"][0] is True
    assert seen["registered"] == (False, "Pendaftaran menunggu persetujuan: Perlu Persetujuan")
    assert seen["waitlisted"] == (False, "Masuk daftar tunggu: Sudah Penuh")


# --- Organisers' pages for organisers only --------------------------------------------------------


def test_residents_are_never_offered_the_organisers_pages(client):
    training = make_training()
    full = make_training(capacity=1)
    register(full)
    resident = UserFactory()
    registration = register(training, resident)
    register(full, resident)
    client.force_login(resident)
    ref = [training.reference]
    pages = [
        LIST,
        ARCHIVE,
        reverse("trainings:mine"),
        reverse("trainings:verify"),
        training.get_absolute_url(),
        reverse("trainings:registration", args=ref),
        reverse("trainings:cancel_own", args=ref),
        full.get_absolute_url(),
        reverse("trainings:register", args=[make_training().reference]),
    ]
    manage = reverse("trainings:manage")
    for url in pages:
        page = client.get(url).content.decode()
        assert manage not in page, url
        assert "Kelola" not in page, url
        assert "Halaman penyelenggara" not in page, url
    assert registration.status == "approved"

    # Agency staff and the organisers keep their way in.
    staff = MembershipFactory(role=MemberRole.VIEWER).user
    client.force_login(staff)
    assert f'href="{manage}"' in client.get(LIST).content.decode()
    client.force_login(training.organiser_user)
    page = client.get(training.get_absolute_url()).content.decode()
    assert reverse("trainings:manage_detail", args=ref) in page
