"""The figures of Data & Statistik (/data/) as JSON (`/api/v1/datasets/`): each dataset the page
and its CSV file publish, the same rows and cells (small counts withheld as "<3" there and here).
Province-wide, for every agency, as the catalogue lists them."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

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


def _described(request, section, dataset, made_at, *, whole):
    described = {
        "key": dataset.key,
        "title": str(dataset.title),
        "group": str(section.title),
        "url": request.build_absolute_uri(reverse("api:dataset-detail", args=[dataset.key])),
        "csv": request.build_absolute_uri(reverse("statistics_csv", args=[dataset.key])),
    }
    if whole:
        keys = [column.key for column in dataset.columns]
        described |= {
            "note": str(dataset.note or ""),
            "made_at": timezone.localtime(made_at),
            "columns": [
                {"key": c.key, "label": str(c.label), "kind": c.kind} for c in dataset.columns
            ],
            "rows": [{key: json_cell(row.get(key)) for key in keys} for row in dataset.rows],
            "totals": (
                {key: json_cell(dataset.totals.get(key)) for key in keys}
                if dataset.totals
                else None
            ),
        }
    return described


class DatasetViewSet(ReadOnlyViewSet):
    """The tables of Data & Statistik: the same figures as their CSV files, as JSON."""

    serializer_class = DatasetSerializer
    pagination_class = None
    filter_backends = []
    lookup_field = "key"
    lookup_value_converter = "slug"

    def _figures(self):
        raw, made_at = statistics.figures(statistics.Filters())
        self._last_modified = made_at
        sections = statistics.sections(raw, statistics.Filters(), every_agency=True)
        return [(s, d) for s in sections for d in s.datasets], made_at

    @extend_schema(responses=DatasetSummarySerializer(many=True))
    def list(self, request, *args, **kwargs):
        found, made_at = self._figures()
        return Response([_described(request, s, d, made_at, whole=False) for s, d in found])

    @extend_schema(
        parameters=[
            OpenApiParameter("key", str, OpenApiParameter.PATH, description=_("The dataset's key"))
        ]
    )
    def retrieve(self, request, *args, **kwargs):
        found, made_at = self._figures()
        for section, dataset in found:
            if dataset.key == kwargs["key"]:
                return Response(_described(request, section, dataset, made_at, whole=True))
        raise Http404
