"""The lists' filter form, drawn without crispy-forms (templates/includes/filter_field.html)."""

import re

import pytest
from django import forms as django_forms
from django.urls import reverse

from agencies.forms import SectorRegencyFilterForm
from agencies.models import Sector
from core.forms import QuickSelect

pytestmark = pytest.mark.django_db


def test_filters_keep_labels_choices_errors_and_help_text_linked(client):
    html = client.get(
        reverse("partnerships:list"), {"status": "entah", "q": "las"}
    ).content.decode()
    form = html[html.index('id="filters"') :]
    form = form[: form.index("</form>")]
    # Every control has its label.
    for control_id in re.findall(r'<(?:input|select)[^>]* id="(id_[a-z_]+)"', form):
        assert f'for="{control_id}"' in form, control_id
    assert 'value="las"' in form
    # A bad value is marked, described and explained, and the rest of the filters stay.
    select = re.search(r'<select name="status"[^>]*>', form).group(0)
    assert 'class="form-select is-invalid"' in select
    assert 'aria-invalid="true"' in select and 'aria-describedby="id_status_error"' in select
    assert '<div id="id_status_error" class="invalid-feedback">' in form
    # Help text is tied to its box.
    assert 'aria-describedby="id_party_helptext"' in form
    assert '<div id="id_party_helptext" class="form-text">' in form
    assert 'class="form-control"' in re.search(r'<input type="text" name="q"[^>]*>', form).group(0)


def test_staff_filters_draw_their_checkboxes(client, django_user_model):
    from tests.factories import MembershipFactory

    member = MembershipFactory(agency__status="verified")
    client.force_login(member.user)
    html = client.get(reverse("partnerships:manage"), {"late_milestones": "on"}).content.decode()
    box = re.search(r'<input type="checkbox" name="late_milestones"[^>]*>', html).group(0)
    assert 'class="form-check-input"' in box and "checked" in box
    assert '<label for="id_late_milestones" class="form-check-label">' in html


# --- QuickSelect ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"regency": "12.71"},
        {"sector": "perindustrian", "regency": "12.07"},
        {"regency": "99.99"},
    ],
)
def test_the_quick_select_draws_the_very_html_of_django_s_select(data):
    """The lists' regency and sector filters: the same markup as Django's template-drawn
    select (the chosen option, the empty one, an error's aria attributes), names escaped."""

    Sector.objects.filter(slug="perindustrian").update(name='Perindustrian & "Dagang" <b>')
    quick = SectorRegencyFilterForm(data, prefix=None)
    plain = SectorRegencyFilterForm(data, prefix=None)
    for name in ("sector", "regency"):
        field = plain.fields[name]
        field.widget = django_forms.Select(attrs=field.widget.attrs)
        field.widget.choices = field.choices
        assert isinstance(quick.fields[name].widget, QuickSelect)
    quick.is_valid(), plain.is_valid()
    for name in ("sector", "regency"):
        assert str(quick[name]) == str(plain[name])
    assert "&lt;b&gt;" in str(quick["sector"]) and "<b>" not in str(quick["sector"])
    if data.get("regency") == "99.99":
        assert 'aria-invalid="true"' in str(quick["regency"])
    elif data.get("regency"):
        assert f'value="{data["regency"]}" selected' in str(quick["regency"])
