"""The agreements in the REST API."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from core.apiviews import StaffViewSet, UpdatedAtSince

from .enums import AgreementKind, AgreementStatus, MilestoneStatus, ReportStatus, Visibility
from .models import Agreement, Milestone, MonevReport, Party
from .rules import visible_agreements
from .selectors import agreement_list_for_user, effective_status_q
from .serializers import (
    StaffAgreementSerializer,
    StaffMilestoneSerializer,
    StaffMonevReportSerializer,
)

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
    """Your agencies' agreements, as the staff pages show them: internal ones and drafts too."""

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
    status = filters.ChoiceFilter(choices=MilestoneStatus.choices, label=_("Status"))
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due by"))

    class Meta:
        model = Milestone
        fields = ["agreement", "status", "due_before"]


class StaffMilestoneViewSet(StaffViewSet):
    """The milestones of your agencies' agreements."""

    serializer_class = StaffMilestoneSerializer
    filterset_class = StaffMilestoneFilter
    ordering_fields = ["id", "due_date"]

    def get_queryset(self):
        return Milestone.objects.filter(
            agreement__in=visible_agreements(self.request.user)
        ).select_related("agreement", "responsible__agency")


class StaffMonevReportFilter(filters.FilterSet):
    agreement = filters.CharFilter(
        field_name="agreement__reference", label=_("The agreement's reference code")
    )
    status = filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    year = filters.NumberFilter(label=_("Year"))

    class Meta:
        model = MonevReport
        fields = ["agreement", "status", "year"]


class StaffMonevReportViewSet(StaffViewSet):
    """The monitoring and evaluation (monev) reports of your agencies' agreements."""

    serializer_class = StaffMonevReportSerializer
    filterset_class = StaffMonevReportFilter
    ordering_fields = ["id", "year", "submitted_at"]

    def get_queryset(self):
        return MonevReport.objects.filter(
            agreement__in=visible_agreements(self.request.user)
        ).select_related("agreement", "party__agency")
