"""Full-text search over the stored vectors (core.searchvectors): the query a person typed as
a tsquery, its rank, and highlighted snippets that are safe to show.

The text search configuration `sumut_id` (migration core 0005) is Indonesian with unaccent
before the stemmer: "pelatihan", "Pelatihan" and "pelatíhan" are all `latih`. A query's words
must all be found (the last one also as the start of a word, as people type); the small words
that carry no meaning ("di", "dan", "yang", "the") are left out, since the configuration keeps
every word. A word written two ways ("kerja sama", "kerjasama"; core.spellings) is looked for
either way. Typos are core.search's (pg_trgm), ORed in by each app's list search.

The portal's search (`ranked`, `with_snippets`) reads the box as web searches do
(core.websearch via `read_query`: "a phrase", -excluded, OR) in its exact and its typo pass.
"""

import contextvars
import re
from contextlib import contextmanager

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import spellings, websearch
from .searchvectors import COLUMN, CONFIG

# Words that tell nothing apart, Indonesian and English (the UI's two languages).
# fmt: off
STOP_WORDS = frozenset([
    "di", "ke", "dari", "dan", "atau", "yang", "untuk", "dengan", "pada", "dalam", "oleh", "bagi",
    "tentang", "sebagai", "adalah", "ini", "itu", "siapa", "apa", "mana", "bagaimana", "yg",
    "dgn", "utk", "the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "by",
    "with", "who", "what", "which", "where", "how", "is", "are",
])
# fmt: on
MAX_WORDS = 8  # a pasted paragraph is not a search: its first words are
WORD = re.compile(r"\w+")

# What ts_headline puts around a match: characters of Unicode's private use area, taken out of
# the text first, so that only the markers it adds become <mark> once the text is escaped.
START, STOP = "\ue000", "\ue001"


def search_words(query):
    """The words of `query` a full-text search looks for, lower case, each once."""
    words = []
    for word in WORD.findall((query or "").lower()):
        if word not in STOP_WORDS and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def text_query(query):
    """The tsquery of `query` (every word, the last one also as a prefix), or None when
    nothing is left to look for. Words are `\\w+` only, so nothing the person typed is read
    as tsquery syntax."""
    words = search_words(query)
    if not words:
        return None
    return SearchQuery(spelled_terms(words), search_type="raw", config=CONFIG)


def spelled_terms(words):
    """The raw tsquery of `words`: every word, the last one also as a prefix, each written
    either way core.spellings knows ("kerjasama" as ('kerjasama' | 'kerja' & 'sama')). The
    open form's words need not be next to each other, as for any two words typed: a phrase
    (<->) is no condition the GIN index answers, and the planner, which cannot tell how rare
    it is, read all 20,000 submissions of the 1x scale data for "kerja sama" to find none
    (75-98 ms; 17-30 ms as words)."""
    groups = spellings.alternatives(words)
    parts = []
    for number, forms in enumerate(groups):
        options = []
        for form in forms:
            terms = [f"'{word}'" for word in form]
            if number == len(groups) - 1:
                terms[-1] += ":*"
            options.append(" & ".join(terms))
        parts.append(options[0] if len(options) == 1 else f"({' | '.join(options)})")
    return " & ".join(parts)


def read_query(query):
    """`query` as the portal's search reads it (core.websearch: phrases, -excluded, OR); in
    `one_reading`, read once."""
    readings = _READINGS.get()
    if readings is None:
        return websearch.parse(query, stop_words=STOP_WORDS)
    if query not in readings:
        readings[query] = websearch.parse(query, stop_words=STOP_WORDS)
    return readings[query]


_READINGS = contextvars.ContextVar("fulltext_readings", default=None)


@contextmanager
def one_reading():
    """Within it (one page's search of every kind) a query is read once: its typo pass's near
    spellings are looked up in the lexicon once for all kinds (websearch.Search.typo_tsquery),
    never kept past it (the lexicon grows as records are written)."""
    token = _READINGS.set({})
    try:
        yield
    finally:
        _READINGS.reset(token)


def matches(tsquery, column=COLUMN):
    """The condition "the stored vector matches" (a GIN index answers it)."""
    return Q(**{column: tsquery})


def rank(tsquery, column=COLUMN):
    return SearchRank(F(column), tsquery)


