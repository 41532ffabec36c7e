"""Open data of the trainings app: every training anyone may open (upcoming, over, cancelled),
with its sessions and organisers (selectors.training_public_list)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from agencies.api import regency_filter, sector_filter
from agencies.models import Agency
from core.apirows import RowsListMixin, rows_by
from core.apiviews import (
    ReadOnlyViewSet,
    SelectorFilterSet,
    StaffViewSet,
    UtcDateTimeFilter,
    UtcDateTimeRangeFilter,
)

from . import selectors
from .enums import Mode, RegistrationStatus, TrainingKind, TrainingStatus
from .models import Attendance, Registration, Training
from .rules import SHOWN, organised_trainings
from .serializers import (
    OrganiserSerializer,
    SessionSerializer,
    StaffRegistrationSerializer,
    TrainingSerializer,
)


class TrainingFilter(SelectorFilterSet):
    selector_filter = staticmethod(selectors.training_public_filter)

    sector = sector_filter()
    regency = regency_filter()
    # Organisers are a relation of many: the schema is told the key's type.
    organiser = extend_schema_field(OpenApiTypes.INT)(
        filters.ModelChoiceFilter(
            queryset=Agency.objects.public(),
            method="by_selector",
            label=_("An organiser, by its agency id"),
        )
    )
    kind = filters.ChoiceFilter(
        choices=TrainingKind.choices, method="by_selector", label=_("Kind of training")
    )
    mode = filters.ChoiceFilter(choices=Mode.choices, method="by_selector", label=_("Mode"))
    status = filters.ChoiceFilter(
        choices=[(TrainingStatus(status).value, TrainingStatus(status).label) for status in SHOWN],
        method="by_selector",
        label=_("Status"),
    )
    starts = UtcDateTimeRangeFilter(
        field_name="starts_at",
        label=_("Starts at or after / at or before (ISO 8601)"),
    )

    class Meta:
        model = Training
        fields = []


class TrainingViewSet(RowsListMixin, ReadOnlyViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "Public trainings, workshops and certifications (published, completed or "
        "cancelled), with their sessions and organisers. Never a participant or a "
        "registration."
    )

    serializer_class = TrainingSerializer
    filterset_class = TrainingFilter
    ordering_fields = ["id", "updated_at"]

    def get_queryset(self):
        return selectors.training_public_list()

    def attach_rows(self, rows):
        ids = [row["id"] for row in rows]
        organisers = rows_by(
            selectors.training_public_organisers(ids),
            "training_id",
            OrganiserSerializer().row_columns(),
        )
        sessions = rows_by(
            selectors.training_public_sessions(ids),
            "training_id",
            SessionSerializer().row_columns(),
        )
        for row in rows:
            row["organisers"] = organisers[row["id"]]
            row["sessions"] = sessions[row["id"]]


# --- Staff (personal key) -------------------------------------------------------------------------
# The organisers' pages of the trainings the key's agencies organise (trainings.rules:
# organised_trainings), within the key's scope: registrations with their attendance.


class StaffRegistrationFilter(filters.FilterSet):
    training = filters.CharFilter(
        field_name="training__reference", label=_("The training's reference code")
    )
    status = filters.ChoiceFilter(choices=RegistrationStatus.choices, label=_("Status"))
    changed_since = UtcDateTimeFilter(
        field_name="status_changed_at",
        lookup_expr="gte",
        label=_("Status changed at or after this time (ISO 8601)"),
    )

    class Meta:
        model = Registration
        fields = ["training", "status", "changed_since"]


class StaffRegistrationViewSet(StaffViewSet):
    # Public: the API documentation shows it, in the reader's language.
    api_description = _(
        "Registrations for the trainings your agencies organise, with attendance per session."
    )

    serializer_class = StaffRegistrationSerializer
    filterset_class = StaffRegistrationFilter
    ordering_fields = ["id", "created_at", "status_changed_at"]

    def get_queryset(self):
        return (
            Registration.objects.filter(training__in=organised_trainings(self.request.user))
            .select_related("training", "user")
            .prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=Attendance.objects.select_related("session").order_by(
                        "session__starts_at", "pk"
                    ),
                )
            )
        )
