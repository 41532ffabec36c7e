"""The API's shape of agencies' reference data (agencies/api.py)."""

from rest_framework import serializers

from .models import Regency, Sector


class RegencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Regency
        fields = ["code", "name", "kind", "seat", "latitude", "longitude", "alternative_names"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name", "name_en"]