# How many matches of one kind are ranked: a word in a third of 200,000 submissions ("kerja")
# cost half a second to rank them all, and reading even the newest 1,000 of a common word's
# agreements took 100 ms at 10x. The newest this many are ranked (and counted, shown as
# "200+"); rows that match `also` (a code, an acronym) always are.
MAX_RANKED = 200


# Without JIT either: the typo pass's per-row tests (core.websearch) are costed high enough
# that PostgreSQL compiled the whole statement, 600 ms at 10x, even when the words' rows
# made the typo pass never run (1 ms without).
SERIAL = "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off"


def _select(querysets, *, newest=True):
    """The SQL of the newest MAX_RANKED + 1 ids of each of `querysets`, one after the other,
    or None when none finds anything: by walking the primary key's index backwards until it
    has enough, for a word in a third of the table, or for a rare word through the vectors'
    index and sorted, as the planner weighs it. `newest=False`: any MAX_RANKED + 1, read
    through the vectors' index in the table's order (the typo pass: its condition is no
    estimate the planner can weigh, so PostgreSQL could not tell a common word's near
    spellings, read for 42,000 submissions and sorted in 200 ms at 10x, from a typo found
    nowhere, where a walk reads every row; this way it stops at the MAX_RANKED + 1st)."""
    selects, params = [], []
    order = ("-pk",) if newest else ()
    for number, queryset in enumerate(querysets):
        try:
            found = queryset.order_by(*order).values_list("pk", flat=True)[: MAX_RANKED + 1]
            sql, more = found.query.sql_with_params()
        except EmptyResultSet:
            continue
        selects.append(f"SELECT * FROM ({sql}) AS scope_{number}")  # noqa: S608 - Django's SQL
        params += more
    return (" UNION ALL ".join(selects), params) if selects else None


def _newest_ids(using, words, guessed, exact_parts):
    """The ids of the newest rows the words find, of those a typo finds only when the words
    find none (a one-time filter on the words' own rows: PostgreSQL skips the typo pass when
    they are there, without asking the table twice), and of each exact part; in one query.

    Of the scopes' matches, the newest MAX_RANKED + 1 together (each scope's newest hold
    them all), and every exact match: a staff member's public and own agreements gave twice
    as many rows to rank as anybody else's search, for the same "200+"."""
    selects, params = [], []
    words_sql = _select(words) if words is not None else None
    guessed_sql = _select(guessed, newest=False) if guessed is not None else None
    head = ""
    if words_sql is not None:
        head = f"WITH words AS MATERIALIZED ({words_sql[0]}) "
        params += words_sql[1]
        selects.append("SELECT pk, false FROM words")
    if guessed_sql is not None:
        gate = " WHERE NOT EXISTS (SELECT FROM words)" if words_sql is not None else ""
        selects.append(f"SELECT pk, false FROM ({guessed_sql[0]}) AS guessed{gate}")  # noqa: S608
        params += guessed_sql[1]
    for number, part in enumerate(exact_parts):
        if (part_sql := _select(part)) is not None:
            selects.append(f"SELECT pk, true FROM ({part_sql[0]}) AS exact_{number}")  # noqa: S608
            params += part_sql[1]
    if not selects:
        return []
    connection = connections[using]
    with connection.cursor() as cursor:
        # Without parallel workers: starting two took 10-15 ms of the 18 a submissions' word
        # took at 10x (the work itself is 4 ms a worker). SET LOCAL and the query travel as
        # one string, one implicit transaction (PgBouncer's transaction mode keeps it to this
        # query), in autocommit as a request runs; inside a transaction it is undone after.
        cursor.execute(f"{SERIAL}; {head}{' UNION ALL '.join(selects)}", params)
        rows = cursor.fetchall()
        if connection.in_atomic_block:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
            cursor.execute("SET LOCAL jit TO DEFAULT")
    found = sorted({pk for pk, exact in rows if not exact}, reverse=True)[: MAX_RANKED + 1]
    return found + [pk for pk, exact in rows if exact]


