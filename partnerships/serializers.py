"""The API's shape of a public agreement (partnerships/api.py): what its public page shows,
never a person (no signatory or person in charge), a document or the monev's internals."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.apirows import RowSerializer, UrlTemplate

from .enums import AgreementStatus, MilestoneStatus, PartyRole
from .models import Agreement, Milestone, MonevReport, Party


class PartySerializer(RowSerializer):
    agency = serializers.IntegerField(source="agency_id", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    agency_acronym = serializers.CharField(source="agency.acronym", read_only=True)
    role = serializers.ChoiceField(choices=PartyRole.choices, read_only=True)

    class Meta:
        model = Party
        fields = ["agency", "agency_name", "agency_acronym", "role", "document_number"]


class AgreementSerializer(RowSerializer):
    status = serializers.SerializerMethodField()
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    regencies = serializers.SlugRelatedField(
        source="locations", slug_field="code", many=True, read_only=True
    )
    parties = PartySerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "title",
            "kind",
            "cooperation_kind",
            "status",
            "sectors",
            "regencies",
            "parties",
            "start_date",
            "end_date",
            "signed_on",
            "updated_at",
            "url",
        ]

    @extend_schema_field(
        serializers.ChoiceField(
            choices=AgreementStatus.choices,
            help_text=_("The status the public page shows: in force past its end date is expired."),
        )
    )
    def get_status(self, agreement):
        return agreement.effective

    @extend_schema_field(serializers.URLField())
    def get_url(self, agreement):
        return self.context["request"].build_absolute_uri(agreement.get_public_url())

    # A page of plain rows (core.apirows; the viewset attaches parties, sectors, regencies).
    row_extra_columns = ("effective", "reference")

    def row_status(self, row):
        return row["effective"]

    def row_url(self, row):
        if not hasattr(self, "_urls"):
            self._urls = UrlTemplate(self.context["request"], "partnerships:public_detail")
        return self._urls(row["reference"])


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
    # As the agreement's page shows it: a milestone past its due date and not done is late.
    status = serializers.ChoiceField(
        source="effective_status", choices=MilestoneStatus.choices, read_only=True
    )
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
