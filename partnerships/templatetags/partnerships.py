from django import template

register = template.Library()


@register.filter
def rupiah(amount):
    """1250000 -> "Rp 1.250.000" (Indonesian thousands separator, no decimals)."""
    if amount in (None, ""):
        return ""
    return "Rp " + f"{int(amount):,}".replace(",", ".")
