from django import template

from ..enums import MILESTONE_BADGE, REPORT_BADGE, STATUS_BADGE, AgreementStatus

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


@register.filter
def rupiah(amount):
    """1250000 -> "Rp 1.250.000" (Indonesian thousands separator, no decimals)."""
    if amount in (None, ""):
        return ""
    return "Rp " + f"{int(amount):,}".replace(",", ".")


@register.filter
def badge_of(status, kind):
    """The colour of a milestone or report status."""
    return {"milestone": MILESTONE_BADGE, "report": REPORT_BADGE}[kind].get(status, "secondary")
