from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.datasets import COUNT, DAYS, HIDDEN, MINIMUM_SHOWN, MONEY, MONTH, PERCENT
from core.money import format_rupiah

register = template.Library()


@register.simple_tag
def stat_cell(row, column):
    """One figure as the page writes it: 1.250, Rp 1.250.000, 62%, 3,5, November 2026; "< 3"
    for a count withheld; "–" where there is no figure (a share of nothing)."""
    value = row.get(column.key) if isinstance(row, dict) else row
    return stat_value(value, column.kind)


# A large amount in words, for the figures at the top of the page (a phone's half-width card
# holds "Rp 8 miliar", not "Rp 8.000.000.000"); the sections below give the exact amount.
AMOUNT_WORDS = [
    (10**12, gettext_lazy("Rp %(amount)s trillion")),
    (10**9, gettext_lazy("Rp %(amount)s billion")),
    (10**6, gettext_lazy("Rp %(amount)s million")),
]


def short_rupiah(amount):
    """8000000000 -> "Rp 8 miliar", 1080000000 -> "Rp 1,1 miliar", 480000000 -> "Rp 480 juta"
    (one decimal at most); what rounds to less than a million, exactly."""
    for size, words in AMOUNT_WORDS:
        # Rounded first: 999.960.000 is "Rp 1 miliar", not "Rp 1.000 juta".
        number = (Decimal(amount) / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if number >= 1:
            whole = number == number.to_integral_value()
            shown = number_format(
                int(number) if whole else number,
                decimal_pos=None if whole else 1,
                use_l10n=True,
                force_grouping=True,
            )
            return words % {"amount": shown}
    return format_rupiah(amount)


@register.simple_tag
def stat_value(value, kind, short=False):
    """`short`: an amount of a million rupiah or more in words (the cards at the top of the
    page), with the exact amount as its hover text."""
    if short and kind == MONEY and isinstance(value, int) and value >= 10**6:
        return format_html('<span title="{}">{}</span>', format_rupiah(value), short_rupiah(value))
    if value is HIDDEN:
        return format_html(
            '<abbr title="{}">&lt; {}</abbr>',
            _("Fewer than %(n)s: withheld so that no one can be singled out")
            % {"n": MINIMUM_SHOWN},
            MINIMUM_SHOWN,
        )
    if value is None:
        return format_html('<span aria-label="{}">–</span>', _("no figure"))
    if kind == MONEY:
        return format_rupiah(value)
    if kind == PERCENT:
        return f"{intcomma(value)}%"
    if kind == DAYS:
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    if kind == COUNT:
        return intcomma(value)
    if kind == MONTH:
        return date_format(value, "F Y")
    return value


@register.filter
def bar_with_label(dataset):
    """The label of the second bar's column (the legend under a planned-vs-realised chart)."""
    return dataset.column(dataset.bar_column.bar_with).label
