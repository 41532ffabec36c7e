from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.datasets import COUNT, DAYS, HIDDEN, MINIMUM_SHOWN, MONEY, PERCENT
from core.money import format_rupiah

register = template.Library()


@register.simple_tag
def stat_cell(row, column):
    """One figure as the page writes it: 1.250, Rp 1.250.000, 62%, 3,5; "< 3" for a count
    withheld; "–" where there is no figure (a share of nothing)."""
    value = row.get(column.key) if isinstance(row, dict) else row
    return stat_value(value, column.kind)


@register.simple_tag
def stat_value(value, kind):
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
    return value


@register.filter
def bar_with_label(dataset):
    """The label of the second bar's column (the legend under a planned-vs-realised chart)."""
    return dataset.column(dataset.bar_column.bar_with).label
