"""No word is cut in the middle at the screen widths people use ("Pendaftara n", "Kabupaten/kot
a" were): on the demo data, every public page and a resident's and a staff member's own pages
are read at phone, tablet and desktop widths, and each word of four letters or more is checked
to sit on one line."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from forums.models import Submission
from partnerships.models import Agreement
from tests.conftest import log_in
from trainings.models import Training

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 390, 768, 1024, 1280]

# Each run of letters (a word, or the part of "Kabupaten/kota" or "e-mail" between its signs)
# whose boxes lie on more than one line.
CUT_WORDS = r"""
() => {
  const cut = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest("script, style, .visually-hidden, .post-body")) continue;
    if (!element.getClientRects().length) continue;  // not shown
    for (const match of node.textContent.matchAll(/\p{L}{4,}/gu)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.top)));
      if (lines.size > 1) cut.push(`${element.tagName.toLowerCase()}: ${match[0]}`);
    }
  }
  return cut;
}
"""


def pages():
    training = Training.objects.filter(status="published", audience="public").first()
    submission = Submission.objects.filter(status="answered", privacy="public").first()
    agreement = Agreement.objects.filter(visibility="public", status="in_force").first()
    agency = agreement.parties.first().agency
    public = [
        "/",
        "/instansi/",
        agency.get_absolute_url(),
        "/kerja-sama/",
        agreement.get_public_url(),
        "/pelatihan/",
        training.get_absolute_url(),
        "/pelatihan/sertifikat/cek/",
        "/forum/",
        "/forum/kirim/",
        submission.get_absolute_url(),
        "/forum/lacak/",
        "/istilah/",
        "/data/",
        "/data/wilayah/12.71/",
    ]
    return public, agreement, training


@pytest.fixture
def demo():
    with override_settings(DEBUG=True):  # seed_demo refuses to run otherwise
        call_command("seed_demo", stdout=io.StringIO())


def cut_words(browser, live_server, paths, user=None):
    found = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        if user is not None:
            log_in(context, live_server, user)
        page = context.new_page()
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            for word in page.evaluate(CUT_WORDS):
                found.setdefault(f"{path} at {width}px", []).append(word)
        context.close()
    return found


def test_no_word_is_cut_on_the_public_pages(browser, live_server, demo):
    public, _agreement, _training = pages()
    assert cut_words(browser, live_server, public) == {}


def test_no_word_is_cut_on_a_residents_or_a_staff_members_pages(browser, live_server, demo):
    _public, _agreement, training = pages()
    resident = User.objects.get(email="warga@sumutmitra.test")
    registered = resident.training_registrations.select_related("training").first().training
    mine = [
        reverse("trainings:mine"),
        reverse("trainings:registration", args=[registered.reference]),
        reverse("accounts:profile"),
        reverse("notifications:preferences"),
    ]
    assert cut_words(browser, live_server, mine, resident) == {}
    lead = training.organiser_rows.get(is_lead=True).agency
    staff = lead.memberships.filter(role__in=["admin", "editor"]).first().user
    agreement = Agreement.objects.filter(parties__agency=lead).first()
    own = [
        agreement.get_absolute_url(),
        reverse("partnerships:manage"),
        reverse("trainings:manage"),
        reverse("trainings:manage_detail", args=[training.reference]),
        reverse("trainings:registrations", args=[training.reference]),
    ]
    for path in own:  # each of them the staff member's own, not a page that says "not found"
        assert status_for(staff, path) == 200, path
    assert cut_words(browser, live_server, own, staff) == {}


def status_for(user, path):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(path).status_code
