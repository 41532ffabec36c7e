"""notify_each: one event told to a set of people, each once, as they chose, in their language."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, OutboundEmail
from notifications.registry import Kind, Message, register_kind
from notifications.services import notify_each, preference_set
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

KIND = "tests.event"
MANDATORY = "tests.own_event"
register_kind(Kind(KIND, "An event in a test"))
register_kind(Kind(MANDATORY, "My own event in a test", mandatory=True))


def message(recipient):
    """The title says whom it is for (an account or a bare address) and in which language."""
    from django.utils.translation import get_language

    who = recipient if isinstance(recipient, str) else recipient.email
    return Message(title=f"{get_language()}: untuk {who}", body="Isi.", url="/kerja-sama/")


def tell(**kwargs):
    return notify_each(kind=KIND, message=message, template="reminder", **kwargs)


def test_each_person_hears_once_as_they_chose_in_their_own_language(
    django_capture_on_commit_callbacks,
):
    default = UserFactory(email="biasa@contoh.id")
    english = UserFactory(email="english@contoh.id", preferred_language="en")
    portal = UserFactory(email="portal@contoh.id")
    digest = UserFactory(email="ringkasan@contoh.id")
    off = UserFactory(email="mati@contoh.id")
    inactive = UserFactory(email="pensiun@contoh.id", is_active=False)
    actor = UserFactory(email="pelaku@contoh.id")
    preference_set(user=portal, kind=KIND, channel="portal")
    preference_set(user=digest, kind=KIND, channel="digest")
    preference_set(user=off, kind=KIND, channel="off")

    with django_capture_on_commit_callbacks(execute=True):
        told = tell(
            users=[default, english, portal, digest, off, inactive, actor, default],
            # A bare address; one that is an account's in other case; the actor's.
            addresses=[
                ("pic@contoh.id", "Budi"),
                (" Biasa@Contoh.id", "Biasa"),
                ("PELAKU@contoh.id", "Pelaku"),
            ],
            actor=actor,
        )

    bells = {n.user.email: n for n in Notification.objects.select_related("user")}
    assert sorted(bells) == [
        "biasa@contoh.id",
        "english@contoh.id",
        "portal@contoh.id",
        "ringkasan@contoh.id",
    ]
    assert bells["english@contoh.id"].title == "en: untuk english@contoh.id"
    assert bells["biasa@contoh.id"].title == "id: untuk biasa@contoh.id"
    assert bells["ringkasan@contoh.id"].digest and not bells["portal@contoh.id"].digest
    emails = {e.to: e for e in OutboundEmail.objects.all()}
    assert sorted(emails) == ["biasa@contoh.id", "english@contoh.id", "pic@contoh.id"]
    assert (emails["english@contoh.id"].language, emails["pic@contoh.id"].language) == ("en", "id")
    assert emails["pic@contoh.id"].subject == "id: untuk pic@contoh.id"
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(emails)
    assert ("email", "pic@contoh.id") in told and ("user", off.pk) in told

    # A second call for the same event with what the first one told reaches nobody again.
    before = OutboundEmail.objects.count(), Notification.objects.count()
    tell(users=[default, english], addresses=[("PIC@contoh.id", "Budi")], told=told)
    assert (OutboundEmail.objects.count(), Notification.objects.count()) == before


def test_a_mandatory_kind_turned_off_still_arrives():
    person = UserFactory()
    preference_set(user=person, kind=MANDATORY, channel="off")

    notify_each(kind=MANDATORY, message=message, template="reminder", users=[person])

    assert Notification.objects.filter(user=person, kind=MANDATORY).count() == 1
    assert OutboundEmail.objects.filter(to=person.email).count() == 1


def test_more_people_cost_one_query_per_email_and_none_per_bell():
    def queries(users):
        with CaptureQueriesContext(connection) as captured:
            tell(users=users)
        return len(captured)

    tell(users=[UserFactory()])  # what is looked up once and cached afterwards
    portal_only = [UserFactory() for _ in range(8)]
    for user in portal_only:
        preference_set(user=user, kind=KIND, channel="portal")
    few = queries([UserFactory() for _ in range(2)])
    many = queries(
        [UserFactory() for _ in range(2)] + portal_only + [UserFactory() for _ in range(3)]
    )

    # Three more e-mails, one query each; eight more bells, none.
    assert many - few == 3
