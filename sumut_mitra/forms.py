from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.forms import SectorRegencyFilterForm


class StatisticsFilterForm(SectorRegencyFilterForm):
    """Year, sector and regency of the Data & Statistik page (in the URL, like every list's)."""

    q = None
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    field_order = ["year", "sector", "regency"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]
        self.fields["year"].widget.attrs["class"] = "form-select"

    def value(self, name):
        """The cleaned filter, or None when it was left empty or could not be read."""
        if not self.is_bound or not self.is_valid():
            data = getattr(self, "cleaned_data", {})
            return data.get(name) if name not in self.errors else None
        return self.cleaned_data.get(name)
