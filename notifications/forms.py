import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .enums import Channel
from .models import ReminderRule
from .registry import KINDS


class PreferencesForm(forms.Form):
    """One choice per kind of notification that can reach the person; mandatory kinds cannot
    be turned off."""

    def __init__(self, *args, current, user, **kwargs):
        super().__init__(*args, **kwargs)
        concerning = {key: kind for key, kind in KINDS.items() if kind.concerns(user)}
        for key, kind in sorted(concerning.items(), key=lambda item: str(item[1].label)):
            choices = Channel.choices
            if kind.mandatory:
                choices = [c for c in choices if c[0] != Channel.OFF]
            self.fields[key] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current.get(key, Channel.EMAIL),
            )


class LeadTimesField(forms.CharField):
    """Lead times in days, typed as a list of whole numbers ("90, 60, 30, 7, 0"; spaces or
    semicolons do as well): a negative number is days after the moment. Cleaned into a list
    from the farthest to the nearest, each once."""

    MOST = 10
    EARLIEST, LATEST = 730, -365  # two years before the moment .. a year after it

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                "Days before the moment, separated by commas, e.g. 90, 60, 30, 7, 0; a negative "
                "number is days after it (-7: a week late)."
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(days) for days in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        parts = [part for part in re.split(r"[\s,;]+", text) if part]
        days = []
        for part in parts:
            if not re.fullmatch(r"[-−]?\d+", part):
                raise ValidationError(
                    _("“%(value)s” is not a whole number of days."), params={"value": part}
                )
            days.append(int(part.replace("−", "-")))
        if not days:
            raise ValidationError(_("Give at least one lead time, e.g. 7."))
        if len(set(days)) > self.MOST:
            raise ValidationError(_("At most %(most)d lead times."), params={"most": self.MOST})
        wrong = [d for d in days if not self.LATEST <= d <= self.EARLIEST]
        if wrong:
            raise ValidationError(
                _(
                    "Lead times run from %(earliest)d days before the moment to %(latest)d days "
                    "after it; %(wrong)s is outside."
                ),
                params={"earliest": self.EARLIEST, "latest": -self.LATEST, "wrong": wrong[0]},
            )
        return sorted(set(days), reverse=True)


class ReminderRuleForm(forms.ModelForm):
    offsets = LeadTimesField(label=_("lead times (days)"))

    class Meta:
        model = ReminderRule
        fields = ["label", "offsets", "active"]
