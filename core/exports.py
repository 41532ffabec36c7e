"""Spreadsheet downloads (CSV and XLSX): cells that cannot run as formulas, and one way to answer
the download. Every export path goes through here: the app's own downloads through
`export_response`, the admin's import-export through `SpreadsheetResource`."""

import re

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from import_export import resources
from import_export.forms import SelectableFieldsExportForm

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXPORT_FORMATS = frozenset(CONTENT_TYPES)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters a spreadsheet cannot hold (XLSX refuses them; tab, CR and LF are fine).
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value):
    """A spreadsheet cell that cannot run as a formula when the file is opened in Excel or
    LibreOffice (CSV injection): text starting with = + - @ gets a leading apostrophe, and
    control characters no spreadsheet holds are dropped. Applying it twice changes nothing."""
    if not isinstance(value, str):
        return value
    value = UNPRINTABLE.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


def unescape_cell(value):
    """The text a safe_cell came from: a file exported here, edited and imported again, keeps
    its values (a phone number "+62 812" stays itself)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


# What a spreadsheet refuses in a sheet's name, and how long the name may be.
SHEET_TITLE_REFUSED = re.compile(r"[\\*?:/\[\]]")
SHEET_TITLE_MAX = 31


def sheet_title(text):
    """`text` as the name of a worksheet (the tab the reader sees): without the characters
    Excel refuses, at most 31 characters."""
    return SHEET_TITLE_REFUSED.sub("-", capfirst(str(text)))[:SHEET_TITLE_MAX].strip()


def _safe_dataset(dataset):
    """A copy of `dataset` whose every cell is safe (the headers are the app's own)."""
    if not dataset.title:
        # Else the reader's tab says "Tablib Dataset".
        raise ValueError("name the dataset's sheet: tablib.Dataset(..., title=...)")
    safe = dataset.__class__(headers=dataset.headers, title=sheet_title(dataset.title))
    for row in dataset:
        safe.append(safe_row(row))
    return safe


class SpreadsheetResource(resources.ModelResource):
    """The base of every django-import-export resource: exported cells are safe, imported cells
    lose the apostrophe an export added."""

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.title = sheet_title(self._meta.model._meta.verbose_name_plural)
        return dataset

    def export_resource(self, instance, selected_fields=None, **kwargs):
        return safe_row(super().export_resource(instance, selected_fields, **kwargs))

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            row[key] = unescape_cell(value)
        super().before_import_row(row, **kwargs)


class LabelledExportForm(SelectableFieldsExportForm):
    """The admin's export page names each column by its field's label in the reader's language,
    with the column's header in the file beside it ("Nama instansi (name)")."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        column = field.column_name if field else field_name
        try:
            model_field = resource._meta.model._meta.get_field(
                (field.attribute if field else None) or field_name
            )
        except FieldDoesNotExist:
            return column
        return f"{capfirst(model_field.verbose_name)} ({column})"


def export_response(dataset, *, fmt, filename, private=False):
    """`dataset` as a download named `filename`.`fmt` (one of EXPORT_FORMATS; a view answers 404 for
    any other before building the dataset), every cell made safe. The dataset's title names the
    sheet, in the reader's language. `private`: the file holds what
    only the signed-in person may see, so neither the browser nor a proxy keeps a copy."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"no spreadsheet format {fmt!r}; one of {sorted(EXPORT_FORMATS)}")
    response = HttpResponse(_safe_dataset(dataset).export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
