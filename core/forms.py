"""Form helpers every app's views use."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import text

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


# The length of a long text (a submission, a description, a report) unless its form says less.
TEXT_MAX = 10_000


def _limit_hint(limit):
    return _("At most %(limit)s characters.") % {"limit": number_format(limit, force_grouping=True)}


_limit_hint_lazy = lazy(_limit_hint, str)


class LimitedCharField(forms.CharField):
    """Text with a limit that the person sees and that never cuts what they wrote.

    No `maxlength` attribute: with one, a browser cuts a paste at the limit without a word (and
    the end of a complaint is lost unnoticed). The limit is stated in the help text instead (for
    pages without JavaScript), `data-maxlength` gives the live counter its number
    (static/js/limits.js), and a text past it is refused with a message that says by how much,
    in a re-shown form that keeps every character. Line breaks count as one character each, as
    the counter counts them (browsers send them as two).
    """

    def __init__(self, *, max_length, help_text="", **kwargs):
        super().__init__(max_length=max_length, help_text=help_text, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        hint = _limit_hint_lazy(max_length)
        self.help_text = format_lazy("{} {}", help_text, hint) if help_text else hint

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        if self.max_length is not None and not widget.is_hidden:
            attrs["data-maxlength"] = str(self.max_length)
            # The counter's words, in the page's language (the numbers are filled in there).
            attrs["data-limit-used"] = gettext_lazy("%(used)s of %(limit)s characters")
            attrs["data-limit-over"] = gettext_lazy(
                "%(over)s characters over the limit of %(limit)s"
            )
        return attrs

    def to_python(self, value):
        return text.normalise_newlines(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        message = text.too_long(value, self.max_length)
        if message is not None:
            raise ValidationError(message, code="max_length")


class LongTextField(LimitedCharField):
    """A multi-line LimitedCharField: TEXT_MAX characters unless told less. Also a ModelForm's
    field for a TextField (Meta.field_classes), which passes no limit of its own."""

    widget = forms.Textarea

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(max_length=max_length or TEXT_MAX, **kwargs)


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
        typed = super().clean(value)
        if not typed:
            return typed
        code = self.shape.read(typed)
        if code is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return code


class QuickSelect(forms.Select):
    """A single-choice select with the very HTML Django's own draws, made in Python: Django's
    draws each option through its own template, and the lists' regency and sector filters
    (33 and 20 options) took 3 ms of every list page that way. No option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        chosen = self.format_value(value)
        rows = []
        for option_value, label in self.choices:
            text_value = "" if option_value is None else str(option_value)
            selected = text_value in chosen
            rows.append((text_value, " selected" if selected else "", label))
            if selected:
                chosen = []  # one choice: the first option with the value, as Django's
        options = format_html_join("", '\n  <option value="{}"{}>{}</option>', rows)
        return format_html('<select name="{}"{}>{}\n</select>', name, _attributes(final), options)


def _attributes(attrs):
    """`attrs` as django/forms/widgets/attrs.html writes them: in order, True as a bare name,
    False left out."""
    return format_html_join(
        "",
        "{}{}",
        (
            (format_html(" {}", name), "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )
