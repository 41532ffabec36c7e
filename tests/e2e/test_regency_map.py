"""The regency map in a browser, on a phone: it fits the screen at its own proportions, each
area is reached with the Tab key and shows where the focus is, Enter follows its link, and axe
and the Content Security Policy find nothing. The portal has no page with the map yet, so this
test serves one of its own (the `urls` marker: the portal's URLs and one more)."""

import pytest
from django.shortcuts import render
from django.urls import path
from django.utils.formats import number_format
from django.utils.translation import ngettext
from playwright.sync_api import expect

from agencies.models import Regency
from agencies.regency_map import regency_map
from sumut_mitra.urls import urlpatterns as portal
from tests.e2e.support import open_tab

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(__name__),
]


def map_page(request):
    figure = regency_map(
        {"12.71": 1250, "12.75": 3, "12.17": 1, "12.08": 7},
        regencies=Regency.objects.all(),
        url_for=lambda regency: f"/data/wilayah/{regency.code}/",
        title="Kerja sama per kabupaten/kota",
        metric_label=lambda count: (
            ngettext("%(counter)s agreement", "%(counter)s agreements", count)
            % {"counter": number_format(count, force_grouping=True)}
        ),
        selected="12.17",
    )
    return render(request, "e2e_regency_map.html", {"map": figure})


urlpatterns = [path("peta-uji/", map_page), *portal]


@pytest.fixture(autouse=True)
def page_template(settings, tmp_path):
    (tmp_path / "e2e_regency_map.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Peta</h1>'
        '{% include "includes/regency_map.html" %}{% endblock %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]


def test_the_map_on_a_phone_by_keyboard(browser, live_server):
    tab = open_tab(browser, live_server, viewport={"width": 360, "height": 800})
    page = tab.goto(live_server, "/peta-uji/")

    svg = page.locator("svg.regency-map-svg")
    box = svg.bounding_box()
    assert 300 <= box["width"] <= 360
    assert box["height"] == pytest.approx(box["width"] * 874 / 600, abs=2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    expect(svg.locator("a")).to_have_count(33)
    expect(page.locator("figcaption")).to_have_text("Batas wilayah bukan rujukan hukum")
    expect(page.locator(".regency-map-legend li")).to_have_text(
        ["0", "1", "2–3", "4–7", "8–1.250", "Kabupaten Samosir"]
    )

    for _ in range(100):  # through the skip link, the menu and the heading, to the map
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('svg')"):
            break
    first = svg.locator("a").first
    expect(first).to_be_focused()
    expect(first).to_have_accessible_name("Kabupaten Tapanuli Tengah: 0 kerja sama")
    assert first.evaluate("a => getComputedStyle(a).outlineStyle") == "solid"
    assert first.locator("path").evaluate("p => getComputedStyle(p).strokeWidth") == "3px"
    page.keyboard.press("Tab")
    expect(svg.locator("a").nth(1)).to_be_focused()
    expect(svg.locator("a").nth(1)).to_have_accessible_name(
        "Kabupaten Tapanuli Utara: 0 kerja sama"
    )
    medan = svg.locator('a[href="/data/wilayah/12.71/"]')
    expect(medan).to_have_accessible_name("Kota Medan: 1.250 kerja sama")

    tab.check_page()  # axe, and no CSP violation in the console

    medan.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/data/wilayah/12.71/")
