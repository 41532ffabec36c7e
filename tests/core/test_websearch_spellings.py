"""The portal's search box (core.websearch) finds a word written two ways (core.spellings)
either way, without saying so in what it shows as searched."""

from core import websearch


def test_a_closed_form_is_also_looked_for_open_and_the_open_one_closed():
    closed = websearch.parse("kerjasama medan")
    assert closed.tsquery_text() == "('kerjasama' | ('kerja' & 'sama')) & 'medan':*"
    assert closed.searched == "kerjasama medan"
    typed_open = websearch.parse("pelatihan kerja sama")
    assert typed_open.tsquery_text() == "'pelatihan' & (('kerja' & 'sama':*) | 'kerjasama':*)"
    assert typed_open.searched == "pelatihan kerja sama"


def test_a_phrase_an_excluded_word_and_or_are_read_as_typed():
    search = websearch.parse('"kerja sama" -deliserdang las OR juru')
    assert search.tsquery_text() == "('kerja' <-> 'sama') & ('las' | 'juru':*) & !'deliserdang'"
    assert search.searched == '"kerja sama" las OR juru -deliserdang'


def test_a_spelled_form_is_no_typo_to_guess():
    search = websearch.parse("deli serdang")
    (group,) = search.groups
    assert [term.words for term in group] == [("deli", "serdang"), ("deliserdang",)]
    assert not group[0].guessable and group[1].guessable and group[1].spelled
