"""Rupiah amounts: one way to read them from a form and one way to write them on a page.

Amounts are whole rupiah, stored as integers. People write them the Indonesian way, with dots
between thousands (`150.000.000`); a number field read the dots as decimal points and saved
Rp 150. `RupiahField` reads what people type, by this rule:

- Spaces around the amount are ignored, and so is a leading `Rp` or `Rp.` (any case) with or
  without a space after it: `Rp 150.000.000`, `Rp150.000.000`, `rp. 150.000`.
- The rupiah are digits alone (`150000000`) or digits in groups of three separated by dots
  (`150.000.000`; the first group has one to three digits, the others exactly three). A space
  may stand in for a dot (`150 000 000`). So `150.000` is 150 000, while `1.5`, `12.3456` and
  `150.00.000` are refused: a dot always separates thousands, never decimals.
- The sen may follow after a comma only when there are none: `,00` or `,-`
  (`150.000.000,00`, `150.000,-`). The portal keeps whole rupiah, so other sen (`1,5`,
  `150.000,50`) are refused, never rounded; commas between thousands (`150,000,000`) are
  refused with a hint to use dots.
- Nothing else: no minus sign, letters or other characters; and no more than the field's
  maximum (by default what a PostgreSQL bigint column holds).

The rule is the same in both languages (Rupiah are written the Indonesian way everywhere).
Each refusal says how to write the amount instead. `RupiahInput` shows the amount back with
its dots (`150.000.000`) behind an "Rp" prefix, opens the phone's number pad, and needs no
JavaScript. `format_rupiah` (the `rupiah` template filter) writes `Rp 150.000.000`.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField
from django.utils.translation import gettext_lazy as _

MAX_RUPIAH = BigIntegerField.MAX_BIGINT  # what a (Positive)BigIntegerField column holds
# Longer text is refused unread (int() of thousands of digits is slow); every amount up to
# MAX_RUPIAH fits many times over, so a long number is still refused as too large.
MAX_LENGTH = 200

_SPACES = re.compile(r"\s+")  # Unicode spaces: also the no-break spaces spreadsheets paste
_CURRENCY = re.compile(r"rp\.? ?", re.IGNORECASE)  # at the start only (match)
_PLAIN = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:[. ][0-9]{3})+")
_DIGITS_AND_DOTS = re.compile(r"[0-9. ]*[0-9][0-9. ]*")  # a number, grouped wrongly
_THOUSANDS_AFTER_COMMA = re.compile(r"[0-9]{3}(?:,[0-9]{3})*")  # 150,000,000
_LONG_NUMBER = re.compile(r"(?:rp\.? ?)?[0-9., ]+", re.IGNORECASE)
_NO_SEN = (",00", ",-")


class RupiahError(ValueError):
    """Typed text that is not an amount of rupiah; `code` says why (a key of the messages)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def parse_rupiah(text):
    """The whole rupiah in `text` written as the module's rule says; raises RupiahError."""
    text = _SPACES.sub(" ", str(text)).strip()
    if len(text) > MAX_LENGTH:
        raise RupiahError("too_large" if _LONG_NUMBER.fullmatch(text) else "invalid")
    if currency := _CURRENCY.match(text):
        text = text[currency.end() :]
    if text[:1] in ("-", "\u2212"):
        raise RupiahError("negative")
    number, comma, sen = text.partition(",")
    if comma:
        if _THOUSANDS_AFTER_COMMA.fullmatch(sen):
            raise RupiahError("comma_thousands")
        if comma + sen not in _NO_SEN:
            raise RupiahError("sen")
    number = number.rstrip()
    if _PLAIN.fullmatch(number):
        return int(number)
    if _GROUPED.fullmatch(number):
        return int(number.replace(".", "").replace(" ", ""))
    if _DIGITS_AND_DOTS.fullmatch(number):
        raise RupiahError("grouping")
    raise RupiahError("invalid")


def group_thousands(amount):
    """150000000 -> "150.000.000"."""
    return f"{int(amount):,}".replace(",", ".")


def format_rupiah(amount):
    """150000000 -> "Rp 150.000.000" (Indonesian thousands separator, no decimals)."""
    return f"Rp {group_thousands(amount)}"


class RupiahInput(forms.TextInput):
    """A text box for rupiah behind an "Rp" prefix (a Bootstrap input group), showing the amount
    with its dots; what could not be read is shown back as typed, to be corrected. `prefix=False`
    draws the bare box (the admin's own styles have no input groups)."""

    template_name = "includes/widgets/rupiah_input.html"

    def __init__(self, attrs=None, *, prefix=True):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})
        self.prefix = prefix

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, int):
            return group_thousands(value)
        try:
            return group_thousands(parse_rupiah(value))
        except RupiahError:
            return str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["prefix"] = self.prefix
        # The error under the box is shown by Bootstrap's `.is-invalid ~ .invalid-feedback`;
        # the box sits inside the group, so the group carries the mark too.
        widget["invalid"] = "is-invalid" in str(widget["attrs"].get("class", "")).split()
        return context


class RupiahField(forms.Field):
    """An amount of whole rupiah typed as people write it (see the module's rule); an int."""

    widget = RupiahInput
    default_error_messages = {
        "invalid": _("Write the amount in rupiah with digits, for example 150.000.000."),
        "negative": _("The amount cannot be negative."),
        "grouping": _(
            "Dots separate thousands in groups of three digits: write 150.000.000 or "
            "150000000 (1.5 or 150.00.000 cannot be read)."
        ),
        "comma_thousands": _("Separate thousands with dots, not commas: write 150.000.000."),
        "sen": _(
            "Amounts are in whole rupiah: leave out the sen after the comma (150.000.000 or "
            "150.000.000,00). One and a half million is 1.500.000."
        ),
        "min_value": _("The amount must be at least %(limit)s."),
        "max_value": _("The amount is too large: at most %(limit)s."),
    }

    def __init__(self, *, min_value=0, max_value=MAX_RUPIAH, **kwargs):
        kwargs.setdefault("help_text", _("In whole rupiah, for example 150.000.000."))
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_rupiah(value)
        except RupiahError as error:
            if error.code == "too_large":
                self._refuse("max_value", self.max_value)
            raise ValidationError(self.error_messages[error.code], code=error.code) from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            self._refuse("min_value", self.min_value)
        if self.max_value is not None and value > self.max_value:
            self._refuse("max_value", self.max_value)

    def _refuse(self, code, limit):
        raise ValidationError(
            self.error_messages[code], code=code, params={"limit": format_rupiah(limit)}
        )
