"""templates/django/forms/widgets/select.html writes each option inline (an include per option was
most of a filter form's cost); what it renders must be exactly Django's markup."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates

from agencies.forms import DirectoryFilterForm


class Choices(forms.Form):
    single = forms.ChoiceField(
        choices=[("", "Semua"), ("x", 'X & <Y> "z"'), ("Grup", [("g1", "G1"), ("g2", "G2")])]
    )
    several = forms.MultipleChoiceField(choices=[("1", "satu"), ("2", "dua"), ("3", "tiga")])


def squeeze(html):
    return re.sub(r"\s+", " ", str(html)).strip()


def test_selects_render_as_django_renders_them():
    data = {"single": "g2", "several": ["1", "3"]}
    ours = Choices(data)
    django_own = Choices(data, renderer=DjangoTemplates())
    for name in ("single", "several"):
        assert squeeze(ours[name]) == squeeze(django_own[name])
    assert '<option value="g2" selected>G2</option>' in squeeze(ours["single"])
    assert "X &amp; &lt;Y&gt; &quot;z&quot;" in squeeze(ours["single"])


def test_model_choice_selects_keep_their_choice(db):
    form = DirectoryFilterForm({"regency": "12.71"})
    assert form.is_valid()
    html = squeeze(form["regency"])
    assert 'value="12.71" selected' in html
    assert html == squeeze(
        DirectoryFilterForm({"regency": "12.71"}, renderer=DjangoTemplates())["regency"]
    )
