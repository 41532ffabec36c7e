from django import template

from ..money import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """1250000 -> "Rp 1.250.000": every amount on every page (core.money writes it)."""
    if amount in (None, ""):
        return ""
    return format_rupiah(amount)
