"""The figures of Data & Statistik (/data/) as JSON (`/api/v1/datasets/`): each dataset the page
and its CSV file publish, the same rows and cells (small counts withheld as "<3" there and here).
Province-wide, for every agency, as the catalogue lists them."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core import pagecache
from core.apiviews import ReadOnlyViewSet
from core.datasets import json_cell

from . import statistics


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField(help_text=_("text, count, money, percent, days or month"))


class DatasetSummarySerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    group = serializers.CharField()
    url = serializers.URLField()
    csv = serializers.URLField()


class DatasetSerializer(DatasetSummarySerializer):
    note = serializers.CharField()
    made_at = serializers.DateTimeField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(
        child=serializers.DictField(),
        help_text=_("One object per row, keyed by the columns' keys; “<3” is a withheld count."),
    )
    totals = serializers.DictField(allow_null=True)


def _whole(section, dataset, made_at):
    """One dataset as the API describes it, its addresses relative."""
    keys = [column.key for column in dataset.columns]
    return {
        "key": dataset.key,
        "title": str(dataset.title),
        "group": str(section.title),
        "url": reverse("api:dataset-detail", args=[dataset.key]),
        "csv": reverse("statistics_csv", args=[dataset.key]),
        "note": str(dataset.note or ""),
        "made_at": timezone.localtime(made_at),
        "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in dataset.columns],
        "rows": [{key: json_cell(row.get(key)) for key in keys} for row in dataset.rows],
        "totals": (
            {key: json_cell(dataset.totals.get(key)) for key in keys} if dataset.totals else None
        ),
    }


def datasets():
    """(every dataset described whole, when their figures were made). Laying out the tables of
    every agency takes a tenth of a second at 10x scale, so it is done once per set of figures
    and language (core.pagecache.remember), not once per request."""
    raw, made_at = statistics.figures(statistics.Filters())

    def described():
        sections = statistics.sections(raw, statistics.Filters(), every_agency=True)
        return [_whole(s, d, made_at) for s in sections for d in s.datasets]

    name = f"api:datasets:{statistics.FIGURES_SHAPE}:{made_at.isoformat()}:{get_language()}"
    return pagecache.remember(name, described), made_at


SUMMARY = ("key", "title", "group", "url", "csv")


class DatasetViewSet(ReadOnlyViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "The tables of Data & Statistik: the same figures as their CSV files, as JSON."
    )

    serializer_class = DatasetSerializer
    pagination_class = None
    filter_backends = []
    lookup_field = "key"
    lookup_value_converter = "slug"

    def _found(self):
        found, self._last_modified = datasets()
        return found

    def _absolute(self, described, fields):
        return {
            field: self.request.build_absolute_uri(described[field])
            if field in ("url", "csv")
            else described[field]
            for field in fields
        }

    @extend_schema(responses=DatasetSummarySerializer(many=True))
    def list(self, request, *args, **kwargs):
        return Response([self._absolute(d, SUMMARY) for d in self._found()])

    @extend_schema(
        parameters=[
            OpenApiParameter("key", str, OpenApiParameter.PATH, description=_("The dataset's key"))
        ]
    )
    def retrieve(self, request, *args, **kwargs):
        for described in self._found():
            if described["key"] == kwargs["key"]:
                return Response(self._absolute(described, described))
        raise Http404
