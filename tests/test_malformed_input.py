"""No address, query string or form value, however malformed, makes the portal answer 5xx.

The walk is driven by the URL resolver, not by a list: every pattern of the project (the admin
site and static/media files aside) is requested with each of its path parameters replaced by a
NUL byte or, for numbers, by letters, 0 and a number past any database integer; its page is then
asked for with every known name in the query string at once, set to each hostile value, and
posted the same. The names come from the forms on the page itself (every input, select,
textarea and button name) and from the parameters views read directly (DIRECT_PARAMETERS), so a
new URL or a new form field is covered without touching this file. Where such a query is
answered differently from the plain page (a 404 for an unknown reply, say), one refused name may
hide another behind it, so each name is then also sent on its own. Valid values for the other
parameters come from the permission matrix's entry for the URL (which every URL must have), so
the hostile value reaches the view.

Each request runs in a savepoint that is rolled back, with the client's cookies put back after
it, so a POST that changes something (a logout, a removal) leaves the world as it was for the
next one.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from django.views.static import serve

from forums.models import Suspension
from tests.support.world import build_world
from tests.test_permission_matrix import MATRIX
from trainings.models import Attendance

HUGE = str(10**30)  # past PostgreSQL's bigint, and past any page a list has
NUL = "%00"
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# Parameters views read straight from the query string or the body, beside the fields of the
# forms on their pages (which are found on the page itself).
DIRECT_PARAMETERS = [
    "page",
    "q",
    "kode",
    "forum",
    "kerja_sama",
    "pelatihan",
    "balasan",
    "dokumen",
    "period",
    "urut",
    "unduh",
    "check",
    "detail",
    "next",
    "registration",
    "code",
    "language",
    "username",
    "add_party",
]
# Every known name at once, with each of these values (issue 13 found ?page=-1, ?page=10**30,
# ?kode=%00, ?forum=%00, ?balasan=abc, ?dokumen=abc, ?period=abc from the outside); "ab%00cd" is
# long enough to be searched for.
HOSTILE_VALUES = [NUL, f"ab{NUL}cd", "abc", HUGE, "-1"]
# (A negative number posted is a form error of a bounded field: see the last test below.)
POSTED_VALUES = ["\x00", "ab\x00cd", "abc", HUGE]
# A name sent on its own, where sending them all at once changed the answer.
SINGLE_VALUES = [NUL, "abc"]
# /healthz/ reports a stopped worker or broker with 503 by design (tests/sumut_mitra/test_health).
OWN_5XX = {"healthz": {503}}
LOGIN = reverse("accounts:login")


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # the full route, e.g. "forum/aspirasi/<tracking:code>/"
    converters: dict = field(hash=False)

    def path(self, values):
        """The raw path with `values` (already URL-encoded) put in for the parameters."""
        return "/" + PARAMETER.sub(lambda match: values[match["name"]], self.route)

    @property
    def parameters(self):
        return [match["name"] for match in PARAMETER.finditer(self.route)]


def project_routes(patterns=None, prefix="", namespace=None, converters=None):
    """Every URL pattern of the project, through every include, but the admin site's (which
    guards its own pages) and the static/media file server."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from project_routes(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                inner,
                {**(converters or {}), **getattr(pattern.pattern, "converters", {})},
            )
        elif isinstance(pattern, URLPattern):
            if pattern.callback is serve:
                continue
            assert isinstance(pattern.pattern, RoutePattern), (
                f"{pattern.pattern} is a regular expression: give it a path() with converters"
            )
            yield Route(
                name=f"{namespace}:{pattern.name}" if namespace else pattern.name,
                route=prefix + str(pattern.pattern),
                converters={**(converters or {}), **pattern.pattern.converters},
            )


# Tried in turn for a parameter the matrix gives no value for: the first its converter takes.
FALLBACK_VALUES = ["1", "contoh", "KS-2026-00001", "PL-2026-00001", "SM-2026-000001"]


def valid_values(route, world):
    entry = MATRIX.get(route.name)
    kwargs = entry[0](world) if entry and entry[0] else {}
    values = {}
    for name in route.parameters:
        converter = route.converters[name]
        if name in kwargs:
            values[name] = quote(converter.to_url(kwargs[name]), safe="")
            continue
        regex = re.compile(f"(?:{converter.regex})")
        values[name] = next((value for value in FALLBACK_VALUES if regex.fullmatch(value)), None)
        assert values[name], f"{route.name}: give <{name}> an entry in the permission matrix"
    return values


def hostile_path_values(valid):
    values = [f"{valid[:1]}{NUL}{valid[1:]}", f"{valid}{NUL}", NUL]
    if valid.isdigit():
        values += ["abc", HUGE, "0"]
    return values


class FieldNames(HTMLParser):
    """The names of every form control on a page."""

    def __init__(self):
        super().__init__()
        self.names = set()

    def handle_starttag(self, tag, attrs):
        if tag in {"input", "select", "textarea", "button"}:
            name = dict(attrs).get("name")
            if name and name != "csrfmiddlewaretoken":
                self.names.add(name)


