"""Sections that higher apps add to the agency profile page.

The agencies app sits below partnerships, trainings and forums and may not import them. Each of
those registers a section here (in its AppConfig.ready): a template and a function that returns
its context, or None to leave the section out. The profile renders them in order.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileSection:
    key: str
    template: str
    context: Callable  # (request, agency) -> dict | None
    order: int = 100


_SECTIONS: dict[str, ProfileSection] = {}


def register(section):
    _SECTIONS[section.key] = section


def sections_for(request, agency):
    rendered = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request, agency)
        if context is not None:
            rendered.append({"template": section.template, "context": context, "key": section.key})
    return rendered
