"""Sections that higher apps add to a lower app's pages.

The agencies app sits below partnerships, trainings and forums and may not import them. Each of
those registers a section here (in its AppConfig.ready): a template and a function that returns
its context, or None to leave the section out. The page renders them in order. Partnerships
offers the same for agreement pages (partnerships/sections.py) with its own SectionRegistry.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileSection:
    key: str
    template: str
    context: Callable  # (request, obj) -> dict | None
    order: int = 100


class SectionRegistry:
    def __init__(self):
        self._sections: dict[str, ProfileSection] = {}

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


# The agency profile page.
profile = SectionRegistry()
register = profile.register
sections_for = profile.sections_for
