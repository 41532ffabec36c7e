"""The agency profile lists the agency's public agreements (agencies cannot import us)."""

from agencies.profile_sections import ProfileSection, register

from .selectors import public_agreements_of_agency


def _context(request, agency):
    agreements = list(public_agreements_of_agency(agency).prefetch_related("parties__agency")[:20])
    return {"agreements": agreements, "agency": agency}


register(
    ProfileSection(
        key="agreements", template="partnerships/_profile_section.html", context=_context, order=10
    )
)