def field_names(response):
    if not response.get("Content-Type", "").startswith("text/html"):
        return set()
    parser = FieldNames()
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser.names


def query(names, value):
    return "&".join(f"{quote(name)}={value}" for name in sorted(names))


class Walker:
    def __init__(self, client):
        self.client = client
        self.failures = []
        self.requests = 0

    def send(self, route, method, path, data=None):
        cookies = SimpleCookie()
        cookies.load(self.client.cookies.output(header="", sep=";"))
        with transaction.atomic():
            if method == "get":
                response = self.client.get(path)
            else:
                response = self.client.post(path, data or {})
            transaction.set_rollback(True)
        self.client.cookies = cookies
        self.requests += 1
        if response.status_code >= 500 and response.status_code not in OWN_5XX.get(
            route.name, set()
        ):
            error = ""
            if getattr(response, "exc_info", None):
                error = f" {response.exc_info[0].__name__}: {response.exc_info[1]}"[:200]
            sent = f" with {len(data)} fields = {next(iter(data.values()))!r}" if data else ""
            self.failures.append(
                f"{method.upper()} {path}{sent} ({route.name}): {response.status_code}{error}"
            )
        return response

    def walk(self, route, world):
        valid = valid_values(route, world)
        for name in route.parameters:
            for index, value in enumerate(hostile_path_values(valid[name])):
                path = route.path({**valid, name: value})
                self.send(route, "get", path)
                if index == 0:  # and once by POST, for the views that answer only that
                    self.send(route, "post", path)
        path = route.path(valid)
        page = self.send(route, "get", path)
        names = field_names(page) | set(DIRECT_PARAMETERS)
        if page.status_code != 405 and not (
            page.status_code == 302 and page["Location"].startswith(LOGIN)
        ):
            answers = {
                self.send(route, "get", f"{path}?{query(names, value)}").status_code
                for value in HOSTILE_VALUES
            }
            if answers != {page.status_code}:
                for name in sorted(names):
                    for value in SINGLE_VALUES:
                        self.send(route, "get", f"{path}?{query([name], value)}")
        for value in POSTED_VALUES:
            response = self.send(route, "post", path, dict.fromkeys(sorted(names), value))
            if response.status_code == 405 or (
                response.status_code == 302 and response["Location"].startswith(LOGIN)
            ):
                break


def test_the_walk_sees_every_url_of_the_project():
    """The permission matrix names every URL the resolver has (its own test says so): the walk
    finds them all from the resolver, but the admin site and the media files."""
    names = [route.name for route in project_routes()]
    assert len(names) == len(set(names))
    assert set(names) == set(MATRIX) - {"admin:index", "media"}


@pytest.fixture
def world(db):
    return build_world()


def staff_with_every_right(world):
    """The admin of the agency the world's agreement, training and submission belong to, in
    the secretariat as well: one walk reaches the agency's pages and the secretariat's."""
    from django.contrib.auth.models import Group

    from agencies.rules import SECRETARIAT_GROUP

    user = world.users["admin"]
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_no_malformed_request_gets_a_server_error(world, role):
    client = Client(raise_request_exception=False)
    if role == "staff":
        client.force_login(staff_with_every_right(world))
    walker = Walker(client)
    for route in project_routes():
        walker.walk(route, world)
    assert walker.requests > 1000
    assert walker.failures == [], f"as {role}:\n" + "\n".join(walker.failures)


# --- What a malformed value answers: the same as an unknown one ---------------------------------


@pytest.fixture
def staff(client, world):
    client.force_login(staff_with_every_right(world))
    return client


def test_a_reply_to_report_that_is_not_an_id_is_an_unknown_reply(client, world):
    report = reverse("forums:report", args=[world.submission.tracking_code])
    assert client.get(report, {"balasan": world.reply.pk}).status_code == 200
    for value in ["abc", "0", "-1", HUGE, "1\x00"]:
        assert client.get(report, {"balasan": value}).status_code == 404, value


def test_a_new_version_of_a_document_that_is_not_an_id_is_an_unknown_document(staff, world):
    upload = reverse("partnerships:document_upload", args=[world.agreement.reference])
    assert staff.get(upload, {"dokumen": world.document.document.pk}).status_code == 200
    for value in ["abc", HUGE, "\x00"]:
        assert staff.get(upload, {"dokumen": value}).status_code == 404, value


def test_a_returned_report_to_resend_that_is_not_an_id_gives_the_empty_form(staff, world):
    form = staff.get(
        reverse("partnerships:monev_submit", args=[world.agreement.reference]), {"period": "abc"}
    )
    assert form.status_code == 200
    assert form.context["form"].initial["year"] == timezone.localdate().year


def test_ticking_a_registration_that_is_not_an_id_is_an_unknown_registration(
    staff, world, settings
):
    settings.CHECKIN_OPENS_MINUTES = 3 * 24 * 60  # the world's training starts tomorrow
    session = world.training.sessions.first()
    checkin = reverse("trainings:checkin", args=[world.training.reference, session.pk])
    for value in ["abc", "\x00", HUGE]:
        assert staff.post(checkin, {"registration": value}).status_code == 404, value
    assert not Attendance.objects.exists()
    assert staff.post(checkin, {"registration": world.registration.pk}).status_code == 302
    assert Attendance.objects.get().registration == world.registration


