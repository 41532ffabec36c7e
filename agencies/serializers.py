"""The API's shape of agencies' open data (agencies/api.py): reference data, and what a
verified agency's public profile shows, its public contact included, never its people."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.apirows import RowSerializer, UrlTemplate

from .models import Agency, Capability, Regency, Sector


class RegencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Regency
        fields = ["code", "name", "kind", "seat", "latitude", "longitude", "alternative_names"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name", "name_en"]


class AgencySerializer(RowSerializer):
    regency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = [
            "id",
            "slug",
            "name",
            "acronym",
            "kind",
            "regency",
            "sectors",
            "description",
            "address",
            "latitude",
            "longitude",
            "website",
            "email",
            "phone",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, agency):
        return self.context["request"].build_absolute_uri(agency.get_absolute_url())

    # A page of plain rows (core.apirows; the viewset attaches the sectors).
    def row_url(self, row):
        if not hasattr(self, "_urls"):
            self._urls = UrlTemplate(self.context["request"], "agencies:detail")
        return self._urls(row["slug"])


class CapabilitySerializer(RowSerializer):
    agency = serializers.IntegerField(source="agency_id", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    regency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Capability
        fields = [
            "id",
            "agency",
            "agency_name",
            "title",
            "kind",
            "sector",
            "regency",
            "description",
            "updated_at",
        ]
