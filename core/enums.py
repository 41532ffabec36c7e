"""The base of every status enum: each status owns the colour of its badge (CONVENTIONS rule 16).

A member is written `NAME = value, colour, label`, so a status's meaning, colour and words sit on
one line and a status without a colour cannot be declared.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Bootstrap's contextual colours (`text-bg-<colour>`). UI.md: waiting amber, active green,
# refused or stopped red, in progress blue, done dark, not started grey.
BADGE_COLOURS = frozenset(
    {"primary", "secondary", "success", "danger", "warning", "info", "light", "dark"}
)


class StatusChoices(models.TextChoices):
    """A TextChoices whose members also carry their badge colour: `member.badge`."""

    def __new__(cls, value, badge=None):
        if badge is None:
            raise TypeError(f"{cls.__name__}: write {value!r} as `NAME = value, colour, label`")
        if badge not in BADGE_COLOURS:
            raise ValueError(f"{cls.__name__}: {badge!r} is not a badge colour ({value!r})")
        member = str.__new__(cls, value)
        member._value_ = value
        member.badge = badge
        return member


def status_enums():
    """Every status enum, by class name (the name templates use to draw a raw value's badge)."""
    found = {}
    pending = list(StatusChoices.__subclasses__())
    while pending:
        enum = pending.pop()
        pending.extend(enum.__subclasses__())
        if not enum.__members__:  # a base without statuses, or one whose declaration failed
            continue
        if enum.__name__ in found and found[enum.__name__] is not enum:
            raise ImproperlyConfigured(
                f"Two status enums are called {enum.__name__}: "
                f"{found[enum.__name__].__module__} and {enum.__module__}"
            )
        found[enum.__name__] = enum
    return found


_by_name = {}


def status_enum(name):
    """The status enum called `name` ("AgencyStatus"); LookupError when there is none."""
    if name not in _by_name:
        _by_name.clear()
        _by_name.update(status_enums())
    try:
        return _by_name[name]
    except KeyError:
        raise LookupError(f"No status enum is called {name!r}") from None