def test_a_forum_to_write_in_that_is_malformed_is_an_unknown_forum(client, world):
    submit = reverse("forums:submit")
    assert client.get(submit, {"forum": world.forum.slug}).status_code == 200
    assert client.get(submit, {"forum": "tidak-ada"}).status_code == 404
    for params in [
        {"forum": "\x00"},
        {"forum": f"{world.forum.slug}\x00"},
        {"kerja_sama": f"{world.agreement.reference}\x00"},
        {"pelatihan": "PL\x00"},
    ]:
        assert client.get(submit, params).status_code == 404, params


def test_a_certificate_code_with_a_nul_byte_is_an_unknown_code(client, world):
    verify = reverse("trainings:verify")
    found = client.get(verify, {"kode": world.certificate.code.lower()})
    assert found.context["certificate"] == world.certificate
    for value in ["\x00", f"{world.certificate.code}\x00", "x" * 500]:
        answer = client.get(verify, {"kode": value})
        assert answer.status_code == 200
        assert answer.context["certificate"] is None
        assert "\x00" not in answer.context["code"]


def test_an_agency_filter_with_a_nul_byte_lists_without_the_filter(client, world):
    listed = client.get(reverse("partnerships:list"), {"party": "pemilik\x00"})
    assert listed.status_code == 200
    assert listed.context["form"].errors["party"]
    assert world.agreement in listed.context["page"].object_list
    suggestions = client.get(reverse("agencies:suggest"), {"q": "Pemi\x00lik"})
    assert (suggestions.status_code, list(suggestions.context["agencies"])) == (200, [])
    assert list(
        client.get(reverse("agencies:suggest"), {"party": "Pemilik"}).context["agencies"]
    ) == [world.agency]


def test_an_ordering_nobody_offers_is_the_default_one(staff, world):
    for name in ["agencies:directory", "partnerships:manage"]:
        assert staff.get(reverse(name), {"urut": "pk\x00"}).status_code == 200


def test_numbers_past_what_the_database_holds_are_form_errors(staff, world):
    party = world.agreement.parties.get(agency=world.agency)
    contribution = staff.post(
        reverse("partnerships:contribution_add", args=[world.agreement.reference]),
        {"party": party.pk, "source": "apbd", "form": "cash", "planned": HUGE, "realised": "0"},
    )
    assert contribution.status_code == 200
    assert contribution.context["form"].errors["planned"]
    suspend = staff.post(
        reverse("forums:suspend", args=[world.users["resident"].pk]),
        {"reason": "Spam.", "days": "100000000"},
    )
    assert suspend.status_code == 200
    assert suspend.context["form"].errors["days"]
    assert not Suspension.objects.exists()


def test_a_forged_row_count_builds_no_more_rows_than_a_form_may_have(staff, world):
    from trainings.forms import MAX_SESSIONS

    edit = reverse("trainings:edit", args=[world.training.reference])
    page = staff.post(edit, {"sesi-TOTAL_FORMS": HUGE, "sesi-INITIAL_FORMS": "0"})
    assert page.status_code == 200
    assert len(page.context["sessions"].forms) == MAX_SESSIONS
    assert page.context["sessions"].non_form_errors()
    create = staff.post(
        reverse("partnerships:create"),
        {"add_party": "1", "parties-TOTAL_FORMS": HUGE, "parties-INITIAL_FORMS": "0"},
    )
    assert create.status_code == 200
    assert len(create.context["parties"].forms) == 10
    forged = staff.post(
        reverse("partnerships:create"),
        {"add_party": "1", "parties-TOTAL_FORMS": "abc", "parties-INITIAL_FORMS": "0"},
    )
    assert forged.status_code == 200
    assert forged.context["parties"].non_form_errors()


def test_every_number_field_of_a_plain_form_says_how_small_and_large_it_may_be():
    """A plain form's IntegerField feeds a service that saves it: unbounded, a number past the
    column's range (or below a positive column's 0) is a 500 instead of a form error. (A
    ModelForm's fields are bounded by their model's validators.)"""
    import importlib

    from django import forms

    from core.forms import BIGINT_MAX

    unbounded = []
    for app in ["accounts", "agencies", "partnerships", "trainings", "forums", "notifications"]:
        module = importlib.import_module(f"{app}.forms")
        for name, form in vars(module).items():
            if not (isinstance(form, type) and issubclass(form, forms.Form)):
                continue
            for field_name, form_field in form.base_fields.items():
                if isinstance(form_field, forms.IntegerField) and not (
                    form_field.min_value is not None
                    and form_field.max_value is not None
                    and -BIGINT_MAX <= form_field.min_value <= form_field.max_value <= BIGINT_MAX
                ):
                    unbounded.append(f"{app}.forms.{name}.{field_name}")
    assert unbounded == []
