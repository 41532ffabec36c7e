"""Open data of the agencies app: the regencies and sectors every other record refers to, the
verified agencies (as the directory shows them to anyone) and their capabilities."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.apirows import RowsListMixin
from core.apiviews import ReadOnlyViewSet, UpdatedSince

from . import selectors
from .enums import AgencyKind, CapabilityKind
from .models import Agency, Capability, Regency, Sector
from .serializers import (
    AgencySerializer,
    CapabilitySerializer,
    RegencySerializer,
    SectorSerializer,
)

# Open data reads as anyone does: a session or a key changes nothing here.
ANYONE = AnonymousUser()


def sector_filter():
    """`?sector=perindustrian`: a public list's sector, by its code, applied by the list's own
    selector (`by_selector`) as its page applies it. A relation of many: the schema is told the
    key's type."""
    return extend_schema_field(OpenApiTypes.STR)(
        filters.ModelChoiceFilter(
            queryset=Sector.objects.all(),
            to_field_name="slug",
            method="by_selector",
            label=_("Sector, by its code (e.g. perindustrian)"),
        )
    )


def regency_filter():
    """`?regency=12.71`: a public list's regency or city, by its Kemendagri code (as
    sector_filter)."""
    return extend_schema_field(OpenApiTypes.STR)(
        filters.ModelChoiceFilter(
            queryset=Regency.objects.all(),
            to_field_name="code",
            method="by_selector",
            label=_("Regency or city, by its Kemendagri code (e.g. 12.71)"),
        )
    )


class RegencyViewSet(ReadOnlyViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "The 33 regencies and cities of Sumatera Utara, by their Kemendagri code (`12.71`)."
    )

    queryset = Regency.objects.all()
    serializer_class = RegencySerializer
    lookup_field = "code"
    lookup_value_converter = "regency"
    ordering_fields = ["code", "name"]
    pagination_class = None  # 33 rows: one answer


class SectorViewSet(ReadOnlyViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _("The fields of cooperation (bidang), by their short code.")

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    lookup_field = "slug"
    lookup_value_converter = "slug"
    ordering_fields = ["slug", "name"]
    pagination_class = None


def _sector_filter():
    return filters.ModelChoiceFilter(
        queryset=Sector.objects.all(),
        to_field_name="slug",
        method="by_selector",
        label=_("Sector, by its code (e.g. perindustrian)"),
    )


def _regency_filter():
    return filters.ModelChoiceFilter(
        queryset=Regency.objects.all(),
        to_field_name="code",
        method="by_selector",
        label=_("Regency or city, by its Kemendagri code (e.g. 12.71)"),
    )


class AgencyFilter(UpdatedSince):
    # Sectors are a relation of many: the schema is told the key's type.
    sector = extend_schema_field(OpenApiTypes.STR)(_sector_filter())
    regency = extend_schema_field(OpenApiTypes.STR)(_regency_filter())
    kind = filters.ChoiceFilter(
        choices=AgencyKind.choices, method="by_selector", label=_("Kind of agency")
    )

    class Meta:
        model = Agency
        fields = []

    def by_selector(self, queryset, name, value):
        if not value:
            return queryset
        chosen = selectors.agency_directory(user=ANYONE, **{name: value})
        return queryset.filter(pk__in=chosen.values("pk"))


class AgencyViewSet(RowsListMixin, ReadOnlyViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "Verified agencies, as the public directory lists them, with their public contact "
        "(the agency's own address, e-mail and phone), never their staff."
    )

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    ordering_fields = ["id", "name", "updated_at"]

    def get_queryset(self):
        return selectors.agency_directory(user=ANYONE)


class CapabilityFilter(UpdatedSince):
    sector = _sector_filter()
    regency = extend_schema_field(OpenApiTypes.STR)(_regency_filter())
    kind = filters.ChoiceFilter(
        choices=CapabilityKind.choices, method="by_selector", label=_("Kind of capability")
    )
    agency = filters.ModelChoiceFilter(
        queryset=Agency.objects.public(), label=_("The agency offering it, by its id")
    )

    class Meta:
        model = Capability
        fields = []

    def by_selector(self, queryset, name, value):
        if not value:
            return queryset
        chosen = selectors.capability_search(user=ANYONE, **{name: value})
        return queryset.filter(pk__in=chosen.values("pk"))


class CapabilityViewSet(RowsListMixin, ReadOnlyViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "What verified agencies offer partners (expertise, facilities, programmes, "
        "resources), as the capability search finds them; the regency filter also finds a "
        "capability at its agency's address."
    )

    serializer_class = CapabilitySerializer
    filterset_class = CapabilityFilter
    ordering_fields = ["id", "title", "updated_at"]

    def get_queryset(self):
        return selectors.capability_search(user=ANYONE)
