"""Residents write a safe subset of Markdown; what reaches a page is sanitised HTML.

Raw HTML is never interpreted (markdown-it escapes it), images are not allowed, and nh3 keeps
only the tags below with http(s)/mailto links, which open with rel="nofollow ugc noopener".
"""

import re

import nh3
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(["image"])

TAGS = {"p", "br", "a", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre"}
ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"http", "https", "mailto"}
# "www." right after "://" is the same link, counted once.
LINK = re.compile(r"https?://|(?<!/)www\.", re.IGNORECASE)


def render(text):
    html = _markdown.render(text or "")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
    )


def count_links(text):
    return len(LINK.findall(text or ""))


def normalise_newlines(value):
    """Browsers send a textarea's line breaks as CRLF: one break is one character, as the
    counter beside the field (static/js/limits.js) and the person count it."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def too_long(value, limit):
    """What to tell a person whose text is past `limit` characters; None when it fits."""
    count = len(value or "")
    if count <= limit:
        return None
    return _(
        "This text has %(count)s characters, %(over)s more than the %(limit)s that fit. "
        "Shorten it and send it again: what you wrote is kept."
    ) % {
        "count": number_format(count, force_grouping=True),
        "over": number_format(count - limit, force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }


def check_length(value, limit, *, field=None):
    """Refuse a text past `limit` characters (never cut it): a service's own check, with the
    message the form field gives (core.forms.LimitedCharField)."""
    message = too_long(value, limit)
    if message is not None:
        error = ValidationError(message, code="too_long")
        raise ValidationError({field: error}) if field else error


def excerpt(value, limit):
    """The start of a text for a preview (a notification, a calendar entry) that says it goes on:
    the whole text stays where the preview leads."""
    value = value or ""
    return value if len(value) <= limit else f"{value[: limit - 1].rstrip()}…"
