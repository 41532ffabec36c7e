"""Trainings on the pages of lower apps: the agency profile and the agreement pages."""

from agencies.profile_sections import ProfileSection, register
from partnerships import sections

from .selectors import public_trainings_of_agency, trainings_of_agreement


def _agency_context(request, agency):
    trainings = list(public_trainings_of_agency(request.user, agency)[:20])
    return {"trainings": trainings, "empty_note": "agency"}


def _agreement_context(request, agreement):
    trainings = list(trainings_of_agreement(request.user, agreement)[:20])
    return {"trainings": trainings, "empty_note": "agreement"}


register(
    ProfileSection(
        key="trainings", template="trainings/_section.html", context=_agency_context, order=20
    )
)
for registry in (sections.staff, sections.public):
    registry.register(
        ProfileSection(
            key="trainings",
            template="trainings/_section.html",
            context=_agreement_context,
            order=20,
        )
    )
