from django import template
from django.utils.translation import gettext as _

from .. import rules
from ..enums import Privacy, ReplyKind

register = template.Library()


register.filter("public_name", rules.public_name)
public_name = rules.public_name


@register.filter
def reply_author(reply):
    """Who wrote a reply, as the public thread shows it."""
    if reply.kind == ReplyKind.ANSWER and reply.agency_id:
        return reply.agency.name
    if reply.by_submitter:
        return public_name(reply.submission) if reply.submission_id else _("The submitter")
    if reply.agency_id:
        return reply.agency.name
    if reply.author_id:
        return reply.author.full_name
    return _("A resident")


@register.filter
def privacy_label(privacy):
    """A short privacy badge: Public, Anonymous, Confidential."""
    return {
        Privacy.PUBLIC: _("Public"),
        Privacy.ANONYMOUS: _("Anonymous"),
        Privacy.CONFIDENTIAL: _("Confidential"),
    }.get(privacy, privacy)
