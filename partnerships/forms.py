from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.forms import AgencyField, SectorRegencyFilterForm
from agencies.models import Regency, Sector
from core.forms import INTEGER_MAX, LongTextField
from core.money import RupiahField

from .enums import (
    AgreementKind,
    AgreementStatus,
    DocumentKind,
    FundingForm,
    FundingSource,
    Recommendation,
    ReportStatus,
    SigningMode,
)
from .models import PARTY_FIELDS, Agreement, Party
from .monev import label as monev_label
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
            "monev_per_year",
        ]
        field_classes = dict.fromkeys(["background", "purpose", "scope", "benefits"], LongTextField)
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
    agency = AgencyField(
        label=Party._meta.get_field("agency").verbose_name,
        help_text=_("A verified agency's name or acronym."),
    )

    class Meta:
        model = Party
        fields = PARTY_FIELDS
        help_texts = {"pic_email": _("Never shown publicly.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True


class BasePartyFormSet(forms.BaseFormSet):
    def parties(self):
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


# absolute_max: a forged row count builds ten rows, not Django's default of a thousand.
PartyFormSet = forms.formset_factory(
    PartyForm,
    formset=BasePartyFormSet,
    extra=0,
    min_num=2,
    max_num=10,
    validate_max=True,
    absolute_max=10,
)


class MoveForm(forms.Form):
    note = LongTextField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement


class ScheduleForm(MoveForm):
    signing_date = forms.DateTimeField(
        label=_("Date and time of signing"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    signing_place = forms.CharField(label=_("Place"), max_length=200)
    signing_mode = forms.ChoiceField(label=_("Mode"), choices=SigningMode.choices)


class SigningForm(MoveForm):
    signed_document = forms.FileField(
        label=_("Signed document (PDF)"),
        required=False,
        help_text=_("The scan of the signed agreement, with every page."),
    )
    signed_public = forms.BooleanField(
        label=_("Show the signed document on the public page"), required=False, initial=True
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    checked_initials = forms.BooleanField(label=_("Initials (paraf) on every page are in order"))
    checked_duty_stamp = forms.BooleanField(label=_("Duty stamp (meterai) is in order"))
    checked_seal = forms.BooleanField(label=_("Seals (cap) are in order"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (
            self.agreement is not None
            and not self.agreement.documents.filter(kind=DocumentKind.SIGNED).exists()
        ):
            # Nothing uploaded yet: the signing is recorded with its document, in one step.
            self.fields["signed_document"].required = True
        else:
            self.fields["signed_document"].help_text = _(
                "Already uploaded; a file here becomes its new version."
            )


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


class AgreementFilterForm(SectorRegencyFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *AgreementStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AgreementKind.choices]
    )
    party = AgencyField(
        label=_("Party"),
        required=False,
        help_text=_("An agency's name or acronym; leave empty for all."),
    )
    expiring_within = forms.TypedChoiceField(
        label=_("Ending within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any time")), (30, _("30 days")), (60, _("60 days")), (90, _("90 days"))],
    )

    field_order = ["q", "status", "kind", "sector", "regency", "party", "expiring_within"]


class StaffFilterForm(AgreementFilterForm):
    late_milestones = forms.BooleanField(label=_("With late milestones"), required=False)
    milestones_due = forms.BooleanField(
        label=_("With milestones due within 14 days"), required=False
    )
    monev_due = forms.BooleanField(label=_("Monev report due (grace days running)"), required=False)
    monev_overdue = forms.BooleanField(label=_("Monev report overdue"), required=False)
    monev_review = forms.BooleanField(
        label=_("Monev report awaiting the secretariat's review"), required=False
    )
    returned = forms.BooleanField(label=_("Drafts returned by the secretariat"), required=False)


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


class PartyChoiceMixin:
    """Limit a `party` or `responsible` field to the parties of one agreement."""

    party_field = "party"

    def __init__(self, *args, agreement, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = parties if parties is not None else agreement.parties.select_related("agency")
        self.fields[self.party_field].queryset = queryset
        self.fields[self.party_field].label_from_instance = lambda party: party.agency.name


class MilestoneForm(PartyChoiceMixin, forms.Form):
    party_field = "responsible"
    title = forms.CharField(label=_("Milestone"), max_length=200)
    responsible = forms.ModelChoiceField(
        label=_("Responsible party"), queryset=Party.objects.none()
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    note = LongTextField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneDoneForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("A photo, report or attendance list (PDF, JPEG, PNG…)."),
    )


class ContributionForm(PartyChoiceMixin, forms.Form):
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none())
    source = forms.ChoiceField(label=_("Source"), choices=FundingSource.choices)
    form = forms.ChoiceField(label=_("Form"), choices=FundingForm.choices)
    planned = RupiahField(label=_("Planned (Rp)"))
    realised = RupiahField(label=_("Realised so far (Rp)"), initial=0)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class MonevForm(PartyChoiceMixin, forms.Form):
    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, agreement=agreement, **kwargs)
        per_year = agreement.monev_per_year
        self.fields["period"].choices = [
            (
                number,
                monev_label(2000, number, per_year).removeprefix("2000").lstrip("/")
                or _("The whole year"),
            )
            for number in range(1, per_year + 1)
        ]

    party = forms.ModelChoiceField(label=_("Reporting party"), queryset=Party.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.TypedChoiceField(label=_("Period"), coerce=int, choices=[])
    activities = LongTextField(
        label=_("Activities carried out"), widget=forms.Textarea(attrs={"rows": 4})
    )
    jobs_absorbed = forms.IntegerField(
        label=_("Jobs absorbed"), min_value=0, max_value=INTEGER_MAX, initial=0
    )
    investment_realised = RupiahField(label=_("Investment realised (Rp)"), initial=0)
    trainees = forms.IntegerField(
        label=_("Trainees"), min_value=0, max_value=INTEGER_MAX, initial=0
    )
    ikm_assisted = forms.IntegerField(
        label=_("IKM/UMKM assisted"), min_value=0, max_value=INTEGER_MAX, initial=0
    )
    products = forms.IntegerField(
        label=_("Products"), min_value=0, max_value=INTEGER_MAX, initial=0
    )
    contributions_note = LongTextField(
        label=_("Partners' contributions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    obstacles = LongTextField(
        label=_("Obstacles (kendala)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up = LongTextField(
        label=_("Follow-up (tindak lanjut)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class MonevReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (ReportStatus.ACCEPTED, _("Accept")),
            (ReportStatus.RETURNED, _("Return with comments")),
        ],
    )
    comment = LongTextField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(forms.Form):
    body = LongTextField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Attachment"), required=False)


class TerminationForm(forms.Form):
    reason = LongTextField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The other parties and the secretariat read it."),
    )
