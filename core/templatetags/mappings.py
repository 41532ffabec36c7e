from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """mapping[key] in a template (badge colours by status); None when missing."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
