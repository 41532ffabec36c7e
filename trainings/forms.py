from datetime import datetime, timedelta

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.enums import AgencyStatus, MemberRole
from agencies.forms import AgencyField, SectorRegencyFilterForm
from agencies.models import Agency
from agencies.rules import agency_ids_where, is_secretariat
from core.converters import CERTIFICATE_CODE
from core.forms import CodeField, LimitedCharField, LongTextField
from partnerships.rules import CARRIED_OUT, visible_agreements

from .enums import (
    CheckinMethod,
    MessageAudience,
    Mode,
    QuestionKind,
    RegistrationStatus,
    TrainingKind,
    TrainingStatus,
)
from .models import ANSWER_MAX, TRAINING_FIELDS, Question, Speaker, Training, TrainingSession


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TrainingForm(forms.ModelForm):
    lead = forms.ModelChoiceField(
        label=_("Lead organiser"),
        queryset=Agency.objects.none(),
        help_text=_("The agency that runs the training and answers participants' questions."),
    )
    online_link = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to confirmed participants."),
    )
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organisers"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Other verified agencies that organise it together with the lead."),
    )

    class Meta:
        model = Training
        fields = TRAINING_FIELDS
        field_classes = {"description": LongTextField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "cancellation_closes_at": DateTimeInput(),
        }
        help_texts = {
            "registration_opens_at": _("Date and time in WIB."),
            "registration_closes_at": _("Date and time in WIB, before the last session ends."),
            "capacity": _(
                "Confirmed participants never exceed this; others join the waiting list."
            ),
            "agreement": _("The PKS or MoU this training carries out, if any."),
        }

    field_order = ["title", "kind", "lead", "co_organisers"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        verified = Agency.objects.filter(status=AgencyStatus.VERIFIED).order_by("name")
        if is_secretariat(user):
            self.fields["lead"].queryset = verified
        else:
            self.fields["lead"].queryset = verified.filter(
                pk__in=agency_ids_where(user, MemberRole.EDITOR)
            )
        self.fields["co_organisers"].queryset = verified
        self.fields["agreement"].queryset = (
            visible_agreements(user).filter(status__in=CARRIED_OUT).order_by("title")
        )
        if self.instance.pk:
            rows = list(self.instance.organiser_rows.all())
            lead = next((row.agency_id for row in rows if row.is_lead), None)
            self.initial.setdefault("lead", lead)
            self.initial.setdefault("co_organisers", [r.agency_id for r in rows if not r.is_lead])
            if lead and not self.fields["lead"].queryset.filter(pk=lead).exists():
                # An editor of a co-organiser edits, but the lead stays as it is.
                self.fields["lead"].queryset = verified.filter(pk=lead)

    def organisers(self):
        lead = self.cleaned_data["lead"]
        rows = [{"agency": lead, "is_lead": True}]
        rows += [
            {"agency": agency, "is_lead": False}
            for agency in self.cleaned_data["co_organisers"]
            if agency != lead
        ]
        return rows


# A session typed into the form of a new training that would start in the past is a slip of
# the year or the month: nobody could sign up for it any more. (An existing training keeps its
# past sessions, and may add one just held to take its attendance; the service, which the demo
# data also uses, records past sessions as it is told.)
PAST_SESSION = _("A new training's session cannot start in the past. Check the date.")


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["title", "starts_at", "ends_at"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}
        labels = {"starts_at": _("Starts (WIB)"), "ends_at": _("Ends (WIB)")}

    def clean_starts_at(self):
        starts = self.cleaned_data["starts_at"]
        # The formset gives the rows of a training not saved yet no training.
        if starts and self.instance.training_id is None and starts < timezone.now():
            raise forms.ValidationError(PAST_SESSION, code="past")
        return starts


# At most this many rows a formset builds, whatever count a forged form claims: Django's own
# bound (2,000 rows) took forty seconds to draw the training form three times over.
MAX_SESSIONS = 100
MAX_ROWS = 30

SessionFormSet = inlineformset_factory(
    Training,
    TrainingSession,
    form=SessionForm,
    extra=1,
    can_delete=True,
    max_num=MAX_SESSIONS,
    absolute_max=MAX_SESSIONS,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SessionSeriesForm(forms.Form):
    """Several sessions in one go: one a day from a first day, at the same hours (the rows it
    makes join the sessions' formset; nothing of it is stored)."""

    MAX_DAYS = 60

    first_day = forms.DateField(label=_("First day"), required=False, widget=DateInput())
    days = forms.IntegerField(
        label=_("Number of days"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("One session a day, up to 60."),
    )
    starts = forms.TimeField(label=_("From (WIB)"), required=False, widget=TimeInput())
    ends = forms.TimeField(label=_("Until (WIB)"), required=False, widget=TimeInput())
    weekdays_only = forms.BooleanField(
        label=_("Skip Saturdays and Sundays"), required=False, initial=True
    )

    def __init__(self, *args, new_training=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_training = new_training

    def clean(self):
        data = super().clean()
        parts = ("first_day", "days", "starts", "ends")
        if not any(data.get(name) for name in parts) and not self.errors:
            return data  # not used
        for name in parts:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Needed to add several sessions."))
        first_day, starts, ends = data.get("first_day"), data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("A session must end after it starts."))
        first = (
            timezone.make_aware(datetime.combine(first_day, starts))
            if first_day and starts
            else None
        )
        if self.new_training and first and first < timezone.now():
            self.add_error("first_day", PAST_SESSION)
        return data

    def sessions(self):
        """Form rows for the sessions' formset (none when the form was left empty)."""
        data = self.cleaned_data if self.is_valid() else {}
        if not data.get("days"):
            return []
        rows, day = [], data["first_day"]
        while len(rows) < data["days"]:
            if not data["weekdays_only"] or day.weekday() < 5:
                rows.append(
                    {
                        "id": None,
                        "title": "",
                        "starts_at": timezone.make_aware(datetime.combine(day, data["starts"])),
                        "ends_at": timezone.make_aware(datetime.combine(day, data["ends"])),
                    }
                )
            day += timedelta(days=1)
        return rows


SpeakerFormSet = inlineformset_factory(
    Training,
    Speaker,
    fields=["name", "affiliation", "topic"],
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
)
QuestionFormSet = inlineformset_factory(
    Training,
    Question,
    fields=["text", "kind", "choices", "required", "position"],
    widgets={"choices": forms.Textarea(attrs={"rows": 2})},
    field_classes={"choices": LongTextField},
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
)


def formset_rows(formset):
    """The filled-in rows of a formset, for the services (empty extra rows are left out)."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]


class RegistrationForm(forms.Form):
    """The training's own questions, built from its Question rows."""

    def __init__(self, *args, training, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(training.questions.all())
        for question in self.questions:
            name = f"q_{question.pk}"
            common = {"label": question.text, "required": question.required}
            if question.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    choices=[(c, c) for c in question.choice_list],
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(c, c) for c in question.choice_list],
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            elif question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(
                    choices=[("yes", _("Yes")), ("no", _("No"))],
                    widget=forms.RadioSelect,
                    **common,
                )
            else:
                field = LimitedCharField(max_length=ANSWER_MAX, **common)
            self.fields[name] = field

    def answers(self):
        return {
            name.removeprefix("q_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_")
        }


class ReasonForm(forms.Form):
    reason = LongTextField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads it in the e-mail we send."),
    )


class NoteForm(forms.Form):
    note = LongTextField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to cancel: every registered participant reads it."),
    )


class CheckinForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=200,
        help_text=_("Type the code under the participant's QR code, e.g. ABCD-EFGH-JK."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    method = forms.ChoiceField(
        choices=[(CheckinMethod.TYPED, ""), (CheckinMethod.SCAN, "")],
        initial=CheckinMethod.TYPED,
        required=False,
        widget=forms.HiddenInput,
    )


class CertificateCheckForm(forms.Form):
    """The public check of a certificate's code (?kode=), typed as people type it."""

    kode = CodeField(
        shape=CERTIFICATE_CODE,
        label=_("Verification code"),
        required_message=_("Type the verification code printed on the certificate."),
        invalid_message=_(
            "This is not a certificate code. It looks like SRT-ABCD-EFGH: SRT and two groups of "
            "four letters or digits, printed beside the QR code."
        ),
    )

    def code(self):
        """The code as certificates carry it, for the lookup and to show back; what the field
        refuses is shown as typed (without a NUL byte, at most 40 characters)."""
        if self.is_valid():
            return self.cleaned_data["kode"]
        return self.data.get("kode", "").replace("\x00", "").strip()[:40]


class MessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("To"),
        choices=MessageAudience.choices,
        initial=MessageAudience.CONFIRMED,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = LongTextField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text. Each person gets it by e-mail and in the portal; they cannot reply "
            "to the e-mail, so say how to reach you."
        ),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[
            (5, _("5 — very good")),
            (4, _("4 — good")),
            (3, _("3 — fair")),
            (2, _("2 — poor")),
            (1, _("1 — very poor")),
        ],
        widget=forms.RadioSelect,
    )
    comment = LongTextField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was useful, and what should the organisers change?"),
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, JPG or PNG."))
    public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=_("Otherwise only confirmed participants and the organisers can download it."),
    )


class PublicFilterForm(SectorRegencyFilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *TrainingKind.choices]
    )
    mode = forms.ChoiceField(
        label=_("Mode"), required=False, choices=[("", _("Any mode")), *Mode.choices]
    )
    open_only = forms.BooleanField(label=_("Open for registration"), required=False)

    field_order = ["q", "kind", "sector", "regency", "mode", "open_only"]


class ArchiveFilterForm(PublicFilterForm):
    """The archive's filters: those of the public list but "open for registration"."""

    open_only = None

    field_order = ["q", "kind", "sector", "regency", "mode"]


class ManageFilterForm(PublicFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *TrainingStatus.choices],
    )
    organiser = AgencyField(
        label=_("Organiser"),
        required=False,
        help_text=_("An agency's name or acronym; leave empty for all."),
    )
    starting_soon = forms.BooleanField(label=_("Starting within 7 days"), required=False)
    awaiting_approval = forms.BooleanField(
        label=_("With registrations awaiting approval"), required=False
    )

    field_order = [
        "q",
        "status",
        "organiser",
        "starting_soon",
        "awaiting_approval",
        "kind",
        "sector",
        "regency",
        "mode",
        "open_only",
    ]


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *RegistrationStatus.choices],
    )
