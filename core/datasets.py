"""Published figures as tables: one shape for a page's table, its bar chart and its CSV file.

A `Dataset` is a titled table of plain values (numbers, text, None for "no figure"). The page
draws it as an accessible table whose bar column is the chart (so the chart and the table can
never say different things), and the download writes the same rows to CSV. Nothing here knows
the portal's domain; the apps' statistics modules fill datasets in.

Small counts: a count of people's input below `MINIMUM_SHOWN` can point at one person in a
small place, so `suppress_small` hides it ("< 3"), and hides one more cell where a single hidden
cell could be worked out from a total.
"""

import datetime
from dataclasses import dataclass, field

import tablib

from .exports import safe_row, sheet_title

# Kinds of column: how a cell is written and whether it may carry a bar.
TEXT, COUNT, MONEY, PERCENT, DAYS = "text", "count", "money", "percent", "days"
# A month (a date, its first day): the page writes it in words, the file as 2026-11.
MONTH = "month"
NUMERIC = {COUNT, MONEY, PERCENT, DAYS}

MINIMUM_SHOWN = 3


class Hidden:
    """A cell withheld because it is too small to publish (shown as "< 3")."""

    __slots__ = ()

    def __repr__(self):
        return "HIDDEN"

    def __reduce__(self):  # one instance, also after the cache pickled it
        return "HIDDEN"


HIDDEN = Hidden()


@dataclass
class Column:
    key: str
    label: str
    kind: str = COUNT
    # The column whose values the bars show (one per dataset at most).
    bar: bool = False
    # A second bar drawn under the first, against the same scale (planned vs realised).
    bar_with: str = ""

    @property
    def is_numeric(self):
        return self.kind in NUMERIC


@dataclass
class Dataset:
    key: str
    title: str
    columns: list
    rows: list  # dicts keyed by column key; a row may also carry "url" (its label's link)
    note: str = ""
    totals: dict = field(default_factory=dict)  # a totals row, keyed like the rows

    @property
    def bar_column(self):
        return next((column for column in self.columns if column.bar), None)

    def column(self, key):
        return next(column for column in self.columns if column.key == key)

    def values(self, key):
        return [row.get(key) for row in self.rows]

    @property
    def is_empty(self):
        return not any(
            isinstance(row.get(column.key), int | float) and row.get(column.key)
            for row in self.rows
            for column in self.columns
            if column.kind in NUMERIC
        )

    def with_bars(self):
        """Each row with `bars`: the percentage widths (0-100) of its bar(s) against the
        largest value of the bar column(s), for the chart cell."""
        column = self.bar_column
        if column is None:
            return [dict(row, bars=[]) for row in self.rows]
        keys = [column.key] + ([column.bar_with] if column.bar_with else [])
        numbers = [row.get(key) for row in self.rows for key in keys]
        largest = max((n for n in numbers if isinstance(n, int | float)), default=0)
        shown = []
        for row in self.rows:
            bars = []
            for key in keys:
                value = row.get(key)
                width = 100 * value / largest if largest and isinstance(value, int | float) else 0
                # A string: the page must not write 62,5 for an SVG attribute.
                bars.append({"key": key, "width": f"{width:.1f}"})
            shown.append(dict(row, bars=bars))
        return shown

    def as_tablib(self):
        """The dataset as a spreadsheet: headers in the reader's language, hidden cells as
        "<3", no formulas. A share's header says it is one ("Porsi (%)"): its cells are bare
        numbers (48), where the page writes "48%"."""
        sheet = tablib.Dataset(
            headers=[
                f"{column.label} (%)" if column.kind == PERCENT else str(column.label)
                for column in self.columns
            ],
            title=sheet_title(self.title),
        )
        for row in [*self.rows, *([self.totals] if self.totals else [])]:
            sheet.append(safe_row([csv_cell(row.get(column.key)) for column in self.columns]))
        return sheet


def csv_cell(value):
    if value is HIDDEN:
        return f"<{MINIMUM_SHOWN}"
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m")
    if isinstance(value, float):
        return round(value, 1)
    return value if isinstance(value, int) else str(value)


def percent(part, whole):
    """`part` of `whole` in whole percent, None when there is no whole."""
    return round(100 * part / whole) if whole else None


def _small(value):
    return isinstance(value, int) and 0 < value < MINIMUM_SHOWN


def _deducible(values):
    """Whether hidden cells of these values, whose sum a shown total gives, can be told: one
    alone, or small ones (1 or 2 each) that add up to all ones or all twos."""
    if len(values) == 1:
        return True
    small = all(value < MINIMUM_SHOWN for value in values)
    return small and sum(values) in (len(values), 2 * len(values))


def suppress_small(rows, keys, *, by_row=True, by_column=True):
    """Hide (HIDDEN) every count under MINIMUM_SHOWN, except zero, in the `keys` cells of
    `rows`; then, wherever a row (across `keys`) or a column (down `rows`) holds hidden cells
    that subtracting the shown ones from a total would give away (a single one, or small ones
    that must all be 1 or all be 2), hide its smallest shown count too, until none does. A
    line's total is one of its cells (a "total" key, a totals row), hidden like the others when
    it is small. Changes `rows` in place and returns them."""
    original = {}
    for row in rows:
        for key in keys:
            original[id(row), key] = row.get(key)
            if _small(row.get(key)):
                row[key] = HIDDEN
    lines = []
    if by_row:
        lines += [[(row, key) for key in keys] for row in rows]
    if by_column:
        lines += [[(row, key) for row in rows] for key in keys]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [original[id(row), key] for row, key in line if row.get(key) is HIDDEN]
            if not hidden or not _deducible(hidden):
                continue
            shown = [(row, key) for row, key in line if isinstance(row.get(key), int)]
            shown = [(row, key) for row, key in shown if row[key] > 0]
            if shown:
                row, key = min(shown, key=lambda cell: cell[0][cell[1]])
                row[key] = HIDDEN
                changed = True
    return rows


def json_cell(value):
    """A cell for the API's JSON: the CSV file's value (csv_cell), but no figure is null."""
    return None if value is None else csv_cell(value)
