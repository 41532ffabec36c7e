from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from ..glossary import ABBREVIATION, definition

register = template.Library()


@register.filter(is_safe=True)
def abbreviations(text):
    """`text` (escaped) with each known abbreviation in an <abbr> that says what it stands for
    and means: on hover, and to screen readers ("Region with a third party (KSDPK)")."""
    escaped = str(conditional_escape(text))
    return mark_safe(  # noqa: S308 - the text is escaped above; the definitions are ours, escaped
        ABBREVIATION.sub(
            lambda match: f'<abbr title="{escape(definition(match[1]))}">{match[1]}</abbr>',
            escaped,
        )
    )
