"""Sections that higher apps add to a lower app's pages.

A lower app may not import the apps above it. So a page that shows what those apps hold (the
agency profile lists the agency's agreements, trainings and forum answers) offers a
SectionRegistry in the lower app's sections.py, and each higher app registers a Section on it
from its own sections.py, which its AppConfig.ready imports: a template and a function that
returns the template's context, or None to leave the section out. The page renders the
sections in order.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context: Callable  # (request, obj) -> dict | None
    order: int = 100


class SectionRegistry:
    def __init__(self):
        self._sections: dict[str, Section] = {}

    def register(self, section):
        self._sections[section.key] = section

    def sections_for(self, request, obj):
        rendered = []
        for section in sorted(self._sections.values(), key=lambda s: (s.order, s.key)):
            context = section.context(request, obj)
            if context is not None:
                rendered.append(
                    {"template": section.template, "context": context, "key": section.key}
                )
        return rendered
