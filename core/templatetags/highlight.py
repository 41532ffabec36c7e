from django import template

from core.fulltext import marked as marked_snippet

register = template.Library()


@register.filter
def marked(snippet):
    """A search snippet (core.fulltext.headline) as HTML: the text escaped, its matches in
    <mark>."""
    return marked_snippet(snippet)
