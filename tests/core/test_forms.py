from django import forms
from django.core.exceptions import ValidationError

from core.forms import add_service_errors


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
