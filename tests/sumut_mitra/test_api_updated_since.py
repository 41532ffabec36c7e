"""What moves `updated_at` beyond a row's own columns and related rows it shows (those are in
test_api_public.py): the parent that decides whether a row is public at all, the clock that
expires an agreement, and what If-Modified-Since may answer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum, Meeting, Submission
from partnerships.models import Agreement
from tests.factories import SubmissionFactory, TrainingFactory
from tests.sumut_mitra.test_api_public import build_world, ids, since
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
