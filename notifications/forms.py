from django import forms

from .enums import Channel
from .registry import KINDS


class PreferencesForm(forms.Form):
    """One choice per kind of notification; mandatory kinds cannot be turned off."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in sorted(KINDS.items(), key=lambda item: str(item[1].label)):
            choices = Channel.choices
            if kind.mandatory:
                choices = [c for c in choices if c[0] != Channel.OFF]
            self.fields[key] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current.get(key, Channel.EMAIL),
            )
