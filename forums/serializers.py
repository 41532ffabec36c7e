"""The API's shape of published forum input (forums/api.py): what its public page shows. The
submitter is named as the page names them (rules.public_name: "Anonymous" for anonim input),
never by an e-mail address, a phone, an address or an account id."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.apirows import RowSerializer, UrlTemplate

from .enums import SubmissionStatus
from .models import Meeting, Reply, Submission
from .rules import can_see_identity, public_name, public_name_of


class AnswerSerializer(RowSerializer):
    agency = serializers.IntegerField(source="agency_id", read_only=True, allow_null=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True, default="")

    class Meta:
        model = Reply
        fields = ["id", "agency", "agency_name", "body", "created_at"]


class SubmissionSerializer(RowSerializer):
    forum = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    regency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=SubmissionStatus.choices, read_only=True)
    submitted_by = serializers.SerializerMethodField()
    assigned_agency = serializers.IntegerField(
        source="assigned_agency_id", read_only=True, allow_null=True
    )
    assigned_agency_name = serializers.CharField(
        source="assigned_agency.name", read_only=True, default=""
    )
    answers = AnswerSerializer(source="public_answers", many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "tracking_code",
            "forum",
            "kind",
            "title",
            "body",
            "sector",
            "regency",
            "status",
            "submitted_by",
            "assigned_agency",
            "assigned_agency_name",
            "support_count",
            "reply_count",
            "created_at",
            "answered_at",
            "closed_at",
            "updated_at",
            "answers",
            "url",
        ]

    @extend_schema_field(serializers.CharField())
    def get_submitted_by(self, submission):
        return str(public_name(submission))

    @extend_schema_field(serializers.URLField())
    def get_url(self, submission):
        return self.context["request"].build_absolute_uri(submission.get_absolute_url())

    # A page of plain rows (core.apirows; the viewset attaches the answers).
    row_extra_columns = ("privacy", "author_id", "author__full_name", "author_name")

    def row_submitted_by(self, row):
        account_name = row["author__full_name"] if row["author_id"] else None
        return str(
            public_name_of(
                privacy=row["privacy"], account_name=account_name, guest_name=row["author_name"]
            )
        )

    def row_url(self, row):
        if not hasattr(self, "_urls"):
            self._urls = UrlTemplate(self.context["request"], "forums:submission")
        return self._urls(row["tracking_code"])


class MeetingSerializer(RowSerializer):
    forum = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "forum",
            "title",
            "agenda",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, meeting):
        return self.context["request"].build_absolute_uri(meeting.get_absolute_url())

    def row_url(self, row):
        if not hasattr(self, "_urls"):
            self._urls = UrlTemplate(self.context["request"], "forums:meeting")
        return self._urls(row["id"])


# --- Staff (personal key) -------------------------------------------------------------------------


class SubmitterSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()


class StaffSubmissionSerializer(serializers.ModelSerializer):
    """A submission in the assigned agency's inbox, as its staff pages show it."""

    forum = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    regency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    assigned_agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    deadline = serializers.DateTimeField(
        read_only=True, help_text=_("The deadline that applies in its status, if any.")
    )
    is_overdue = serializers.BooleanField(read_only=True)
    submitter = serializers.SerializerMethodField(
        help_text=_(
            "Who sent it; null when it was sent anonim or rahasia (only the secretariat sees "
            "who sent those, and a key carries no secretariat powers)."
        )
    )

    class Meta:
        model = Submission
        fields = [
            "tracking_code",
            "forum",
            "kind",
            "title",
            "body",
            "privacy",
            "status",
            "sector",
            "regency",
            "assigned_agency",
            "submitter",
            "created_at",
            "forwarded_at",
            "answer_due",
            "answered_at",
            "closed_at",
            "deadline",
            "is_overdue",
            "held",
            "hidden",
            "locked",
            "support_count",
            "reply_count",
        ]

    @extend_schema_field(SubmitterSerializer(allow_null=True))
    def get_submitter(self, submission):
        # The same rule as the staff page (forums/manage.html): the identity or nothing.
        if not can_see_identity(self.context["request"].user, submission):
            return None
        if submission.author_id:
            return {"name": submission.author.full_name, "email": submission.author.email}
        return {"name": submission.author_name, "email": submission.author_email}
