"""Open data of the partnerships app: the public agreements, exactly the rows the public list
shows (selectors.agreement_public_list)."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from agencies.models import Agency, Regency, Sector
from core.apiviews import ReadOnlyViewSet, UpdatedSince

from . import selectors
from .enums import AgreementKind, AgreementStatus
from .models import Agreement
from .serializers import AgreementSerializer

PUBLIC_STATUS_CHOICES = [
    (status.value, status.label)
    for status in (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.COMPLETED)
]


class AgreementFilter(UpdatedSince):
    # A relation of many (sectors, locations, parties): the schema is told the key's type.
    sector = extend_schema_field(OpenApiTypes.STR)(
        filters.ModelChoiceFilter(
            queryset=Sector.objects.all(),
            to_field_name="slug",
            method="by_selector",
            label=_("Sector, by its code (e.g. perindustrian)"),
        )
    )
    regency = extend_schema_field(OpenApiTypes.STR)(
        filters.ModelChoiceFilter(
            queryset=Regency.objects.all(),
            to_field_name="code",
            method="by_selector",
            label=_("Regency or city, by its Kemendagri code (e.g. 12.71)"),
        )
    )
    party = extend_schema_field(OpenApiTypes.INT)(
        filters.ModelChoiceFilter(
            queryset=Agency.objects.all(),
            method="by_selector",
            label=_("A party, by its agency id"),
        )
    )
    kind = filters.ChoiceFilter(
        choices=AgreementKind.choices, method="by_selector", label=_("Kind of agreement")
    )
    status = filters.ChoiceFilter(
        choices=PUBLIC_STATUS_CHOICES,
        method="by_selector",
        label=_("Status (an agreement in force past its end date is expired)"),
    )
    signed = filters.DateFromToRangeFilter(
        field_name="signed_on", label=_("Signed on or after / on or before (YYYY-MM-DD)")
    )
    ends = filters.DateFromToRangeFilter(
        field_name="end_date", label=_("Ends on or after / on or before (YYYY-MM-DD)")
    )

    class Meta:
        model = Agreement
        fields = []

    def by_selector(self, queryset, name, value):
        if not value:
            return queryset
        return selectors.agreement_public_filter(queryset, **{name: value})


class AgreementViewSet(ReadOnlyViewSet):
    """Public cooperation agreements (in force, expired or completed, and public), with their
    parties (agencies), sectors and regencies. Never a person, a document or monev's internals."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    ordering_fields = ["id", "start_date", "end_date", "signed_on", "updated_at"]

    def get_queryset(self):
        return selectors.agreement_public_list().prefetch_related("locations")
