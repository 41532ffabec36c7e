"""Typo tolerance for the public searches: a word typed as people type it on a phone
("sertifkasi", "lmbah", "pelatiahn") still finds what it was meant to find.

PostgreSQL's pg_trgm compares the words of a query with the words of a column by their
three-letter pieces. `typo_q` adds, for each word long enough to guess from, a match on the
word's similarity to some word of the column (the `%>` operator, which a GIN `gin_trgm_ops`
index on the column answers: every searched column has one). Exact and full-text matches still
come first wherever a list orders by relevance; a typo only widens what is found.
"""

from django.db.models import Q

# Shorter words ("las", "kopi") share pieces with too many others to guess a typo from.
TYPO_MIN_LENGTH = 5


def search_words(query):
    """The words of `query` a typo can be guessed from, each once, in the order typed."""
    seen = []
    for word in query.lower().split():
        word = word.strip(".,;:!?\"'()[]")
        if len(word) >= TYPO_MIN_LENGTH and word not in seen:
            seen.append(word)
    return seen


def typo_q(query, *fields):
    """Rows where every long word of `query` is like some word of one of `fields` (pg_trgm's
    word similarity, at the threshold the database sets: 0.45, migration core 0004); None when
    no word is long enough (an empty Q() would match every row once ORed into the caller's
    matches)."""
    words = search_words(query)
    if not words:
        return None
    every_word = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__trigram_word_similar": word})
        every_word &= any_field
    return every_word


def with_typos(matches, query, *fields):
    """`matches`, or rows whose words are like the query's (see typo_q)."""
    typos = typo_q(query, *fields)
    return matches | typos if typos is not None else matches
