from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import AgencyKind, AgencyStatus, CapabilityKind, MemberRole
from .models import AGENCY_PROFILE_FIELDS, Agency, Capability, Regency, Sector


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
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or suspend. The agency's registrant reads it."),
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        from .enums import AGENCY_TRANSITIONS

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
    )
    regency = forms.ModelChoiceField(
        label=_("Regency/city"),
        required=False,
        queryset=Regency.objects.all(),
        to_field_name="code",
        empty_label=_("All of North Sumatra"),
    )


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
