"""Form helpers every app's views use."""

from django import forms
from django.core.exceptions import ValidationError

# The largest values PostgreSQL's integer and bigint columns hold. A plain form's IntegerField
# for such a column says so (max_value): past it, the service's save would fail with a 500 rather
# than the form answering with an error. (A ModelForm's fields get this from the model.)
INTEGER_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1


def add_service_errors(form, error):
    """Put a service's ValidationError on a form: on the field it names, else on the form.

    Every app's views use this, so a rule enforced in a service reads like form validation.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CodeField(forms.CharField):
    """A code people type from paper, a screen or an e-mail (a tracking code, a certificate's
    code): read with core.converters' `Shape.read`, so any case, spaces or dashes in other
    places are fine, and cleaned to the code as the portal writes it. An empty field and text
    that is no such code each get a message that says what to type."""

    def __init__(self, *, shape, required_message, invalid_message, max_length=40, **kwargs):
        self.shape = shape
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["required"] = required_message
        self.error_messages["invalid"] = invalid_message
        # Longer than any code, or with a NUL byte in it: no such code, in the same words.
        self.error_messages["max_length"] = invalid_message
        self.error_messages["null_characters_not_allowed"] = invalid_message

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return text
        code = self.shape.read(text)
        if code is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return code
