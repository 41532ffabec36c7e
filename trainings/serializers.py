"""The API's shape of trainings (trainings/api.py)."""

from rest_framework import serializers

from .models import Attendance, Registration

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
