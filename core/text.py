"""Residents write a safe subset of Markdown; what reaches a page is sanitised HTML.

Raw HTML is never interpreted (markdown-it escapes it), images are not allowed, and nh3 keeps
only the tags below with http(s)/mailto links, which open with rel="nofollow ugc noopener".
"""

import re

import nh3
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
