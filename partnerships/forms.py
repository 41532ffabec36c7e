from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.enums import AgencyStatus
from agencies.models import Agency, Regency, Sector

from .enums import AgreementKind, AgreementStatus, DocumentKind, SigningMode
from .models import Agreement, Party
from .rules import visible_agreements


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgreementForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations"),
        queryset=Regency.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The regencies and cities where the cooperation takes place."),
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "cooperation_kind",
            "parent",
            "sectors",
            "locations",
            "background",
            "purpose",
            "scope",
            "benefits",
            "start_date",
            "end_date",
            "visibility",
            "legacy",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "background": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = (
            visible_agreements(user)
            .exclude(status__in=[AgreementStatus.REJECTED, AgreementStatus.REVOKED])
            .exclude(kind=AgreementKind.ADENDUM)
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields.pop("legacy")
        self.fields["parent"].queryset = parents.order_by("title")


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = [
            "agency",
            "role",
            "document_number",
            "signatory_name",
            "signatory_position",
            "pic_name",
            "pic_position",
            "pic_email",
            "pic_phone",
        ]
        help_texts = {"pic_email": _("Never shown publicly.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            status=AgencyStatus.VERIFIED
        ).order_by("name")
        self.empty_permitted = True


class BasePartyFormSet(forms.BaseFormSet):
    def parties(self):
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


PartyFormSet = forms.formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=0, min_num=2, max_num=10, validate_max=True
)


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScheduleForm(MoveForm):
    signing_date = forms.DateTimeField(
        label=_("Date and time of signing"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    signing_place = forms.CharField(label=_("Place"), max_length=200)
    signing_mode = forms.ChoiceField(label=_("Mode"), choices=SigningMode.choices)


class SigningForm(MoveForm):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    checked_initials = forms.BooleanField(label=_("Initials (paraf) on every page are in order"))
    checked_duty_stamp = forms.BooleanField(label=_("Duty stamp (meterai) is in order"))
    checked_seal = forms.BooleanField(label=_("Seals (cap) are in order"))


MOVE_FORMS = {AgreementStatus.SCHEDULED: ScheduleForm, AgreementStatus.SIGNED: SigningForm}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG. The signed final document must be a PDF."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )
    public = forms.BooleanField(
        label=_("Public: anyone may download it once the agreement is public"), required=False
    )


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *AgreementStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AgreementKind.choices]
    )
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
    party = forms.ModelChoiceField(
        label=_("Party"),
        required=False,
        queryset=Agency.objects.filter(status=AgencyStatus.VERIFIED).order_by("name"),
        to_field_name="slug",
        empty_label=_("All agencies"),
    )
    expiring_within = forms.TypedChoiceField(
        label=_("Ending within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any time")), (30, _("30 days")), (60, _("60 days")), (90, _("90 days"))],
    )


class PublicFilterForm(AgreementFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            (AgreementStatus.IN_FORCE, AgreementStatus.IN_FORCE.label),
            (AgreementStatus.EXPIRED, AgreementStatus.EXPIRED.label),
            (AgreementStatus.COMPLETED, AgreementStatus.COMPLETED.label),
        ],
    )
