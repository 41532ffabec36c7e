"""Rupiah typed as Indonesians write them are read exactly, or refused with how to write them;
never read as something else (issue 14: `150.000.000` was saved as Rp 150)."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from core.money import MAX_RUPIAH, RupiahField, RupiahInput, format_rupiah, parse_rupiah


class FinancingForm(forms.Form):
    planned = RupiahField(label="Rencana (Rp)")
    realised = RupiahField(label="Realisasi (Rp)", initial=0, required=False)
    note = forms.CharField()


def planned(text):
    form = FinancingForm({"planned": text, "note": "x"})
    return form.is_valid(), form.cleaned_data.get("planned"), form.errors.get("planned")


@pytest.mark.parametrize(
    "text, amount",
    [
        ("150.000.000", 150_000_000),
        ("150000000", 150_000_000),
        ("Rp 150.000.000", 150_000_000),
        ("Rp150.000.000", 150_000_000),
        ("rp 150.000.000", 150_000_000),
        ("Rp. 150.000.000", 150_000_000),
        ("Rp.150.000.000", 150_000_000),
        ("150.000.000,00", 150_000_000),
        ("Rp 150.000.000,00", 150_000_000),
        ("150.000.000,-", 150_000_000),
        ("  150.000.000  ", 150_000_000),
        ("Rp  150.000.000 ", 150_000_000),
        ("150 000 000", 150_000_000),
        ("150\u00a0000\u00a0000", 150_000_000),  # no-break spaces, as spreadsheets paste them
        ("150.000", 150_000),  # a dot is a thousands separator, always
        ("1.500.000", 1_500_000),
        ("0", 0),
        ("1", 1),
        ("9.223.372.036.854.775.807", MAX_RUPIAH),
    ],
)
def test_the_ways_people_write_an_amount_are_read_exactly(text, amount):
    assert parse_rupiah(text) == amount
    assert planned(text) == (True, amount, None)


@pytest.mark.parametrize(
    "text, code",
    [
        ("1.5", "grouping"),
        ("150.00.000", "grouping"),
        ("12.3456", "grouping"),
        ("1.5000", "grouping"),
        ("150.000.", "grouping"),
        (".150", "grouping"),
        ("1 5", "grouping"),
        ("1,5", "sen"),
        ("150.000,50", "sen"),
        ("150.000,5", "sen"),
        ("150.000,000", "comma_thousands"),
        ("150,000,000", "comma_thousands"),
        ("-150.000", "negative"),
        ("Rp -150.000", "negative"),
        ("\u2212150.000", "negative"),
        ("150 juta", "invalid"),
        ("seratus", "invalid"),
        ("Rp", "invalid"),
        ("1e6", "invalid"),
        ("+150", "invalid"),
        ("150.000.000 Rp", "invalid"),
        ("US$ 150", "invalid"),
    ],
)
def test_ambiguous_or_wrong_input_is_refused_with_how_to_write_it(text, code):
    valid, amount, errors = planned(text)
    assert not valid and amount is None
    assert errors.as_data()[0].code == code


def test_the_refusals_say_in_indonesian_how_to_write_the_amount():
    with translation.override("id"):
        assert planned("1.5")[2] == [
            "Titik memisahkan ribuan dalam kelompok tiga angka: tulis 150.000.000 atau "
            "150000000 (1.5 atau 150.00.000 tidak dapat dibaca)."
        ]
        assert planned("1,5")[2] == [
            "Jumlah ditulis dalam rupiah utuh: hilangkan sen setelah koma (150.000.000 atau "
            "150.000.000,00). Satu setengah juta ditulis 1.500.000."
        ]
        assert planned("150,000,000")[2] == [
            "Pisahkan ribuan dengan titik, bukan koma: tulis 150.000.000."
        ]
        assert planned("-5")[2] == ["Jumlah tidak boleh negatif."]
        assert planned("lima juta")[2] == [
            "Tulis jumlah dalam rupiah dengan angka, misalnya 150.000.000."
        ]
        assert planned("")[2] == ["Wajib diisi."]


def test_more_than_the_column_holds_is_refused_with_the_limit():
    with translation.override("id"):
        for text in ("9.223.372.036.854.775.808", "9223372036854775808", "1" * 500):
            valid, _amount, errors = planned(text)
            assert not valid
            assert errors == ["Jumlah terlalu besar: paling banyak Rp 9.223.372.036.854.775.807."]
        assert planned("x" * 500)[2].as_data()[0].code == "invalid"


def test_a_field_may_set_its_own_limits():
    field = RupiahField(min_value=1_000, max_value=5_000_000)
    with translation.override("id"):
        with pytest.raises(forms.ValidationError) as error:
            field.clean("500")
        assert error.value.messages == ["Jumlah paling sedikit Rp 1.000."]
        with pytest.raises(forms.ValidationError) as error:
            field.clean("5.000.001")
        assert error.value.messages == ["Jumlah terlalu besar: paling banyak Rp 5.000.000."]
    assert field.clean("Rp 5.000.000") == 5_000_000


def test_an_optional_amount_left_empty_is_none_and_integers_pass_through():
    form = FinancingForm({"planned": 250_000_000, "realised": "", "note": "x"})
    assert form.is_valid()
    assert form.cleaned_data["planned"] == 250_000_000 and form.cleaned_data["realised"] is None


def render_field(form, name="planned"):
    return Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}").render(
        Context({"field": form[name]})
    )


def test_the_box_shows_an_amount_with_its_dots_behind_an_rp_prefix_on_edit():
    html = render_field(FinancingForm(initial={"planned": 150_000_000}))
    assert '<div class="input-group"><span class="input-group-text">Rp</span><input' in html
    assert 'value="150.000.000"' in html
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert "form-control" in html


def test_a_form_shown_again_for_another_error_shows_the_amount_with_its_dots():
    form = FinancingForm({"planned": "Rp150000000", "realised": "2500000", "note": ""})
    assert not form.is_valid() and "planned" not in form.errors
    assert 'value="150.000.000"' in render_field(form)
    assert 'value="2.500.000"' in render_field(form, "realised")


def test_what_could_not_be_read_is_shown_back_as_typed_with_the_error_under_the_group():
    form = FinancingForm({"planned": "1,5", "note": "x"})
    assert not form.is_valid()
    html = render_field(form)
    assert 'value="1,5"' in html
    # Bootstrap shows `.invalid-feedback` after an `.is-invalid` sibling: the group is marked.
    assert '<div class="input-group is-invalid">' in html
    assert 'aria-invalid="true"' in html
    assert html.index("</div>", html.index("input-group")) < html.index("invalid-feedback")


def test_the_bare_box_for_the_admin_has_no_group():
    html = RupiahInput(prefix=False).render("planned", 1_250_000)
    assert "input-group" not in html
    assert 'value="1.250.000"' in html and 'inputmode="numeric"' in html


def test_one_way_to_write_an_amount_on_a_page():
    assert format_rupiah(150_000_000) == "Rp 150.000.000"
    assert format_rupiah(0) == "Rp 0"
    render = Template("{% load money %}{{ a|rupiah }}|{{ b|rupiah }}|{{ c|rupiah }}").render
    assert render(Context({"a": 1_250_000, "b": None, "c": 999})) == "Rp 1.250.000||Rp 999"
