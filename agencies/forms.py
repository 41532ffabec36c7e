import datetime

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import LongTextField, QuickSelect

from .enums import (
    AGENCY_TRANSITIONS,
    ROLE_RANK,
    AgencyKind,
    AgencyStatus,
    CapabilityKind,
    MemberRole,
)
from .models import (
    AGENCY_PROFILE_FIELDS,
    Agency,
    Capability,
    Regency,
    Sector,
    normalise_agency_name,
)


class AgencyForm(forms.ModelForm):
    # An address typed without a scheme ("usu.ac.id") gets https://.
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The fields your agency works in; partners filter by them."),
    )

    class Meta:
        model = Agency
        fields = [*AGENCY_PROFILE_FIELDS, "sectors"]
        help_texts = {
            "name": _("The official name, written out in full."),
            "acronym": _("The short name people know, e.g. Disperindag."),
            "description": _("What the agency does and what it looks for in partners."),
            "logo": _("PNG, JPEG or WebP, at most 2 MB."),
            "email": _("Shown publicly. Leave empty to show none."),
            "phone": _("Shown publicly. Leave empty to show none."),
            "latitude": _("Optional, for the map, e.g. 3.5952."),
            "longitude": _("Optional, for the map, e.g. 98.6722."),
        }
        # Long texts state their limit and count it live, never cut (core.forms).
        field_classes = {"address": LongTextField, "description": LongTextField}
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (AgencyStatus.VERIFIED, _("Verify: the agency becomes public")),
            (AgencyStatus.REJECTED, _("Reject")),
            (AgencyStatus.SUSPENDED, _("Suspend: hide it from the public")),
        ],
    )
    reason = LongTextField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or suspend. The agency's registrant reads it."),
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = AGENCY_TRANSITIONS[AgencyStatus(agency.status)]
        self.fields["decision"].choices = [
            choice for choice in self.fields["decision"].choices if choice[0] in allowed
        ]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the colleague"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MemberRole.choices,
        initial=MemberRole.EDITOR,
        help_text=_(
            "Admins manage members; editors change the agency's records; viewers only read them."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class CapabilityForm(forms.ModelForm):
    class Meta:
        model = Capability
        fields = ["title", "kind", "sector", "description", "regency"]
        help_texts = {
            "title": _("E.g. “Welding workshop (bengkel las) with 20 stations”."),
            "description": _("What a partner can use or learn, on what terms, and whom to ask."),
        }
        field_classes = {"description": LongTextField}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class SectorRegencyFilterForm(forms.Form):
    """Search, sector and regency: the filters every public list of the portal offers."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.all(),
        to_field_name="slug",
        empty_label=_("All sectors"),
        widget=QuickSelect,
    )
    regency = forms.ModelChoiceField(
        label=_("Regency/city"),
        required=False,
        queryset=Regency.objects.all(),
        to_field_name="code",
        empty_label=_("All of North Sumatra"),
        widget=QuickSelect,
    )

    # Bootstrap's classes on the widgets themselves: the lists' filter form is drawn by
    # templates/includes/filter_field.html, at half what crispy-forms took on every list page.
    WIDGET_CLASSES = {"select": "form-select", "checkbox": "form-check-input"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            kind = getattr(field.widget, "input_type", "text")
            field.widget.attrs["class"] = self.WIDGET_CLASSES.get(kind, "form-control")

    def _post_clean(self):
        super()._post_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class DirectoryFilterForm(SectorRegencyFilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AgencyKind.choices]
    )

    field_order = ["q", "kind", "sector", "regency"]


class CapabilityFilterForm(DirectoryFilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *CapabilityKind.choices],
    )


class AgencyInput(forms.TextInput):
    """A text box for an agency's name that suggests names as one types (a datalist that htmx
    fills from the suggestion endpoint); without JavaScript one types the name."""

    template_name = "agencies/widgets/agency_input.html"

    def format_value(self, value):
        if isinstance(value, Agency):
            return value.name
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["list_id"] = f"{widget['attrs'].get('id') or name}-options"
        widget["attrs"]["list"] = widget["list_id"]
        widget["attrs"].setdefault("autocomplete", "off")
        return context


class AgencyField(forms.Field):
    """One verified agency, chosen by its name, acronym or portal address (slug).

    A select of every verified agency rendered thousands of options on every request at
    province scale. This field renders one text box, and resolves what was typed: the address
    (links such as ?party=usu keep working), then the exact acronym or name, then the only agency
    whose name or acronym contains it. Several or none give a clear message with the text kept.
    """

    widget = AgencyInput
    default_error_messages = {
        "none": _("No verified agency is called “%(text)s”. Check the spelling or type less."),
        "several": _(
            "Several agencies match “%(text)s”: %(names)s. Type the full name, or pick one of "
            "the suggestions."
        ),
    }

    def __init__(self, *, queryset=None, **kwargs):
        super().__init__(**kwargs)
        self.queryset = queryset
        self._resolved = {}

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "200"}

    def get_queryset(self):
        if self.queryset is not None:
            return self.queryset
        return Agency.objects.filter(status=AgencyStatus.VERIFIED)

    def to_python(self, value):
        text = " ".join(str(value or "").split())[:200]
        if not text:
            return None
        ProhibitNullCharactersValidator()(text)  # before the lookup: PostgreSQL refuses NUL
        agency = self.resolve(text)
        self._resolved[text] = agency
        return agency

    def resolve(self, text):
        agencies = self.get_queryset()
        exact = list(
            agencies.filter(
                Q(slug=text.lower())
                | Q(acronym__iexact=text)
                | Q(normalised_name=normalise_agency_name(text))
            ).order_by("name")[:6]
        )
        if len(exact) > 1:
            # The address or the full name beats an acronym two agencies share.
            exact = [a for a in exact if a.slug == text.lower() or a.name.lower() == text.lower()]
        if len(exact) == 1:
            return exact[0]
        candidates = exact or list(
            agencies.filter(Q(name__icontains=text) | Q(acronym__icontains=text)).order_by("name")[
                :6
            ]
        )
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise forms.ValidationError(
                self.error_messages["none"], code="none", params={"text": text}
            )
        names = ", ".join(agency.name for agency in candidates[:5])
        raise forms.ValidationError(
            self.error_messages["several"],
            code="several",
            params={"text": text, "names": names + (", …" if len(candidates) > 5 else "")},
        )

    def bound_data(self, data, initial):
        # Show the agency's name in the box after a search by address (?party=usu).
        text = " ".join((data or "").split())
        return self._resolved.get(text) or data

    def prepare_value(self, value):
        return value.name if isinstance(value, Agency) else value

    def has_changed(self, initial, data):
        return (self.prepare_value(initial) or "") != " ".join((data or "").split())


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApiKeyForm(forms.Form):
    """A new personal API key: a name, which of the person's agencies it reads and with which
    role (never above theirs: one select per agency offers only the roles up to it), an expiry.
    """

    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the key is for, e.g. “SIAPkerja sync”."),
    )
    # The day chosen is the key's last day: it works through that whole day (WIB) and stops
    # when the next one begins, so today is a valid choice (a key for one day's work).
    expires_on = forms.DateField(
        label=_("Valid through"),
        required=False,
        widget=_DateInput(),
        help_text=_(
            "Optional: the last day the key works. It works until the end of that day "
            "(midnight WIB), then stops. Leave it empty for a key that does not expire."
        ),
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser's date picker offers no past day (the server refuses one all the same).
        self.fields["expires_on"].widget.attrs["min"] = timezone.localdate().isoformat()
        self.memberships = list(memberships)
        for membership in self.memberships:
            rank = ROLE_RANK[membership.role]
            self.fields[self.field_for(membership)] = forms.ChoiceField(
                label=membership.agency.name,
                required=False,
                choices=[("", _("Not included"))]
                + [
                    (role.value, role.label)
                    for role in reversed(MemberRole)
                    if ROLE_RANK[role] <= rank
                ],
            )

    @staticmethod
    def field_for(membership):
        return f"agency_{membership.agency_id}"

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is None:
            return None
        if expires_on < timezone.localdate():
            raise forms.ValidationError(_("The last day cannot be in the past."))
        if expires_on >= datetime.date.max:  # the day after it is the end: no such day
            raise forms.ValidationError(_("Choose an earlier day."))
        return expires_on

    def clean(self):
        cleaned = super().clean()
        scopes = {
            membership.agency: cleaned[self.field_for(membership)]
            for membership in self.memberships
            if cleaned.get(self.field_for(membership))
        }
        if not scopes:
            raise forms.ValidationError(_("Choose at least one of your agencies for the key."))
        cleaned["scopes"] = scopes
        expires_on = cleaned.get("expires_on")
        cleaned["expires_at"] = (
            timezone.make_aware(
                datetime.datetime.combine(
                    expires_on + datetime.timedelta(days=1), datetime.time.min
                ),
                timezone.get_default_timezone(),  # WIB, whatever the request activated
            )
            if expires_on
            else None
        )
        return cleaned