def ranked(
    queryset,
    query,
    *,
    exact=None,
    prefix=None,
    typo_fields=(),
    also=None,
    scopes=None,
    rows=None,
):
    """The rows of `queryset` that match `query`, best first: an exact match (`exact`: a name,
    an acronym, a code), then one that starts so (`prefix`), then by full-text rank (the
    weights say a title outranks a text), then by how alike a typo is (`typo_fields`, pg_trgm).

    A row matches on its stored vector or on `also` (a condition an index answers, or a small
    table; or a list of them, each asked on its own); only when the words find nothing of
    this kind does a row match with a typo (core.websearch: every word typed still there, a
    long one as typed or as a known word nearly so): "las" does not also bring every "lapas"
    and "kelas". Of more than MAX_RANKED matches, the newest MAX_RANKED + 1 (a typo's: any
    MAX_RANKED + 1, see `_select`) and those matching `also` are ranked. Their ids are read
    at once, in one query whatever is found (`_newest_ids`); the queryset returned ranks
    them, its count known. Nothing matches a query with nothing to look for.

    `scopes`: querysets whose rows together are `queryset`'s (the public ones, and one's own),
    each searched on its own: ORed in one, a visibility condition no index answers made
    PostgreSQL test every row's words.

    `rows`: where the matches' rows are read from, ranked, once their ids are known (by
    default `queryset`): the model's rows with what the results show, without the
    visibility conditions the ids were read through (the forums' took 5 ms a statement at
    10x, the ids query's and again the rows query's)."""
    search = read_query(query)
    tsquery = search.tsquery()
    typos = search.typo_q(using=queryset.db)
    # Each part the newest first by the primary key's index (an order PostgreSQL can walk
    # backwards until it has enough, for a word in a third of the table), read in one query:
    # the count, the page's keys and its rows then look up these ids only.
    scopes = scopes or [queryset]
    words = [scope.filter(matches(tsquery)) for scope in scopes] if tsquery is not None else None
    guessed = [scope.filter(typos) for scope in scopes] if typos is not None else None
    exact_parts = [
        [scope.filter(condition) for scope in scopes]
        for condition in (also if isinstance(also, list | tuple) else [also])
        if condition is not None
    ]
    if words is None and guessed is None and not exact_parts:
        return queryset.none()
    ids = _newest_ids(queryset.db, words, guessed, exact_parts)
    if not ids:
        return queryset.none()
    found = Q(pk__in=ids)
    tiers = [
        When(condition, then=Value(tier))
        for tier, condition in ((2, exact), (1, prefix))
        if condition is not None
    ]
    similar = [TrigramWordSimilarity(query, field) for field in typo_fields]
    zero = Value(0.0, output_field=FloatField())
    result = (
        (queryset if rows is None else rows)
        .filter(found)
        .annotate(
            best=Case(*tiers, default=Value(0), output_field=IntegerField()),
            rank=rank(tsquery) if tsquery is not None else zero,
            similarity=Greatest(*similar) if len(similar) > 1 else (similar or [zero])[0],
        )
        .order_by("-best", "-rank", "-similarity", "-pk")
    )
    # Its count is known: the ids were read from `queryset` itself (core.paging reads it;
    # a filter added later would make it wrong, so the searches filter before ranking).
    result.query.known_count = len(set(ids))
    return result


def with_snippets(queryset, query, *, title, text=None):
    """`marked_title` (the whole `title`) and `marked_text` (the best fragment of `text`) on
    each row, for `marked`: computed for the rows fetched only, never for every match."""
    tsquery = read_query(query).tsquery()
    if tsquery is None:
        return queryset.annotate(marked_title=F(title), marked_text=Value(""))
    annotations = {"marked_title": headline(title, tsquery, whole=True)}
    annotations["marked_text"] = headline(text, tsquery) if text else Value("")
    return queryset.annotate(**annotations)


def joined(*fields):
    """Several text columns or expressions as one text for `headline`, a NULL one skipped."""
    expressions = [F(field) if isinstance(field, str) else field for field in fields]
    return Func(
        *expressions, template="concat_ws(' · ', %(expressions)s)", output_field=TextField()
    )


def headline(field, tsquery, *, whole=False, words=(18, 35)):
    """A snippet of `field` (a column's name or a text expression) with the query's words
    marked (see `marked`): the whole field for a title (`whole`), else the best fragment of
    `words` (min, max) words."""
    source = F(field) if isinstance(field, str) else field
    text = Replace(Replace(source, Value(START), Value("")), Value(STOP), Value(""))
    options = {"start_sel": START, "stop_sel": STOP, "config": CONFIG}
    if whole:
        options["highlight_all"] = True
    else:
        options.update(min_words=words[0], max_words=words[1], max_fragments=2)
        options["fragment_delimiter"] = " … "
    return SearchHeadline(text, tsquery, **options)


def marked(snippet):
    """A snippet from `headline` as HTML: everything escaped, then its markers made <mark>."""
    if not snippet:
        return ""
    html = escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own markers became tags
