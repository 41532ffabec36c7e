from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from core.forms import TEXT_MAX, LimitedCharField, LongTextField, add_service_errors


class SeatForm(forms.Form):
    seats = forms.IntegerField()


def bound_form():
    form = SeatForm({"seats": "3"})
    assert form.is_valid()
    return form


def test_an_error_about_a_field_of_the_form_lands_on_that_field():
    form = bound_form()
    add_service_errors(form, ValidationError({"seats": "Kursi penuh."}))
    assert form.errors == {"seats": ["Kursi penuh."]}


def test_an_error_about_a_field_the_form_lacks_or_about_nothing_lands_on_the_form():
    form = bound_form()
    add_service_errors(form, ValidationError({"status": "Sudah dibatalkan."}))
    add_service_errors(form, ValidationError("Pelatihan sudah dimulai."))
    assert form.non_field_errors() == ["Sudah dibatalkan.", "Pelatihan sudah dimulai."]
    assert "seats" not in form.errors


# --- Long texts (issue 15): a limit shown and counted, a longer text refused, never cut -----------


class LetterForm(forms.Form):
    title = LimitedCharField(label="Judul", max_length=20)
    body = LongTextField(label="Isi", help_text="Tulis dengan jelas.")


def test_a_long_text_of_exactly_the_limit_is_accepted_whole():
    text = "a" * (TEXT_MAX - 1) + "z"
    form = LetterForm({"title": "Jalan", "body": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == text


def test_one_character_more_is_refused_with_the_numbers_and_the_text_is_kept():
    text = "b" * (TEXT_MAX + 1)
    with translation.override("id"):
        form = LetterForm({"title": "Jalan", "body": text})
        assert not form.is_valid()
        message = form.errors["body"][0]
        html = form.as_div()
    assert "10.001 karakter" in message and "1 lebih banyak" in message and "10.000" in message
    assert text in html  # the re-shown field holds every character


def test_the_browser_is_never_given_a_maxlength_that_would_cut_a_paste():
    with translation.override("id"):
        html = LetterForm().as_div()
    assert "maxlength" not in html.replace("data-maxlength", "")
    assert 'data-maxlength="10000"' in html and 'data-maxlength="20"' in html
    assert "Tulis dengan jelas. Paling banyak 10.000 karakter." in html
    assert 'data-limit-used="%(used)s dari %(limit)s karakter"' in html


def test_a_line_break_is_one_character_as_the_counter_counts_it():
    lines = ["x" * 99] * 100  # 9,900 characters and 99 breaks: 9,999
    form = LetterForm({"title": "Jalan", "body": "\r\n".join(lines)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == "\n".join(lines)


def test_a_model_forms_text_field_gets_the_default_limit():
    from agencies.forms import CapabilityForm

    field = CapabilityForm().fields["description"]
    assert isinstance(field, LongTextField) and field.max_length == TEXT_MAX
    assert "maxlength=" not in str(CapabilityForm()["description"]).replace("data-maxlength", "")
