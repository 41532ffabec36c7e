from django import template
from django.utils.html import format_html

from ..enums import StatusChoices, status_enum

register = template.Library()

UNKNOWN = "secondary"


@register.simple_tag
def status_badge(status, statuses=None, id=None):
    """A status's badge, in its enum's colour (UI.md: one colour per meaning, everywhere).

    `status` is an enum member, or a stored value with the name of its enum:
    {% status_badge agency.status "AgencyStatus" %}. `id` names the badge for in-place updates.
    """
    enum = status_enum(statuses) if statuses else type(status)
    member = None
    if isinstance(enum, type) and issubclass(enum, StatusChoices):
        try:
            member = enum(status)
        except ValueError:
            member = None
    elif statuses is None and status not in (None, ""):
        raise template.TemplateSyntaxError(
            f"status_badge needs the name of the status enum of {status!r}"
        )
    colour, label = (member.badge, member.label) if member is not None else (UNKNOWN, status or "")
    if id:
        return format_html('<span class="badge text-bg-{}" id="{}">{}</span>', colour, id, label)
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)
