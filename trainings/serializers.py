"""The API's shape of a public training (trainings/api.py): what its public page shows, with
its sessions and organisers; never a participant, a registration, a question's answers or the
online link (sent to those registered)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.apirows import RowSerializer, UrlTemplate

from .enums import TrainingStatus
from .models import Attendance, Organiser, Registration, Training, TrainingSession


class OrganiserSerializer(RowSerializer):
    agency = serializers.IntegerField(source="agency_id", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Organiser
        fields = ["agency", "agency_name", "is_lead"]


class SessionSerializer(RowSerializer):
    class Meta:
        model = TrainingSession
        fields = ["id", "title", "starts_at", "ends_at"]


class TrainingSerializer(RowSerializer):
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    regency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=TrainingStatus.choices, read_only=True)
    organisers = OrganiserSerializer(source="organiser_rows", many=True, read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = [
            "id",
            "reference",
            "title",
            "kind",
            "description",
            "sector",
            "regency",
            "mode",
            "venue",
            "capacity",
            "lesson_hours",
            "status",
            "registration_opens_at",
            "registration_closes_at",
            "starts_at",
            "ends_at",
            "organisers",
            "sessions",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, training):
        return self.context["request"].build_absolute_uri(training.get_absolute_url())

    # A page of plain rows (core.apirows; the viewset attaches organisers and sessions).
    def row_url(self, row):
        if not hasattr(self, "_urls"):
            self._urls = UrlTemplate(self.context["request"], "trainings:detail")
        return self._urls(row["reference"])


# --- Staff (personal key) -------------------------------------------------------------------------


class StaffAttendanceSerializer(serializers.ModelSerializer):
    session_starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)

    class Meta:
        model = Attendance
        fields = ["session", "session_starts_at", "checked_in_at", "method"]


class StaffRegistrationSerializer(serializers.ModelSerializer):
    """A registration as the organisers' list shows it (name, e-mail, status, answers) with its
    attendance per session, as the attendance export has it. Never the check-in code: it is the
    participant's own pass."""

    training = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    name = serializers.CharField(source="user.full_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    attendance = StaffAttendanceSerializer(source="attendances", many=True, read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "training",
            "name",
            "email",
            "status",
            "created_at",
            "status_changed_at",
            "answers",
            "attendance",
        ]
