"""Public list pages of the REST API read as plain rows: `values()` of the columns a serializer
shows, each nested list one more `values()` query per page, and each field put in JSON as DRF
would put it, without an ORM instance per row or DRF's field-by-field machinery.

At ten times the province a 50-row page spent most of its time building instances from joins
and prefetches and serialising them field by field, not in its SQL. The serializer stays the
one description of the fields: the OpenAPI schema, the detail answers (built from instances as
before) and this module read the same declared fields, in the same order, so a list's row and
its detail are the same JSON (tests/sumut_mitra/test_api_public.py compares them).

A serializer (RowSerializer) reads:
- a plain field from the column its `source` names (`agency.name` -> `agency__name`), through
  the field's own `to_representation` (dates in the current time zone, decimals as strings);
- a slug relation (SlugRelatedField) from its slug's column (`regency__code`), a relation
  of many shown by slugs (`sectors`) from an array of them, in the related model's order;
- anything else (a nested list, a relation of many, a SerializerMethodField) from
  `row_<name>(row)` when the serializer defines one, else from the row's key of that name,
  which the viewset attaches to each row before (RowsListMixin.attach_rows), a nested
  RowSerializer putting each of its rows in JSON.
"""

from collections import defaultdict

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import FieldDoesNotExist
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.settings import api_settings

# Fields whose to_representation returns a value of the type the database gives it as it
# came (str(), int(), a choice's own key): read as they are.
_AS_THEY_ARE = (fields.CharField, fields.ChoiceField, fields.IntegerField, fields.BooleanField)


# Fields no column holds: the viewset attaches them to each row under their name.
_ATTACHED = (
    serializers.BaseSerializer,
    relations.ManyRelatedField,
    relations.RelatedField,
    fields.SerializerMethodField,
)


def _column(field):
    return field.source.replace(".", "__")


# A DateTimeField in DRF's default shape: read as DRF would (ISO 8601 in the current time zone,
# `Z` for UTC) without its checks and time zone lookup per value (500 moments a trainings page).
IN_ZONE = object()


def _datetime(field):
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if hasattr(field, "timezone") or output_format is None or output_format.lower() != ISO_8601:
        return field.to_representation
    return IN_ZONE


def _in_zone(value, zone):
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _plan(cls):
    plan = []
    for name, field in cls().fields.items():
        method = getattr(cls, f"row_{name}", None)
        if method is not None:
            plan.append((name, None, None, None, method))
        elif isinstance(field, relations.SlugRelatedField):
            plan.append((name, f"{_column(field)}__{field.slug_field}", None, None, None))
        elif isinstance(field, relations.ManyRelatedField) and isinstance(
            field.child_relation, relations.SlugRelatedField
        ):
            slug = field.child_relation.slug_field
            plan.append((name, f"{_column(field)}__{slug}", None, None, None))
        elif isinstance(field, serializers.ListSerializer) and isinstance(
            field.child, RowSerializer
        ):
            child = type(field.child)()
            plan.append((name, None, None, None, _nested_reader(name, child)))
        elif isinstance(field, _ATTACHED):
            plan.append((name, None, None, None, _attached_reader(name)))
        else:
            if type(field) in _AS_THEY_ARE:
                convert = None
            elif type(field) is fields.DateTimeField:
                convert = _datetime(field)
            else:
                convert = field.to_representation
            # DRF gives a field's default when a relation on its way is missing
            # (`assigned_agency.name` of input not yet assigned), None otherwise.
            through = "." in field.source and field.default is not fields.empty
            default = field.default if through else None
            plan.append((name, _column(field), convert, default, None))
    return plan


def _attached_reader(name):
    return lambda _serializer, row: row[name]


def _nested_reader(name, child):
    return lambda _serializer, row: child.rows_to_representation(row[name])


