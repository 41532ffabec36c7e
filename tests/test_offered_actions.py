"""No page offers a person a link they may not follow. The permission matrix says what each
role may open; this test reads every page a role may open, follows every link on it within the
portal, and fails on a 403: an action a role cannot take must not be offered to it (seen: a
viewer was shown "Susun draf kerja sama" and got 403)."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.support.world import ROLES, build_world
from tests.test_permission_matrix import MATRIX

SKIPPED = ("/admin/", "/static/", "/media/", "/akun/keluar/", "/i18n/")
# Pages every role opens (the matrix says 200 for each): they ask no permission, so one link to
# each is followed (the statistics link all 33 regencies' pages and 17 tables; each cost 0.3 s).
OPEN_TO_ALL = {
    name
    for name, (_kwargs, expected) in MATRIX.items()
    if all(expected[role] == 200 for role in ROLES)
}
HREF = re.compile(r'<a\s[^>]*href="([^"#]+)[^"]*"', re.IGNORECASE)


def links_on(html):
    for href in HREF.findall(html):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # elsewhere
        if parts.path.startswith(SKIPPED):
            continue
        yield parts.path  # the same path with other query strings asks the same permission


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_no_page_offers_a_link_its_reader_may_not_follow(client, role):
    world = build_world()
    client.force_login(world.users[role])
    offered = {}
    for name, (kwargs, expected) in sorted(MATRIX.items()):
        allowed = expected[role] if isinstance(expected[role], set) else {expected[role]}
        if 200 not in allowed or name.startswith("admin"):
            continue
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in links_on(response.content.decode()):
            offered.setdefault(link, url)
    refused, followed = [], set()
    for link, page in sorted(offered.items()):
        try:
            name = resolve(link).view_name
        except Resolver404:
            name = None  # asked for all the same: a 404, not a refusal
        if name in OPEN_TO_ALL:
            if name in followed:
                continue
            followed.add(name)
        status = client.get(link).status_code
        if status == 403:
            refused.append(f"{page} offers {link}")
    assert refused == [], f"as {role}"
