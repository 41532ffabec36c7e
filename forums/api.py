"""Open data of the forums app: residents' published input with its official answers, exactly
the rows the public list shows (selectors.submission_public_list): never rahasia, held, hidden,
spam or unconfirmed input, and anonim input without its submitter."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from agencies.api import regency_filter, sector_filter
from core.apirows import RowsListMixin, rows_by
from core.apiviews import (
    ReadOnlyViewSet,
    SelectorFilterSet,
    StaffViewSet,
    UpdatedSince,
    UtcDateTimeRangeFilter,
)

from . import rules, selectors
from .enums import PUBLIC_STATUSES, Privacy, SubmissionKind, SubmissionStatus
from .models import Meeting, Submission
from .selectors import inbox
from .serializers import (
    AnswerSerializer,
    MeetingSerializer,
    StaffSubmissionSerializer,
    SubmissionSerializer,
)


class SubmissionFilter(SelectorFilterSet):
    selector_filter = staticmethod(selectors.submission_public_filter)

    sector = sector_filter()
    regency = regency_filter()
    forum = filters.ModelChoiceFilter(
        queryset=rules.public_forums(),
        to_field_name="slug",
        method="by_selector",
        label=_("Forum, by its address (e.g. umum)"),
    )
    kind = filters.ChoiceFilter(
        choices=SubmissionKind.choices, method="by_selector", label=_("Kind of input")
    )
    status = filters.ChoiceFilter(
        choices=[(status.value, status.label) for status in PUBLIC_STATUSES],
        method="by_selector",
        label=_("Status"),
    )
    tracking_code = filters.CharFilter(
        method="by_tracking_code",
        label=_("The input's tracking code (e.g. SM-2026-AB12CD), in any case"),
    )

    class Meta:
        model = Submission
        fields = []

    def by_tracking_code(self, queryset, name, value):
        return queryset.filter(tracking_code=value.strip().upper())


class SubmissionViewSet(RowsListMixin, ReadOnlyViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "Residents' published input (aspirasi, pengaduan, requests for information) with "
        "the agencies' official answers. Anonim input is shown as anonymous; rahasia "
        "input never."
    )

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    ordering_fields = ["id", "created_at", "updated_at", "support_count"]

    def get_queryset(self):
        return selectors.submission_public_list().prefetch_related(
            Prefetch(
                "replies",
                queryset=selectors.submission_public_answers(),
                to_attr="public_answers",
            )
        )

    def attach_rows(self, rows):
        answers = rows_by(
            selectors.submission_public_answers().filter(
                submission_id__in=[row["id"] for row in rows]
            ),
            "submission_id",
            AnswerSerializer().row_columns(),
        )
        for row in rows:
            row["answers"] = answers[row["id"]]


class MeetingFilter(UpdatedSince):
    forum = filters.ModelChoiceFilter(
        queryset=rules.public_forums(),
        to_field_name="slug",
        label=_("Forum, by its address (e.g. umum)"),
    )
    starts = UtcDateTimeRangeFilter(
        field_name="starts_at", label=_("Starts at or after / at or before (ISO 8601)")
    )

    class Meta:
        model = Meeting
        fields = []


class MeetingViewSet(RowsListMixin, ReadOnlyViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "Public meetings (forum terbuka, diskusi publik) announced in forums anyone may "
        "read, not cancelled. Never who announced them or who will come."
    )

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["id", "starts_at", "updated_at"]

    def get_queryset(self):
        return selectors.meeting_public_list()


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
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "The forum inbox: residents' input assigned to your agencies (rahasia ones too)."
    )

    serializer_class = StaffSubmissionSerializer
    filterset_class = StaffSubmissionFilter
    lookup_field = "tracking_code"
    lookup_value_converter = "tracking"
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        return inbox(self.request.user, status="any")
