"""The API's shape of residents' input (forums/api.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Submission
from .rules import can_see_identity

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
