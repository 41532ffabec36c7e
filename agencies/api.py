"""Open data of the agencies app: the regencies and sectors every other record refers to."""

from core.apiviews import ReadOnlyViewSet

from .models import Regency, Sector
from .serializers import RegencySerializer, SectorSerializer


class RegencyViewSet(ReadOnlyViewSet):
    """The 33 regencies and cities of Sumatera Utara, by their Kemendagri code (`12.71`)."""

    queryset = Regency.objects.all()
    serializer_class = RegencySerializer
    lookup_field = "code"
    lookup_value_converter = "regency"
    ordering_fields = ["code", "name"]
    pagination_class = None  # 33 rows: one answer


class SectorViewSet(ReadOnlyViewSet):
    """The fields of cooperation (bidang), by their short code."""

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    lookup_field = "slug"
    lookup_value_converter = "slug"
    ordering_fields = ["slug", "name"]
    pagination_class = None
