"""What moves `updated_at` beyond a row's own columns and related rows it shows (those are in
test_api_public.py): the parent that decides whether a row is public at all, the clock that
expires an agreement, and what If-Modified-Since may answer."""

from datetime import timedelta

import pytest
import yaml
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from core import apiviews
from forums.models import Forum, Meeting, Submission
from partnerships.models import Agreement
from partnerships.tasks import advance_agreements
from tests.factories import AgreementFactory, SubmissionFactory, TrainingFactory
from tests.sumut_mitra.test_api_public import build_world, ids, since
from tests.support.api import date_back
from trainings.models import Training

pytestmark = pytest.mark.django_db


def forum_rows(forum, title):
    """A published submission and an announced meeting in `forum`."""
    start = timezone.now() + timedelta(days=5)
    submission = SubmissionFactory(forum=forum, privacy="public", title=f"Masukan {title}")
    meeting = Meeting.objects.create(
        forum=forum,
        title=f"Rapat {title}",
        agenda="Agenda.",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    return submission, meeting


def both(client, moment):
    return since(client, "api:submission-list", moment), since(client, "api:meeting-list", moment)


def test_input_and_meetings_come_into_updated_since_when_their_agreement_becomes_public(client):
    world = build_world()
    internal = world.hidden_agreements[0]
    forum = Forum.objects.get(agreement=internal)
    submission, meeting = forum_rows(forum, "Forum Kerja Sama")
    meetings = sorted(Meeting.objects.filter(forum=forum).values_list("pk", flat=True))
    assert len(meetings) == 2  # the world's "Rapat Forum Internal Rahasia" and this one
    moment = timezone.now()
    assert both(client, moment) == ([], [])
    # Written by a query, as a migration or the admin's bulk action would: no forum row moves.
    Agreement.objects.filter(pk=internal.pk).update(visibility="public")
    assert both(client, moment) == ([submission.pk], meetings)
    # Made internal again: gone from the lists, and dated so that they come back when it is
    # public again.
    moment = timezone.now()
    Agreement.objects.filter(pk=internal.pk).update(visibility="internal")
    assert both(client, moment) == ([], [])
    assert submission.pk not in ids(client, "api:submission-list")
    assert Submission.objects.get(pk=submission.pk).updated_at >= moment
    assert Meeting.objects.get(pk=meeting.pk).updated_at >= moment
    # Its status decides too (a draft's forum shows nothing).
    Agreement.objects.filter(pk=internal.pk).update(visibility="public", status="draft")
    moment = timezone.now()
    Agreement.objects.filter(pk=internal.pk).update(status="in_force")
    assert both(client, moment) == ([submission.pk], meetings)


def test_a_training_s_forum_follows_its_publication_and_its_audience(client):
    build_world()
    training = TrainingFactory(title="Pelatihan Draf Berforum", status="draft")
    forum = Forum.objects.create(
        kind="training", slug="forum-pelatihan-draf", title="Forum Pelatihan", training=training
    )
    submission, meeting = forum_rows(forum, "Forum Pelatihan")
    moment = timezone.now()
    assert both(client, moment) == ([], [])
    Training.objects.filter(pk=training.pk).update(status="published")
    assert both(client, moment) == ([submission.pk], [meeting.pk])
    moment = timezone.now()
    Training.objects.filter(pk=training.pk).update(audience="staff")
    assert both(client, moment) == ([], [])
    assert Meeting.objects.get(pk=meeting.pk).updated_at >= moment
    moment = timezone.now()
    Training.objects.filter(pk=training.pk).update(audience="public")
    assert both(client, moment) == ([submission.pk], [meeting.pk])


def test_a_forum_moved_to_a_public_parent_or_renamed_moves_its_rows(client):
    world = build_world()
    internal = world.hidden_agreements[0]
    forum = Forum.objects.get(agreement=internal)
    submission, _meeting = forum_rows(forum, "Forum Pindah")
    meetings = sorted(Meeting.objects.filter(forum=forum).values_list("pk", flat=True))
    moment = timezone.now()
    Forum.objects.filter(pk=forum.pk).update(agreement=None, kind="general")
    assert both(client, moment) == ([submission.pk], meetings)
    moment = timezone.now()
    Forum.objects.filter(pk=forum.pk).update(slug="forum-berganti-alamat")
    assert both(client, moment) == ([submission.pk], meetings)
    meeting = meetings[0]
    assert (
        client.get(reverse("api:meeting-detail", args=[meeting])).json()["forum"]
        == "forum-berganti-alamat"
    )


def test_a_parent_saved_whole_without_a_change_moves_nothing(client):
    """`UPDATE OF` fires for every column a full save() names: the triggers look at the values."""
    world = build_world()
    public = world.public_agreement
    forum = Forum.objects.create(
        kind="agreement", slug="forum-ks-terbuka", title="Forum Terbuka", agreement=public
    )
    forum_rows(forum, "Forum Terbuka")
    moment = timezone.now()
    Agreement.objects.get(pk=public.pk).save()
    Forum.objects.get(pk=forum.pk).save()
    for training in Training.objects.all():
        training.save()
    assert both(client, moment) == ([], [])


# --- The calendar: an agreement past its end date ------------------------------------------------


def test_an_agreement_past_its_end_date_comes_into_updated_since_with_the_nightly_task(client):
    build_world()
    ending = AgreementFactory(
        title="Kerja Sama Yang Berakhir",
        start_date=timezone.localdate() - timedelta(days=400),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    date_back(Agreement, ending.pk, timezone.now() - timedelta(days=2))
    moment = timezone.now()
    # Read as expired by the clock alone: nothing was written, nothing in updated_since.
    assert ids(client, "api:agreement-list", status="expired") == [ending.pk]
    assert since(client, "api:agreement-list", moment) == []
    advance_agreements()  # beat's "advance-agreements", just after midnight WIB
    assert since(client, "api:agreement-list", moment) == [ending.pk]
    row = client.get(reverse("api:agreement-detail", args=[ending.pk])).json()
    assert row["status"] == "completed"
    assert settings.CELERY_BEAT_SCHEDULE["advance-agreements"]["schedule"] == crontab(
        hour=0, minute=5
    )


# --- Long transactions: what the API tells harvesters ---------------------------------------------


def test_updated_since_tells_harvesters_to_overlap_and_the_overlap_finds_a_late_commit(client):
    world = build_world()
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    parameters = schema["paths"]["/api/v1/agreements/"]["get"]["parameters"]
    (described,) = [p["description"] for p in parameters if p["name"] == "updated_since"]
    assert "dikurangi 10 menit" in described and "menurut id-nya" in described
    assert timedelta(minutes=10) == apiviews.SETTLE
    # A harvest started at `harvested`; a transaction that began 4 minutes before it dated its
    # change then and committed after the harvest had read.
    harvested = timezone.now()
    for pk in world.expected["api:agreement-list"]:
        date_back(Agreement, pk, harvested - timedelta(days=1))
    date_back(Agreement, world.public_agreement.pk, harvested - timedelta(minutes=4))
    assert since(client, "api:agreement-list", harvested) == []
    assert since(client, "api:agreement-list", harvested - apiviews.SETTLE) == [
        world.public_agreement.pk
    ]


# --- If-Modified-Since: whole seconds against microseconds ---------------------------------------


def whole_second_ago(**delta):
    return (timezone.now() - timedelta(**delta)).replace(microsecond=0)


def test_the_exact_last_modified_sent_back_is_a_304_until_the_row_changes(client):
    world = build_world()
    pk = world.public_agreement.pk
    url = reverse("api:agreement-detail", args=[pk])
    second = whole_second_ago(hours=1)
    date_back(Agreement, pk, second + timedelta(microseconds=654321))
    first = client.get(url)
    assert first["Last-Modified"] == http_date(second.timestamp())
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304 and again.content == b""
    Agreement.objects.filter(pk=pk).update(title="Kerja Sama Berganti Judul")
    changed = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert changed.status_code == 200 and changed.json()["title"] == "Kerja Sama Berganti Judul"


def test_a_change_in_the_same_second_is_never_a_304(client):
    world = build_world()
    pk = world.public_agreement.pk
    url = reverse("api:agreement-detail", args=[pk])
    # Read while its second is not over (or a transaction may still commit a change dated in it).
    just_now = Agreement.objects.get(pk=pk).updated_at
    first = client.get(url)
    assert "Last-Modified" not in first and first["ETag"]
    # Changed again within that second; a harvester sends back that second's date anyway.
    Agreement.objects.filter(pk=pk).update(title="Judul Dalam Detik Yang Sama")
    date_back(Agreement, pk, just_now)
    sent = http_date(just_now.replace(microsecond=0).timestamp())
    again = client.get(url, headers={"if-modified-since": sent})
    assert again.status_code == 200 and again.json()["title"] == "Judul Dalam Detik Yang Sama"
    # The ETag tells the versions apart meanwhile.
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200
    # Nine minutes on, a row that changed then still carries none; past SETTLE it does.
    date_back(Agreement, pk, just_now - timedelta(minutes=9))
    assert "Last-Modified" not in client.get(url)
    date_back(Agreement, pk, just_now - apiviews.SETTLE - timedelta(seconds=1))
    assert client.get(url)["Last-Modified"]
