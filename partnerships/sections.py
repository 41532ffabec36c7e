"""Sections that higher apps (trainings, forums) add to agreement pages.

`staff` renders on the parties' detail page, `public` on the public page; see
agencies/profile_sections.py for how a section is declared.
"""

from agencies.profile_sections import SectionRegistry

staff = SectionRegistry()
public = SectionRegistry()
