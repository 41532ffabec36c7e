"""The API's shape of a public training (trainings/api.py): what its public page shows, with
its sessions and organisers; never a participant, a registration, a question's answers or the
online link (sent to those registered)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .enums import TrainingStatus
from .models import Organiser, Training, TrainingSession


class OrganiserSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Organiser
        fields = ["agency", "agency_name", "is_lead"]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingSession
        fields = ["id", "title", "starts_at", "ends_at"]


class TrainingSerializer(serializers.ModelSerializer):
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
