from core.sections import Section, SectionRegistry


def test_sections_render_in_order_and_leave_out_those_without_context():
    registry = SectionRegistry()
    registry.register(Section("forum", "forum.html", lambda request, obj: {"n": obj}, order=30))
    registry.register(Section("hidden", "hidden.html", lambda request, obj: None, order=5))
    registry.register(Section("trainings", "t.html", lambda request, obj: {"n": obj * 2}, order=20))
    registry.register(Section("agreements", "a.html", lambda request, obj: {}, order=20))
    assert registry.sections_for(None, 4) == [
        {"template": "a.html", "context": {}, "key": "agreements"},
        {"template": "t.html", "context": {"n": 8}, "key": "trainings"},
        {"template": "forum.html", "context": {"n": 4}, "key": "forum"},
    ]


def test_registering_a_key_again_replaces_the_section_instead_of_showing_it_twice():
    registry = SectionRegistry()
    registry.register(Section("forum", "old.html", lambda request, obj: {}))
    registry.register(Section("forum", "new.html", lambda request, obj: {}))
    assert [s["template"] for s in registry.sections_for(None, None)] == ["new.html"]


def test_each_app_registers_its_sections_on_the_pages_below_it():
    from agencies import sections as agency_sections
    from partnerships import sections as agreement_sections
    from trainings import sections as training_sections

    def keys(registry):
        return sorted(registry._sections)

    assert keys(agency_sections.profile) == ["agreements", "forum", "trainings"]
    assert keys(agreement_sections.staff) == ["forum", "trainings"]
    assert keys(agreement_sections.public) == ["forum", "trainings"]
    assert keys(training_sections.detail) == ["forum"]
