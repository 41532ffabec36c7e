import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from agencies.forms import AgencyField, SectorRegencyFilterForm
from agencies.models import Regency, Sector
from core.converters import TRACKING_CODE
from core.forms import CodeField, LimitedCharField, LongTextField

from .enums import Privacy, ReportReason, SubmissionKind, SubmissionStatus, Verdict
from .models import Meeting
from .services import BODY_MAX, MAX_ATTACHMENTS, REPLY_MAX, REPORT_NOTE_MAX, TITLE_MAX

CONSENT = _(
    "I agree that Sumut Mitra processes what I send here, with my name and e-mail address, to "
    "handle this input: the secretariat and the agency it is forwarded to read it, and I get "
    "e-mails about its progress. My e-mail address is never published. I can download or erase "
    "my data at any time (UU 27/2022 on Personal Data Protection)."
)
FILL_SALT = "sumut_mitra.forums.form-started"
ATTACHMENTS_HELP = _(
    "Up to %(count)s photos (JPEG, PNG, iPhone HEIC) or PDFs, at most 10 MB each. File names "
    "are replaced; PDF author data and photo location/camera data are removed."
)


class SpamGuardMixin(forms.Form):
    """A honeypot field people never see, and the time the form was shown (signed)."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = signing.dumps(time.time(), salt=FILL_SALT)

    def looks_like_a_bot(self, min_seconds):
        if self.cleaned_data.get("website"):
            return True
        try:
            started = signing.loads(self.cleaned_data.get("started") or "", salt=FILL_SALT)
        except signing.BadSignature:
            return True
        return time.time() - float(started) < min_seconds


# What the file picker offers (the server reads each file's content whatever it is called); a
# phone's picker shows HEIC photos only when they are named here.
ACCEPTED_FILES = "image/jpeg,image/png,image/heic,image/heif,.heic,.heif,application/pdf"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ACCEPTED_FILES}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class SubmissionForm(SpamGuardMixin):
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=SubmissionKind.choices, widget=forms.RadioSelect
    )
    title = LimitedCharField(label=_("Title"), max_length=TITLE_MAX)
    body = LongTextField(
        label=_("Your text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=BODY_MAX,
        help_text=_("Plain text; **bold**, *italic*, lists and links work. No HTML."),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("— not sure —"),
    )
    regency = forms.ModelChoiceField(
        label=_("Regency/city"),
        queryset=Regency.objects.all(),
        required=False,
        empty_label=_("— not sure —"),
    )
    target_agency = AgencyField(
        label=_("Agency it concerns (if you know)"),
        required=False,
        help_text=_("Its name or acronym; leave empty if you are not sure."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
    )
    privacy = forms.ChoiceField(
        label=_("Who may see it?"),
        choices=Privacy.choices,
        initial=Privacy.PUBLIC,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=150,
        help_text=_("Optional. Shown only if you choose “public”."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to confirm it, and your tracking code. Never published."),
    )
    consent = forms.BooleanField(label=CONSENT)

    field_order = [
        "kind",
        "title",
        "body",
        "sector",
        "regency",
        "target_agency",
        "attachments",
        "privacy",
        "name",
        "email",
        "consent",
        "website",
        "started",
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = ATTACHMENTS_HELP % {"count": MAX_ATTACHMENTS}
        if user is not None and user.is_authenticated:
            del self.fields["name"]
            del self.fields["email"]
            self.fields["privacy"].choices = [
                (
                    Privacy.PUBLIC,
                    _("Public: published with my name (%(name)s)") % {"name": user.full_name},
                ),
                *Privacy.choices[1:],
            ]

    @property
    def files_dropped(self):
        """Shown again with errors after files were chosen: what was typed is kept, the files
        are not (no browser lets a page choose files for the person), so they must be chosen
        again."""
        return self.is_bound and bool(self.errors) and bool(self.files.getlist("attachments"))


def tracking_code_field():
    """A tracking code as people type it (" sm 2026 7k3mqx " reads as SM-2026-7K3MQX)."""
    return CodeField(
        shape=TRACKING_CODE,
        label=_("Tracking code"),
        help_text=_("For example SM-2026-7K3MQX."),
        required_message=_("Type the tracking code you got when you sent your input."),
        invalid_message=_(
            "This is not a tracking code. It looks like SM-2026-7K3MQX: SM, the year and six "
            "letters or digits. Check it in the e-mail we sent you."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class LookupForm(forms.Form):
    code = tracking_code_field()
    email = forms.EmailField(
        label=_("The e-mail address you used"),
        error_messages={"required": _("Type the e-mail address you sent your input with.")},
    )


class AccessLinkForm(forms.Form):
    """The way back in without typing the address: a link goes to the address on record."""

    code = tracking_code_field()


class ReplyForm(forms.Form):
    body = LongTextField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=REPLY_MAX
    )


REASON_HELP = _(
    "The agency and the secretariat read it; it is not published. Write no name, address or "
    "phone number here."
)


class RatingForm(forms.Form):
    """The submitter's rating of the official answer (services.answer_rate)."""

    verdict = forms.ChoiceField(
        label=_("Does the answer satisfy you?"),
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the answer satisfies you.")},
    )
    reason = forms.CharField(
        label=_("If not, what is missing?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=REASON_HELP,
    )


class AppealForm(forms.Form):
    """ "Tidak puas, minta tindak lanjut" (services.submission_appeal)."""

    reason = forms.CharField(
        label=_("Why does the answer not satisfy you?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=REASON_HELP,
        error_messages={"required": _("Say what is missing from the answer; the agency reads it.")},
    )


class AnswerForm(forms.Form):
    body = LongTextField(
        label=_("Official answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=BODY_MAX,
        help_text=_("Published with the submission unless it is rahasia. Say what will be done."),
    )


class NoteForm(forms.Form):
    body = LongTextField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REPLY_MAX,
        help_text=_("Only the secretariat and the assigned agency's staff ever see notes."),
    )


class ReasonForm(forms.Form):
    reason = LongTextField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The resident reads it."),
    )


class ForwardForm(forms.Form):
    agency = AgencyField(label=_("Forward to"), help_text=_("A verified agency's name or acronym."))
    note = LongTextField(
        label=_("Note for the agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PrivacyForm(forms.Form):
    privacy = forms.ChoiceField(label=_("Privacy"), choices=Privacy.choices)


class ReportForm(SpamGuardMixin):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    note = LongTextField(
        label=_("Anything to add?"),
        required=False,
        max_length=REPORT_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SupportEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link; your support counts once you open it. Never published."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my e-mail address is kept to count my support once.")
    )


# Ten years; longer is "until lifted" (the field left empty). A day count past what a date can
# hold made the suspension's end date fail with a 500.
MAX_SUSPENSION_DAYS = 3650


class SuspendForm(forms.Form):
    reason = LongTextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    days = forms.IntegerField(
        label=_("Days"),
        required=False,
        min_value=1,
        max_value=MAX_SUSPENSION_DAYS,
        help_text=_("Leave empty to suspend until lifted in the admin."),
    )


class MeetingForm(forms.ModelForm):
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["title", "agenda", "starts_at", "ends_at", "place", "online_link"]
        field_classes = {"agenda": LongTextField}
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        labels = {"starts_at": _("Starts (WIB)"), "ends_at": _("Ends (WIB)")}


class PublicFilterForm(SectorRegencyFilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *SubmissionKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            *[
                (s.value, s.label)
                for s in SubmissionStatus
                if s not in {SubmissionStatus.UNCONFIRMED, SubmissionStatus.REJECTED}
            ],
        ],
    )

    field_order = ["q", "kind", "status", "sector", "regency"]


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tracking code or title"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "SM-2026-…"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open")), *SubmissionStatus.choices],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    agency = AgencyField(
        label=_("Assigned agency"),
        required=False,
        help_text=_("An agency's name, acronym or address; leave empty for all."),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        """`agencies`: the agencies the person may filter by (None: every verified one)."""
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
