"""Abbreviations explain themselves: on hover and to screen readers where pages show them, and
on the glossary page."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.glossary import ABBREVIATIONS, TERMS


def render(text):
    return Template("{% load glossary %}{{ text|abbreviations }}").render(Context({"text": text}))


def test_each_abbreviation_is_wrapped_with_what_it_stands_for_and_means():
    with translation.override("id"):
        html = render("Daerah dengan pihak ketiga (KSDPK) · PKS")
    # The meaning already says what KSDPK stands for: it is not said twice.
    assert html.startswith(
        'Daerah dengan pihak ketiga (<abbr title="Kerja sama daerah dengan pihak ketiga: badan '
    )
    assert '<abbr title="Perjanjian Kerja Sama: ' in html and ">PKS</abbr>" in html
    assert html.count("<abbr") == 2


def test_only_whole_words_in_their_case_and_the_text_stays_escaped():
    assert render("KSDPKX pks PKS-2026 <b>PKS</b>") == (
        'KSDPKX pks PKS-2026 &lt;b&gt;<abbr title="Perjanjian Kerja Sama: '
        + str(ABBREVIATIONS["PKS"].meaning)
        + '">PKS</abbr>&lt;/b&gt;'
    )


@pytest.mark.django_db
def test_the_glossary_page_lists_every_term_with_its_meaning_in_the_readers_language(client):
    page = client.get(reverse("glossary")).content.decode()
    for term in TERMS:
        assert f">{term.term}" in page, term.term
    assert "Tim Koordinasi Kerja Sama Daerah" in page
    with translation.override("id"):
        assert str(ABBREVIATIONS["JP"].meaning) in page
    footer = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("glossary")}"' in footer


@pytest.mark.django_db
def test_an_agreement_page_explains_its_kind(client):
    from tests.partnerships.conftest import Setting

    world = Setting()
    agreement = world.bring_into_force(world.draft())
    page = client.get(agreement.get_public_url()).content.decode()
    assert '<abbr title="Kerja sama daerah dengan pihak ketiga: badan usaha' in page
