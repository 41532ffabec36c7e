"""Sections on agreement pages, and the agency's agreements on the agency profile.

Higher apps (trainings, forums) add sections to agreement pages: `staff` renders on the
parties' detail page, `public` on the public page; see core/sections.py for how a section is
declared.
"""

from agencies import sections as agency_sections
from core.sections import Section, SectionRegistry

from .selectors import public_agreements_of_agency

staff = SectionRegistry()
public = SectionRegistry()


def _agency_context(request, agency):
    agreements = list(public_agreements_of_agency(agency).prefetch_related("parties__agency")[:20])
    return {"agreements": agreements, "agency": agency}


agency_sections.profile.register(
    Section(
        key="agreements",
        template="partnerships/_profile_section.html",
        context=_agency_context,
        order=10,
    )
)
