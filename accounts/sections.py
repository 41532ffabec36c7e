"""Sections that higher apps add to the profile page (see core/sections.py): links to what they
keep for the person, e.g. agencies' personal API keys for staff."""

from core.sections import SectionRegistry

profile = SectionRegistry()
