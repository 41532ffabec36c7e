"""The search page's own words work on the demo data (issue 17, search vocabulary): each example
of the empty page's hint finds something, and a kind's abbreviation, which every agreement's
result shows, finds every agreement of that kind."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from forums.rules import Visitor
from partnerships.models import Agreement
from sumut_mitra import search as site_search
from tests.factories import secretariat_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def counts(user, query):
    jump, groups = site_search.search(Visitor(user) if user else Visitor(), query)
    return jump, {group.kind.key: group.count for group in groups}


def test_every_example_of_the_empty_pages_hint_finds_something(demo, client):
    html = client.get(reverse("search"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    hint = re.search(r"Nama atau singkatan instansi[^<]*", html).group(0)
    examples = [each for each in re.findall(r"\(([^()]+)\)", hint) if "…" not in each]
    assert "Deli Serdang" in examples  # the place that found nothing
    for example in examples:
        jump, found = counts(None, example)
        assert jump or sum(found.values()) > 0, example


def test_a_kinds_abbreviation_finds_every_agreement_of_that_kind(demo):
    secretariat = secretariat_user()
    for query, kind in (("PKS", "pks"), ("KB", "kb"), ("MoU", "kb")):
        _jump, found = counts(secretariat, query)
        assert found["kerja-sama"] == Agreement.objects.filter(kind=kind).count() > 1, query
    # Written open or closed, Sumatra or Sumatera: the same results. (Agencies aside: no
    # agency's words have "kerja sama", and the typo pass takes "kerja" for Ketenagakerjaan.)
    closed, open_ = counts(secretariat, "kerjasama")[1], counts(secretariat, "kerja sama")[1]
    assert closed["kerja-sama"] == open_["kerja-sama"] > 1
    assert counts(None, "universitas sumatra utara") == counts(None, "universitas sumatera utara")
