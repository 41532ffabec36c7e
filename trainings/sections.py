"""Sections on a training's page, and trainings on the pages of lower apps (the agency profile
and the agreement pages).

Higher apps (the forum) add sections to a training's page through `detail`; see
core/sections.py for how a section is declared.
"""

from agencies import sections as agency_sections
from core.sections import Section, SectionRegistry
from partnerships import sections as agreement_sections

from .selectors import public_trainings_of_agency, trainings_of_agreement

detail = SectionRegistry()


def _agency_context(request, agency):
    trainings = list(public_trainings_of_agency(request.user, agency)[:20])
    return {"trainings": trainings, "empty_note": "agency"}


def _agreement_context(request, agreement):
    trainings = list(trainings_of_agreement(request.user, agreement)[:20])
    return {"trainings": trainings, "empty_note": "agreement"}


agency_sections.profile.register(
    Section(key="trainings", template="trainings/_section.html", context=_agency_context, order=20)
)
for registry in (agreement_sections.staff, agreement_sections.public):
    registry.register(
        Section(
            key="trainings",
            template="trainings/_section.html",
            context=_agreement_context,
            order=20,
        )
    )
