"""Open data of the partnerships app: the public agreements, exactly the rows the public list
shows (selectors.agreement_public_list)."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from agencies.api import regency_filter, sector_filter
from agencies.models import Agency
from core.apirows import RowsListMixin, rows_by
from core.apiviews import ReadOnlyViewSet, SelectorFilterSet, StaffViewSet, UpdatedAtSince

from . import selectors
from .enums import AgreementKind, AgreementStatus, MilestoneStatus, ReportStatus, Visibility
from .models import Agreement, Milestone, MonevReport, Party
from .rules import visible_agreements
from .selectors import agreement_list_for_user, effective_status_q
from .serializers import (
    AgreementSerializer,
    PartySerializer,
    StaffAgreementSerializer,
    StaffMilestoneSerializer,
    StaffMonevReportSerializer,
)

PUBLIC_STATUS_CHOICES = [
    (status.value, status.label)
    for status in (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.COMPLETED)
]


class AgreementFilter(SelectorFilterSet):
    selector_filter = staticmethod(selectors.agreement_public_filter)

    # A relation of many (parties): the schema is told the key's type.
    sector = sector_filter()
    regency = regency_filter()
    party = extend_schema_field(OpenApiTypes.INT)(
        filters.ModelChoiceFilter(
            queryset=Agency.objects.public(),
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


class AgreementViewSet(RowsListMixin, ReadOnlyViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "Public cooperation agreements (in force, expired or completed, and public), with "
        "their parties (agencies), sectors and regencies. Never a person, a document or "
        "monev's internals."
    )

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    ordering_fields = ["id", "start_date", "end_date", "updated_at"]

    def get_queryset(self):
        return selectors.agreement_public_list().prefetch_related("locations")

    def attach_rows(self, rows):
        ids = [row["id"] for row in rows]
        parties = rows_by(
            selectors.agreement_public_parties(ids),
            "agreement_id",
            PartySerializer().row_columns(),
        )
        for row in rows:
            row["parties"] = parties[row["id"]]


# --- Staff (personal key) -------------------------------------------------------------------------
# What the staff pages (/kerja-sama/kelola/) show the key's owner, within the key's scope: the
# same selectors and rules, so the API cannot show more than the pages do.


class StaffAgreementFilter(UpdatedAtSince):
    status = filters.ChoiceFilter(
        choices=AgreementStatus.choices,
        method="filter_status",
        label=_("Status as people see it (an agreement in force past its end is expired)"),
    )
    kind = filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Kind of agreement"))
    visibility = filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))
    party = filters.CharFilter(
        method="filter_party",
        label=_("A party's agency, by its short name (slug)"),
    )

    class Meta:
        model = Agreement
        fields = ["status", "kind", "visibility", "party", "updated_since"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(effective_status_q(value))

    def filter_party(self, queryset, name, value):
        parties = Party.objects.filter(agency__slug=value)
        return queryset.filter(pk__in=parties.values("agreement_id"))


class StaffAgreementViewSet(StaffViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "Your agencies' agreements, as the staff pages show them: internal ones and drafts too."
    )

    serializer_class = StaffAgreementSerializer
    filterset_class = StaffAgreementFilter
    lookup_field = "reference"
    lookup_value_converter = "agreement"
    ordering_fields = ["id", "start_date", "end_date", "title", "updated_at"]

    def get_queryset(self):
        return agreement_list_for_user(user=self.request.user)


class StaffMilestoneFilter(filters.FilterSet):
    agreement = filters.CharFilter(
        field_name="agreement__reference", label=_("The agreement's reference code")
    )
    status = filters.ChoiceFilter(
        choices=MilestoneStatus.choices, method="filter_status", label=_("Status")
    )
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due by"))

    class Meta:
        model = Milestone
        fields = ["agreement", "status", "due_before"]

    def filter_status(self, queryset, name, value):
        """The status the page shows (effective_status): "late" is never stored."""
        late = ~Q(status=MilestoneStatus.DONE) & Q(due_date__lt=timezone.localdate())
        if value == MilestoneStatus.LATE:
            return queryset.filter(late)
        return queryset.filter(status=value).exclude(late)


class StaffMilestoneViewSet(StaffViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _("The milestones of your agencies' agreements.")

    serializer_class = StaffMilestoneSerializer
    filterset_class = StaffMilestoneFilter
    ordering_fields = ["id", "due_date"]

    def get_queryset(self):
        return Milestone.objects.filter(
            agreement__in=visible_agreements(self.request.user)
        ).select_related("agreement", "responsible__agency")


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class StaffMonevReportFilter(filters.FilterSet):
    agreement = filters.CharFilter(
        field_name="agreement__reference", label=_("The agreement's reference code")
    )
    status = filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    # Whole years in a sane range: a DecimalField would take -1e9999999, which int() takes
    # hours to read.
    year = YearFilter(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        model = MonevReport
        fields = ["agreement", "status", "year"]


class StaffMonevReportViewSet(StaffViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "The monitoring and evaluation (monev) reports of your agencies' agreements."
    )

    serializer_class = StaffMonevReportSerializer
    filterset_class = StaffMonevReportFilter
    ordering_fields = ["id", "year", "submitted_at"]

    def get_queryset(self):
        return MonevReport.objects.filter(
            agreement__in=visible_agreements(self.request.user)
        ).select_related("agreement", "party__agency")
