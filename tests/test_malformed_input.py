"""No query string or form value, however malformed, makes the portal answer 5xx: a value that
is not what a view looks up by gets the same answer as an unknown one (issue 13)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Suspension
from tests.support.world import build_world
from trainings.models import Attendance

HUGE = str(10**30)  # past PostgreSQL's bigint, and past any page a list has


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


def test_ticking_a_registration_that_is_not_an_id_is_an_unknown_registration(staff, world):
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


def test_every_number_field_of_a_plain_form_says_how_large_it_may_be():
    """A plain form's IntegerField feeds a service that saves it: unbounded, a number past the
    column's range is a 500 instead of a form error. (A ModelForm's fields are bounded by their
    model's validators.)"""
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
                    form_field.max_value is not None and form_field.max_value <= BIGINT_MAX
                ):
                    unbounded.append(f"{app}.forms.{name}.{field_name}")
    assert unbounded == []
