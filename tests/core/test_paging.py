import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def page_links(number, pages=40):
    page = Paginator(range(pages * 20), 20).get_page(number)
    request = RequestFactory().get("/kerja-sama/", {"page": number, "status": "berlaku"})
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    current = re.search(r'aria-current="page"><span class="page-link">(\d+)<', html)
    linked = [int(n) for n in re.findall(r"page=(\d+)", html)]
    return int(current.group(1)), linked, html


def test_a_deep_page_shows_itself_and_its_neighbours_between_the_ends():
    current, linked, html = page_links(20)
    assert current == 20
    # Previous and next, the neighbours around the current page, and both ends.
    assert {19, 21, 17, 18, 22, 23, 1, 2, 39, 40} <= set(linked)
    assert 10 not in linked
    assert html.count("…") == 2
    # The filters stay in every link.
    assert all("status=berlaku" in href for href in re.findall(r'href="([^"]+)"', html))


def test_the_first_page_elides_only_towards_the_end():
    current, linked, html = page_links(1)
    assert current == 1
    assert {2, 3, 4, 39, 40} <= set(linked)
    assert html.count("…") == 1


def test_a_page_number_that_is_none_shows_the_first_page_and_past_the_end_the_last():
    from django.http import QueryDict

    from core.lists import page_number

    def page_of(text, pages=40):
        return Paginator(range(pages * 20), 20).get_page(page_number(QueryDict(f"page={text}")))

    assert page_of("3").number == 3
    for first in ["", "0", "-1", "-999", "abc", "%00", "1e3", "2.5", "+2"]:
        assert page_of(first).number == 1, first
    for last in ["41", "9223372036854775807", str(10**30)]:
        assert page_of(last).number == 40, last
    assert page_number(QueryDict("")) == 1
