"""`{{ body|markdown }}`: what people write, in the safe Markdown subset of core.text, as HTML.
The forum stores the rendered HTML with each post; other pages render it on the way out."""

from django import template
from django.utils.safestring import mark_safe

from core import text

register = template.Library()


@register.filter
def markdown(value):
    return mark_safe(text.render(value))  # nh3 has sanitised it (core.text)  # noqa: S308
