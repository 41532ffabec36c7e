"""Spreadsheet downloads (CSV and XLSX) of a tablib Dataset: rows that cannot run as formulas,
and one way to answer the download."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXPORT_FORMATS = frozenset(CONTENT_TYPES)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A spreadsheet cell that cannot run as a formula when the file is opened in Excel or
    LibreOffice (CSV injection): text starting with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


def export_response(dataset, *, fmt, filename, private=False):
    """`dataset` as a download named `filename`.`fmt` (one of EXPORT_FORMATS; a view answers 404 for
    any other before building the dataset). `private`: the file holds what only the signed-in
    person may see, so neither the browser nor a proxy keeps a copy."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"no spreadsheet format {fmt!r}; one of {sorted(EXPORT_FORMATS)}")
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
