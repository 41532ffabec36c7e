"""Sections that higher apps (partnerships, trainings, forums) add to the agency profile page;
see core/sections.py for how a section is declared."""

from core.sections import SectionRegistry

profile = SectionRegistry()
