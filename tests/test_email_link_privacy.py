"""No link the portal e-mails carries the recipient's address or name readably (a signed value
is base64 anyone can read): the account e-mails and the training registration e-mails, swept
as a whole. The forum's links have their own tests (tests/forums/test_email_links.py)."""

import pytest

from accounts import services as accounts
from accounts.models import User
from notifications.models import OutboundEmail
from tests.factories import TrainingFactory, UserFactory
from tests.support.links import assert_names_nobody, emailed_urls
from trainings import services as trainings

pytestmark = pytest.mark.django_db
NAME = "Rina Siregar"
EMAIL = "rina.siregar@contoh.id"


def test_the_account_e_mails_links_name_nobody(eager_tasks):
    accounts.user_register(email=EMAIL, full_name=NAME, password="Ulos-Tenun-7x", language="id")
    # Someone signs up again with the pending address: its owner gets a set-password link.
    User.objects.filter(email=EMAIL).update(verification_sent_at=None)
    accounts.user_register(
        email=EMAIL, full_name="Orang Lain", password="Ulos-Tenun-8y", language="id"
    )
    links = {url for url in emailed_urls() if "/akun/" in url}
    assert {"verifikasi", "atur-ulang"} <= {url.split("/akun/")[1].split("/")[0] for url in links}
    assert_names_nobody(links, EMAIL, "rina.siregar", NAME)


def test_the_training_registration_e_mails_links_name_nobody(eager_tasks):
    user = UserFactory(full_name=NAME, email=EMAIL)
    trainings.registration_create(training=TrainingFactory(), user=user)
    assert OutboundEmail.objects.filter(to=EMAIL).exists()
    assert_names_nobody(emailed_urls(), EMAIL, "rina.siregar", NAME)
