import datetime
import pickle

from core.datasets import HIDDEN, MONEY, MONTH, PERCENT, TEXT, Column, Dataset, suppress_small


def cells(rows, keys):
    return [[row[key] for key in keys] for row in rows]


def test_counts_under_three_are_hidden_but_zero_is_not():
    rows = [{"a": 0, "b": 1, "c": 2, "d": 3}]
    suppress_small(rows, ["a", "b", "c", "d"], by_column=False)
    assert cells(rows, "abcd") == [[0, HIDDEN, HIDDEN, 3]]


def test_a_single_hidden_cell_in_a_row_takes_the_smallest_other_with_it():
    # With the total 20 shown, the lone 2 would be 20 - 10 - 5 - 3.
    rows = [{"a": 10, "b": 5, "c": 3, "d": 2, "total": 20}]
    suppress_small(rows, ["a", "b", "c", "d"], by_column=False)
    assert cells(rows, "abcd") == [[10, 5, HIDDEN, HIDDEN]]


def test_a_single_hidden_cell_in_a_column_takes_the_smallest_other_with_it():
    rows = [{"n": 40}, {"n": 7}, {"n": 1}, {"n": 9}, {"n": 57}]  # the last is the total
    suppress_small(rows, ["n"], by_row=False)
    assert [row["n"] for row in rows] == [40, HIDDEN, HIDDEN, 9, 57]


def test_a_small_total_is_hidden_too():
    rows = [{"n": 0}, {"n": 2}, {"n": 0}, {"n": 2}]
    suppress_small(rows, ["n"], by_row=False)
    assert [row["n"] for row in rows] == [0, HIDDEN, 0, HIDDEN]


def test_hiding_spreads_until_no_line_has_one_hidden_cell():
    # Row 1 hides 1 and then 4; column b then has one hidden cell (4), so 5 goes too.
    rows = [{"a": 1, "b": 4, "c": 9}, {"a": 0, "b": 5, "c": 8}, {"a": 7, "b": 6, "c": 9}]
    suppress_small(rows, ["a", "b", "c"])
    for line in [*cells(rows, "abc"), *zip(*cells(rows, "abc"), strict=True)]:
        assert sum(cell is HIDDEN for cell in line) != 1, cells(rows, "abc")
    assert rows[0]["a"] is HIDDEN


def test_the_hidden_marker_survives_the_cache():
    assert pickle.loads(pickle.dumps({"n": HIDDEN}))["n"] is HIDDEN


def test_bars_are_widths_against_the_largest_value_written_for_svg():
    dataset = Dataset(
        "x",
        "X",
        [
            Column("label", "Label", TEXT),
            Column("planned", "Planned", MONEY, bar=True, bar_with="realised"),
            Column("realised", "Realised", MONEY),
        ],
        [
            {"label": "a", "planned": 200, "realised": 50},
            {"label": "b", "planned": 0, "realised": 0},
        ],
    )
    rows = dataset.with_bars()
    assert [bar["width"] for bar in rows[0]["bars"]] == ["100.0", "25.0"]
    assert [bar["width"] for bar in rows[1]["bars"]] == ["0.0", "0.0"]


def test_the_spreadsheet_writes_hidden_cells_as_under_three_and_disarms_formulas():
    dataset = Dataset(
        "x",
        "Input by regency",
        [Column("label", "Regency", TEXT), Column("value", "Input")],
        [{"label": "=HYPERLINK()", "value": HIDDEN}, {"label": "Medan", "value": None}],
        totals={"label": "All", "value": 12},
    )
    csv = dataset.as_tablib().export("csv")
    assert csv.splitlines() == ["Regency,Input", "'=HYPERLINK(),<3", "Medan,", "All,12"]


def test_the_spreadsheet_says_which_columns_are_shares():
    dataset = Dataset(
        "x",
        "Agreements by kind",
        [
            Column("label", "Kind", TEXT),
            Column("value", "Agreements"),
            Column("share", "Share", PERCENT),
        ],
        [{"label": "KSDPK", "value": 5, "share": 100}, {"label": "KSDD", "value": 0, "share": 0}],
    )
    assert dataset.as_tablib().export("csv").splitlines() == [
        "Kind,Agreements,Share (%)",
        "KSDPK,5,100",
        "KSDD,0,0",
    ]


def test_small_hidden_cells_that_must_all_be_ones_take_a_larger_one_with_them():
    # Medan 3 and three hidden of a total of 6: the three could only be 1 each.
    rows = [{"n": 3}, {"n": 1}, {"n": 1}, {"n": 1}, {"n": 6}]
    suppress_small(rows, ["n"], by_row=False)
    assert [row["n"] for row in rows] == [HIDDEN, HIDDEN, HIDDEN, HIDDEN, 6]
    # Two hidden that add up to 3 (a 1 and a 2, either way round) tell nothing more.
    rows = [{"n": 9}, {"n": 1}, {"n": 2}, {"n": 12}]
    suppress_small(rows, ["n"], by_row=False)
    assert [row["n"] for row in rows] == [9, HIDDEN, HIDDEN, 12]


def test_a_month_is_written_year_month_in_the_spreadsheet():
    dataset = Dataset(
        "x",
        "Trainings per month",
        [Column("label", "Month", MONTH), Column("value", "Trainings")],
        [{"label": datetime.date(2026, 11, 1), "value": 2}],
    )
    assert not dataset.columns[0].is_numeric and dataset.columns[1].is_numeric
    assert dataset.as_tablib().export("csv").splitlines() == ["Month,Trainings", "2026-11,2"]
