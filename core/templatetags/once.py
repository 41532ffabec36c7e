"""`{% once_token %}`: the one-time token of a create form (core.once), fresh at each drawing."""

from django import template

from core import once

register = template.Library()


@register.simple_tag
def once_token():
    return once.token_input()
