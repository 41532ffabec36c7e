"""What a person typed in the portal's search box, read as web searches read it (PostgreSQL's
websearch_to_tsquery): words that must all be found, "a phrase" whose words must stand
together in that order, -word or -"a phrase" that must not be found, and `word OR word` for
either. One reading answers both passes of core.fulltext.ranked alike:

- the exact pass (`Search.tsquery`): every term in the stored vector, the last word typed also
  as the start of a word, as people type;
- the typo pass (`Search.typo_q`), asked only when the exact pass finds nothing of a kind:
  every term must still be there. A word of core.search.TYPO_MIN_LENGTH letters or more may be
  misspelt: it is read also as the known words (the lexicon of every searched text,
  core.models.SearchWord) at most `allowed_edits` letters from it by their Levenshtein
  distance, a near spelling and not a word that merely shares pieces ("pengemasan" is not
  "pengembangan"), and those are searched as words are, through the vectors' indexes. A
  shorter word, a phrase and an excluded term count only as typed: "las medann" needs "las"
  and a near spelling of "medan".

Nothing typed is read as tsquery syntax: a term is words of letters and digits, quoted; the
operators are ours. core.fulltext.text_query and core.search.typo_q (the lists' own search
boxes) are left as they are.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import BooleanField, F, Func, Q

from . import spellings
from .search import TYPO_MIN_LENGTH
from .searchvectors import COLUMN, CONFIG

MAX_WORDS = 8  # a pasted paragraph is not a search: its first words are
WORD = re.compile(r"[^\W_]+")
# A quoted phrase (to the end when its quote is not closed), or a run of anything else.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def allowed_edits(word):
    """How many letters a near spelling of `word` may differ by (inserted, dropped or
    changed): one up to seven letters ("lmbah", "medann"), two from eight ("pelatiahn")."""
    return 1 if len(word) < 8 else 2


@dataclass(frozen=True)
class Term:
    """A word, or a phrase (its words in that order); `prefix`: also as a word's start."""

    words: tuple
    prefix: bool = False
    # A word written two ways (core.spellings): `apart`, words to find wherever they stand
    # ("kerja sama" for "kerjasama"); `spelled`, a form the person did not type.
    apart: bool = False
    spelled: bool = False

    @property
    def phrase(self):
        return len(self.words) > 1 and not self.apart

    @property
    def guessable(self):
        """Whether a typo of it may be guessed: a single word of letters, long enough (a
        number or a code is typed as it is: "SM-2026-000124" is not near "...000123")."""
        word = self.words[0]
        return len(self.words) == 1 and len(word) >= TYPO_MIN_LENGTH and word.isalpha()

    def tsquery_text(self):
        quoted = [f"'{word}'" for word in self.words]
        if self.prefix:
            quoted[-1] += ":*"
        if len(quoted) == 1:
            return quoted[0]
        return f"({(' & ' if self.apart else ' <-> ').join(quoted)})"

    def written(self):
        text = " ".join(self.words)
        return f'"{text}"' if self.phrase else text


@dataclass
class Search:
    """A query read: each of `groups` must be found (a group is a list of Terms, one of
    which will do: OR); none of `excluded` may be. `dropped`: words past MAX_WORDS."""

    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    _typo_texts: dict = field(default_factory=dict, repr=False, compare=False)

    def __bool__(self):
        return bool(self.groups)

    @property
    def searched(self):
        """The query as it is searched, in the box's own syntax."""
        parts = [
            " OR ".join(term.written() for term in group if not term.spelled)
            for group in self.groups
        ]
        return " ".join(parts + [f"-{term.written()}" for term in self.excluded])

    def tsquery_text(self):
        parts = []
        for group in self.groups:
            either = [term.tsquery_text() for term in group]
            parts.append(f"({' | '.join(either)})" if len(either) > 1 else either[0])
        return " & ".join(parts + [f"!{term.tsquery_text()}" for term in self.excluded])

    def tsquery(self):
        """The exact pass's tsquery, or None when nothing is to be found."""
        if not self:
            return None
        return SearchQuery(self.tsquery_text(), search_type="raw", config=CONFIG)

    def typo_q(self, column=COLUMN, using=DEFAULT_DB_ALIAS):
        """The typo pass's condition (see the module), or None when no word is long enough
        to guess from: the stored vector matches the query with each long word read also as
        the known words spelt nearly like it (core_near_words, from the lexicon; core 0007).

        The near spellings are looked up once (`typo_tsquery`), before the statements that
        search with them (core_near_words took 1-6 ms a kind at 10x). Each statement reads
        the tsquery as a subquery's value, which the planner cannot weigh: as a constant,
        each lexeme missing from the vectors' statistics counted as 0.5% of the rows, so two
        of them made PostgreSQL walk all 200,000 submissions for a typo found in none."""
        if not self.guessable:
            return None
        return Q(_Matches(F(column), self.typo_tsquery(using)))

    @property
    def guessable(self):
        return any(term.guessable for group in self.groups for term in group)

    def typo_tsquery(self, using=DEFAULT_DB_ALIAS):
        """The typo pass's tsquery as text (one query, the first time it is asked for)."""
        if using not in self._typo_texts:
            params = []
            sql = _typo_sql(self, params)
            with connections[using].cursor() as cursor:
                cursor.execute(f"SELECT ({sql})::text", params)
                self._typo_texts[using] = cursor.fetchone()[0]
        return self._typo_texts[using]


