from django import template

from ..enums import STATUS_BADGE, AgreementStatus

register = template.Library()


@register.filter
def status_badge(status):
    """The Bootstrap colour of a status (UI.md: one colour per meaning, everywhere)."""
    return STATUS_BADGE.get(status, "secondary")


@register.filter
def status_label(status):
    try:
        return AgreementStatus(status).label
    except ValueError:
        return status
