"""A forum attached to an agreement or a training is public only while its parent is: input
and meetings in it are on no public page, feed, export, count or search once the agreement is
internal (or the training is for agency staff), and their pages are a 404 for everyone else.
A cancelled meeting is in no list or search; its page, in a public forum, says it is off."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.enums import MemberRole
from forums import rules, selectors, services
from forums.enums import Privacy
from forums.exports import public_dataset
from forums.models import Meeting, Rsvp
from forums.placement import forum_for_agreement, forum_for_training
from forums.views import PublicFeed
from partnerships.models import Agreement
from tests.factories import AgreementFactory, MembershipFactory, TrainingFactory, UserFactory
from trainings.models import Training

from .conftest import submit, visitor_of

pytestmark = pytest.mark.django_db
TITLE = "Limbah pabrik kelapa sawit mencemari sungai"


def shown_publicly(submission):
    """Where the public could meet `submission`: each place, as seen by a stranger."""
    stranger = visitor_of()
    return {
        "rules": rules.public_submissions().filter(pk=submission.pk).exists(),
        "published": rules.is_published(submission),
        "can_view": rules.can_view(stranger, submission),
        "list": selectors.submission_public_list().filter(pk=submission.pk).exists(),
        "forum list": selectors.submission_public_list(forum=submission.forum)
        .filter(pk=submission.pk)
        .exists(),
        "visible": rules.visible_submissions(stranger).filter(pk=submission.pk).exists(),
        "search": any(
            row.pk == submission.pk
            for row in selectors.submission_search_for_user(stranger, "limbah sawit")
        ),
        "feed": any(item.pk == submission.pk for item in PublicFeed().items()),
        "csv": submission.tracking_code
        in public_dataset(selectors.submission_public_list()).export("csv"),
        "api list": any(
            row["id"] == submission.pk
            for row in Client()
            .get(reverse("api:submission-list"), {"page_size": 100})
            .json()["results"]
        ),
        "api detail": Client()
        .get(reverse("api:submission-detail", kwargs={"pk": submission.pk}))
        .status_code
        == 200,
    }


def published_in(world, forum, **fields):
    """Input in `forum`, verified by the secretariat (on the public pages while `forum` is)."""
    submission = submit(forum, **fields)
    return services.submission_verify(submission=submission, by=world.secretariat)


def agreement_forum_input(world, **fields):
    agreement = AgreementFactory(parties=[world.agency], title="PKS Pengelolaan DAS Deli")
    submission = published_in(
        world, forum_for_agreement(agreement), title=TITLE, privacy=Privacy.ANONYMOUS
    )
    return agreement, submission


def test_input_on_an_agreement_forum_is_public_only_while_the_agreement_is(world):
    agreement, submission = agreement_forum_input(world)
    assert all(shown_publicly(submission).values())  # the test sees what it should

    Agreement.objects.filter(pk=agreement.pk).update(visibility="internal")
    submission = type(submission).objects.get(pk=submission.pk)
    assert not any(shown_publicly(submission).values()), shown_publicly(submission)
    page = Client().get(submission.get_absolute_url())
    assert page.status_code == 404 and TITLE not in page.content.decode()
    portal = Client().get(reverse("search"), {"q": "limbah sawit"}).content.decode()
    assert TITLE not in portal and submission.tracking_code not in portal

    # Who handles it still does: the secretariat and the assigned agency, and its sender.
    assert rules.can_view(world.secretariat, submission)
    assert rules.visible_submissions(world.secretariat).filter(pk=submission.pk).exists()


def test_a_draft_agreement_hides_its_forum_input_too(world):
    agreement, submission = agreement_forum_input(world)
    Agreement.objects.filter(pk=agreement.pk).update(status="draft")
    submission = type(submission).objects.get(pk=submission.pk)
    assert not any(shown_publicly(submission).values())


def test_input_on_a_staff_training_forum_is_not_public(world):
    training = TrainingFactory(title="Pelatihan Internal Pengelolaan Limbah")
    submission = published_in(world, forum_for_training(training), title=TITLE)
    assert all(shown_publicly(submission).values())

    Training.objects.filter(pk=training.pk).update(audience="staff")
    submission = type(submission).objects.get(pk=submission.pk)
    assert not any(shown_publicly(submission).values())
    assert Client().get(submission.get_absolute_url()).status_code == 404


def test_input_on_a_hidden_parent_cannot_be_supported_or_followed_by_others(world):
    agreement, submission = agreement_forum_input(world)
    Agreement.objects.filter(pk=agreement.pk).update(visibility="internal")
    submission = type(submission).objects.get(pk=submission.pk)
    with pytest.raises(ValidationError):
        services.support_add(submission=submission, user=UserFactory())
    with pytest.raises(ValidationError):
        services.support_request_by_email(submission=submission, email="rina@contoh.id")
    with pytest.raises(ValidationError):
        services.follow_toggle(submission=submission, user=UserFactory())


def test_the_area_counts_and_the_agency_record_leave_hidden_parents_out(world):
    agreement, submission = agreement_forum_input(world)
    services.submission_forward(submission=submission, by=world.secretariat, agency=world.agency)
    services.submission_answer(
        submission=type(submission).objects.get(pk=submission.pk),
        by=world.editor,
        body="Tim sudah turun ke lokasi.",
    )
    assert selectors.agency_answer_record(world.agency)["answered"] == 1
    Agreement.objects.filter(pk=agreement.pk).update(visibility="internal")
    assert selectors.agency_answer_record(world.agency)["answered"] == 0


# --- Meetings -------------------------------------------------------------------------------------


def meeting(forum, **fields):
    start = timezone.now() + timedelta(days=4)
    values = {
        "title": "Diskusi Publik Pencemaran Sungai Deli",
        "agenda": "Mendengar warga bantaran sungai.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Aula Kantor Camat Medan Maimun",
    }
    values.update(fields)
    return Meeting.objects.create(forum=forum, **values)


def meeting_is_listed(item):
    stranger = Client()
    index = stranger.get(reverse("forums:index")).content.decode()
    found = selectors.meeting_search_for_user(visitor_of().user, "pencemaran sungai")
    return {
        "public_meetings": rules.public_meetings().filter(pk=item.pk).exists(),
        "upcoming": selectors.upcoming_meetings().filter(pk=item.pk).exists(),
        "index": reverse("forums:meeting", args=[item.pk]) in index,
        "search": any(row.pk == item.pk for row in found),
    }


def test_a_meeting_of_a_hidden_agreement_forum_is_nowhere_public(world):
    agreement = AgreementFactory(parties=[world.agency])
    item = meeting(forum_for_agreement(agreement))
    assert all(meeting_is_listed(item).values())
    assert Client().get(reverse("forums:meeting", args=[item.pk])).status_code == 200

    Agreement.objects.filter(pk=agreement.pk).update(visibility="internal")
    assert not any(meeting_is_listed(item).values())
    page = Client().get(reverse("forums:meeting", args=[item.pk]))
    assert page.status_code == 404 and item.place not in page.content.decode()
    resident = UserFactory()
    browser = Client()
    browser.force_login(resident)
    assert browser.post(reverse("forums:rsvp", args=[item.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.rsvp_toggle(meeting=Meeting.objects.get(pk=item.pk), user=resident)
    assert not Rsvp.objects.exists()
    # The agreement's own people, who announce meetings in its forum, still open it.
    party_editor = MembershipFactory(agency=world.agency, role=MemberRole.EDITOR).user
    browser.force_login(party_editor)
    assert item.place in browser.get(reverse("forums:meeting", args=[item.pk])).content.decode()


def test_a_cancelled_meeting_is_in_no_list_and_its_page_says_it_is_off(world):
    item = meeting(world.forum)
    assert all(meeting_is_listed(item).values())
    Meeting.objects.filter(pk=item.pk).update(cancelled=True)

    assert not any(meeting_is_listed(item).values())
    page = Client().get(reverse("forums:meeting", args=[item.pk])).content.decode()
    assert "dibatalkan" in page
    resident = UserFactory()
    browser = Client()
    browser.force_login(resident)
    page = browser.get(reverse("forums:meeting", args=[item.pk])).content.decode()
    assert reverse("forums:rsvp", args=[item.pk]) not in page
    with pytest.raises(ValidationError):
        services.rsvp_toggle(meeting=Meeting.objects.get(pk=item.pk), user=resident)
