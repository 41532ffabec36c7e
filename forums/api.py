"""Residents' input in the REST API."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from core.apiviews import StaffViewSet

from .enums import Privacy, SubmissionKind, SubmissionStatus
from .models import Submission
from .selectors import inbox
from .serializers import StaffSubmissionSerializer

# --- Staff (personal key) -------------------------------------------------------------------------
# The forum inbox as the staff pages show it to the key's owner (forums.selectors.inbox: the
# input assigned to their agencies, within the key's scope), identities hidden as there.


class StaffSubmissionFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=SubmissionStatus.choices, label=_("Status (any status when not given)")
    )
    kind = filters.ChoiceFilter(choices=SubmissionKind.choices, label=_("Kind"))
    privacy = filters.ChoiceFilter(choices=Privacy.choices, label=_("Privacy"))
    agency = filters.CharFilter(
        field_name="assigned_agency__slug",
        label=_("The assigned agency, by its short name (slug)"),
    )
    overdue = filters.BooleanFilter(
        method="filter_overdue", label=_("Only those past the deadline of their status")
    )

    class Meta:
        model = Submission
        fields = ["status", "kind", "privacy", "agency", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(is_overdue=value)


class StaffSubmissionViewSet(StaffViewSet):
    """The forum inbox: residents' input assigned to your agencies (rahasia ones too)."""

    serializer_class = StaffSubmissionSerializer
    filterset_class = StaffSubmissionFilter
    lookup_field = "tracking_code"
    lookup_value_converter = "tracking"
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        return inbox(self.request.user, status="any")
