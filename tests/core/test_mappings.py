from django.template import Context, Template


def render(source, **context):
    return Template("{% load mappings %}" + source).render(Context(context))


def test_lookup_reads_a_mapping_by_a_key_from_the_context():
    badges = {"approved": "success", "waitlisted": "warning"}
    html = render("{{ badges|lookup:status }}", badges=badges, status="waitlisted")
    assert html == "warning"


def test_lookup_of_a_missing_key_or_of_no_mapping_falls_to_the_default():
    source = "{{ badges|lookup:status|default:'secondary' }}"
    assert render(source, badges={"approved": "success"}, status="cancelled") == "secondary"
    assert render(source, badges=None, status="approved") == "secondary"
