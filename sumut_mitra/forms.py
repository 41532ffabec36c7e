from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.forms import SectorRegencyFilterForm

from .search import MAX_QUERY


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


class SearchForm(SectorRegencyFilterForm):
    """The portal's search (/cari/): the words, the kind of result (?jenis=, the tabs), and
    the regency and sector every public list filters by."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=MAX_QUERY)
    jenis = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    field_order = ["q", "regency", "sector", "jenis"]

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [("", ""), *[(kind.key, kind.label) for kind in kinds]]
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("An agency, an agreement, a training, a tracking code …")}
        )

    def value(self, name):
        """The cleaned value, or None when it is empty or could not be read (an unknown
        regency or kind is ignored, as the lists ignore it)."""
        if not self.is_bound:
            return None
        self.is_valid()
        if name in self.errors:
            return None
        return self.cleaned_data.get(name) or None
