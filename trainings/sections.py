"""Sections that higher apps (the forum) add to a training's page; see
agencies/profile_sections.py for how a section is declared."""

from agencies.profile_sections import SectionRegistry

detail = SectionRegistry()
