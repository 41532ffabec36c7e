"""The API's shape of agreements (partnerships/api.py)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .enums import AgreementStatus
from .models import Agreement, Milestone, MonevReport, Party

# --- Staff (personal key) -------------------------------------------------------------------------


class StaffPartySerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Party
        fields = ["agency", "agency_name", "role", "document_number", "signatory_name"]


class StaffAgreementSerializer(serializers.ModelSerializer):
    """An agreement as its parties' staff see it: drafts and internal ones too."""

    status = serializers.ChoiceField(
        source="effective_status",
        choices=AgreementStatus.choices,
        read_only=True,
        help_text=_("The status people see: in force past its end date reads as expired."),
    )
    parties = StaffPartySerializer(many=True, read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "reference",
            "title",
            "kind",
            "cooperation_kind",
            "status",
            "visibility",
            "start_date",
            "end_date",
            "signed_on",
            "monev_per_year",
            "parties",
            "sectors",
            "created_at",
            "updated_at",
        ]


class StaffMilestoneSerializer(serializers.ModelSerializer):
    agreement = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    responsible = serializers.SlugRelatedField(
        source="responsible.agency", slug_field="slug", read_only=True
    )

    class Meta:
        model = Milestone
        fields = ["id", "agreement", "title", "responsible", "due_date", "status", "completed_on"]


class StaffMonevReportSerializer(serializers.ModelSerializer):
    agreement = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    party = serializers.SlugRelatedField(source="party.agency", slug_field="slug", read_only=True)

    class Meta:
        model = MonevReport
        fields = [
            "id",
            "agreement",
            "party",
            "year",
            "period",
            "status",
            "activities",
            "jobs_absorbed",
            "investment_realised",
            "trainees",
            "ikm_assisted",
            "products",
            "recommendation",
            "submitted_at",
            "reviewed_at",
        ]