def parse(query, *, stop_words=frozenset()):
    """`query` read as a Search. Plain words in `stop_words` are left out (a phrase keeps
    them); a word typed twice counts once."""
    search = Search()
    tokens = list(TOKEN.finditer((query or "").lower()))
    either, after_found, count = False, False, 0
    for number, token in enumerate(tokens):
        negated, quoted, bare = token.group(1), token.group(2), token.group(3)
        if bare == "or":
            either = after_found  # "a OR b": between two terms to find
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, quoted, bare = "-", bare[1:], None
        last = number == len(tokens) - 1
        if quoted is not None:
            words = WORD.findall(quoted)
            terms = [Term(tuple(words))] if len(words) > 1 else [Term((w,)) for w in words]
        else:
            words = WORD.findall(bare)
            terms = [Term((w,), prefix=last and n == len(words) - 1) for n, w in enumerate(words)]
        for term in terms:
            if not term.phrase and term.words[0] in stop_words:
                continue
            if count + len(term.words) > MAX_WORDS:
                search.dropped.extend(term.words)
                continue
            if negated:
                if term not in search.excluded:
                    search.excluded.append(term)
                    count += len(term.words)
                continue
            if any(term.words == known.words for group in search.groups for known in group):
                continue
            if either:
                search.groups[-1].append(term)
            else:
                search.groups.append([term])
            count += len(term.words)
            either, after_found = False, True
        if negated:
            either = after_found = False
    search.groups = _spelled(search.groups)
    return search


def _spelled(groups):
    """`groups` with each word written two ways (core.spellings) found either way: a run of
    groups of one plain word each is read for the known forms ("kerjasama" and "kerja sama",
    "deliserdang" and "deli serdang"); a form's words are found wherever they stand."""
    found, start = [], 0
    while start < len(groups):
        end = start
        while end < len(groups) and len(groups[end]) == 1 and len(groups[end][0].words) == 1:
            end += 1
        if end == start:
            found.append(groups[start])
            start += 1
            continue
        run = [group[0] for group in groups[start:end]]
        at = 0
        for forms in spellings.alternatives([term.words[0] for term in run]):
            typed, size = forms[0], len(forms[0])
            prefix = run[at + size - 1].prefix
            if len(forms) == 1:
                found.append([run[at]])
            else:
                first = run[at] if size == 1 else Term(typed, prefix=prefix, apart=True)
                others = [
                    Term(form, prefix=prefix, apart=len(form) > 1, spelled=True)
                    for form in forms[1:]
                ]
                found.append([first, *others])
            at += size
        start = end
    return found


def _typo_sql(search, params):
    """The SQL of the typo pass's tsquery (Search.typo_q), its parameters added to `params`."""

    def exact(term):
        params.append(term.tsquery_text())
        return f"to_tsquery('{CONFIG}', %s)"

    def either(term):
        if not term.guessable:
            return exact(term)
        typed = exact(term)
        near = "core_near_words(%s, %s)"
        params.extend([term.words[0], allowed_edits(term.words[0])])
        typed_again = exact(term)  # what is typed alone when nothing is near
        return f"coalesce({typed} || {near}, {typed_again})"

    parts = []
    for group in search.groups:
        terms = [either(term) for term in group]
        parts.append(f"({' || '.join(terms)})" if len(terms) > 1 else terms[0])
    parts += [f"!!{exact(term)}" for term in search.excluded]
    return " && ".join(parts)


class _Matches(Func):
    """Whether a stored vector matches a tsquery given as its text (not normalised again:
    the near spellings are stems already), made once for the statement (Search.typo_q)."""

    output_field = BooleanField()

    def __init__(self, vector, tsquery_text):
        super().__init__(vector)
        self.tsquery_text = tsquery_text

    def as_sql(self, compiler, connection, **extra_context):
        vector, params = compiler.compile(self.source_expressions[0])
        return f"{vector} @@ (SELECT %s::tsquery)", [*params, self.tsquery_text]
