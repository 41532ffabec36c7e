"""Trainings in the REST API."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from core.apiviews import StaffViewSet

from .enums import RegistrationStatus
from .models import Attendance, Registration
from .rules import organised_trainings
from .serializers import StaffRegistrationSerializer

# --- Staff (personal key) -------------------------------------------------------------------------
# The organisers' pages of the trainings the key's agencies organise (trainings.rules:
# organised_trainings), within the key's scope: registrations with their attendance.


class StaffRegistrationFilter(filters.FilterSet):
    training = filters.CharFilter(
        field_name="training__reference", label=_("The training's reference code")
    )
    status = filters.ChoiceFilter(choices=RegistrationStatus.choices, label=_("Status"))
    changed_since = filters.IsoDateTimeFilter(
        field_name="status_changed_at",
        lookup_expr="gte",
        label=_("Status changed at or after this time (ISO 8601)"),
    )

    class Meta:
        model = Registration
        fields = ["training", "status", "changed_since"]


class StaffRegistrationViewSet(StaffViewSet):
    """Registrations for the trainings your agencies organise, with attendance per session."""

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