# A ModelSerializer that also puts plain rows (dicts from values()) in JSON. (No docstring:
# drf-spectacular would give it to every serializer below as the schema's description.)
class RowSerializer(serializers.ModelSerializer):
    def row_columns(self):
        """The values() columns of the plain and slug fields, and `row_extra_columns` (what
        the `row_<name>` methods read)."""
        columns = [column for _name, column, *_rest in self._row_plan() if column]
        return [*dict.fromkeys([*columns, *getattr(self, "row_extra_columns", ())])]

    def _row_plan(self):
        """(name, column or None, convert or None, default, reader or None) per field, in
        order; made once per serializer class, from an instance without a request."""
        cls = type(self)
        plan = cls.__dict__.get("_row_plan_made")
        if plan is None:
            plan = cls._row_plan_made = _plan(cls)
        return plan

    def row_to_representation(self, row, zone):
        out = {}
        for name, column, convert, default, reader in self._row_plan():
            if reader is not None:
                out[name] = reader(self, row)
                continue
            value = row[column]
            if value is None:
                out[name] = default
            elif convert is None:
                out[name] = value
            elif convert is IN_ZONE:
                out[name] = _in_zone(value, zone)
            else:
                out[name] = convert(value)
        return out

    def rows_to_representation(self, rows):
        zone = timezone.get_current_timezone()
        return [self.row_to_representation(row, zone) for row in rows]


def values(queryset, columns):
    """`queryset.values(*columns)`, a column of a row it refers to (`forum__slug`) read by a
    scalar subquery rather than a join: the planner took longer over a list's five joins and
    its visibility rule's semi-join (4.8 ms) than the query took to run (0.9 ms); with one
    subquery per column it plans in 0.6 ms. A column of a relation of many (`sectors__slug`)
    is an array of the related rows' values in their model's order (as a prefetch has them),
    one statement for the page instead of one more per relation."""
    plain, related = [], {}
    for column in columns:
        name, _sep, rest = column.partition("__")
        try:
            field = queryset.model._meta.get_field(name)
        except FieldDoesNotExist:  # an annotation
            field = None
        if not rest or "__" in rest or field is None or field.auto_created:
            plain.append(column)
        elif field.many_to_one:
            target = field.related_model._base_manager.filter(
                **{field.target_field.name: OuterRef(field.attname)}
            )
            related[column] = Subquery(target.order_by().values(rest))
        elif field.many_to_many:
            related[column] = _array_of(field, rest)
        else:
            plain.append(column)
    return queryset.values(*plain, **related)


def _array_of(field, column):
    """ARRAY(the related rows' `column` through the many-to-many `field`), in the related
    model's Meta.ordering (then the link's id), as `prefetch_related(field.name)` lists them."""
    through = field.remote_field.through
    owner, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    ordering = [
        f"-{other}__{order[1:]}" if order.startswith("-") else f"{other}__{order}"
        for order in field.related_model._meta.ordering
    ]
    links = through._base_manager.filter(**{owner: OuterRef("pk")})
    return ArraySubquery(links.order_by(*ordering, "pk").values(f"{other}__{column}"))


def rows_by(queryset, key, columns):
    """The rows of `queryset` (values() of `columns`) grouped by the column `key`, in the
    queryset's order: a page's nested lists, one query for all its rows."""
    grouped = defaultdict(list)
    for row in values(queryset, [key, *columns]):
        grouped[row.pop(key)].append(row)
    return grouped


class UrlTemplate:
    """A detail page's absolute URL for many rows from one reverse(): reverse() and
    build_absolute_uri() per row were a good part of a page's time. A key that reverse()
    might quote (anything but letters, digits, `-` and `_`) goes through reverse() itself."""

    def __init__(self, request, viewname):
        self._request = request
        self._viewname = viewname
        self._parts = None

    def __call__(self, key):
        key = str(key)
        if not (key.isascii() and key.replace("-", "").replace("_", "").isalnum()):
            return self._request.build_absolute_uri(reverse(self._viewname, args=[key]))
        if self._parts is None:
            # The first key shows where a key goes (a converter may refuse a placeholder).
            url = self._request.build_absolute_uri(reverse(self._viewname, args=[key]))
            head, _key, tail = url.rpartition(key)
            self._parts = (head, tail)
        head, tail = self._parts
        return f"{head}{key}{tail}"


class RowsListMixin:
    """list() from plain rows: the viewset's own queryset (its selector's rows, filtered and
    ordered as before), values() of the serializer's columns, paged by the same cursor; then
    `attach_rows(rows)` adds each row's nested lists (one query each for the whole page)."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        serializer = self.get_serializer()
        # The cursor reads the ordering's column from each row.
        columns = [*dict.fromkeys(["id", *serializer.row_columns(), *self.ordering_fields])]
        rows = self.paginate_queryset(values(queryset.prefetch_related(None), columns))
        if rows:
            self.attach_rows(rows)
        return self.get_paginated_response(serializer.rows_to_representation(rows))

    def attach_rows(self, rows):
        """Nested lists of the page's rows (by the row's key of the field's name): none."""
        return
