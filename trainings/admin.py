from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import (
    Attendance,
    Certificate,
    Feedback,
    Material,
    Organiser,
    Question,
    Registration,
    RegistrationEvent,
    Speaker,
    Training,
    TrainingEvent,
    TrainingMessage,
    TrainingSession,
)


class OrganiserInline(admin.TabularInline):
    model = Organiser
    extra = 0
    autocomplete_fields = ["agency"]


class SessionInline(admin.TabularInline):
    model = TrainingSession
    extra = 0


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["title", "public", "original_name", "uploaded_at"]
    readonly_fields = ["original_name", "uploaded_at"]


class HistoryInline(admin.TabularInline):
    """A read-only history timeline; entries are written by the services only."""

    extra = 0
    fields = ["at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TrainingEventInline(HistoryInline):
    model = TrainingEvent


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "kind", "status", "mode", "starts_at", "capacity"]
    list_filter = ["status", "kind", "mode", "audience", "sector", "regency"]
    search_fields = ["reference", "title", "organiser_rows__agency__name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["agreement"]
    # Status moves go through the organiser pages (services), so they are recorded and e-mailed.
    readonly_fields = ["reference", "status", "status_changed_at", "starts_at", "ends_at"]
    inlines = [
        OrganiserInline,
        SessionInline,
        SpeakerInline,
        QuestionInline,
        MaterialInline,
        TrainingEventInline,
    ]


class RegistrationEventInline(HistoryInline):
    model = RegistrationEvent


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["session", "method", "checked_in_by", "checked_in_at"]
    readonly_fields = fields


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["training", "user", "status", "created_at"]
    list_filter = ["status", "training__kind"]
    search_fields = ["user__email", "user__full_name", "training__title", "training__reference"]
    list_select_related = ["training", "user"]
    autocomplete_fields = ["training", "user"]
    readonly_fields = ["status", "status_changed_at", "code", "created_at", "reason"]
    inlines = [AttendanceInline, RegistrationEventInline]
    actions = ["approve"]

    @admin.action(description=_("Give the selected people a seat"))
    def approve(self, request, queryset):
        done = 0
        for registration in queryset.select_related("training"):
            try:
                services.registration_approve(registration=registration, by=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{registration}: {error.messages[0]}", messages.WARNING)
        self.message_user(
            request,
            ngettext("%(count)d registration approved.", "%(count)d registrations approved.", done)
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "registration",
        "status",
        "attempts",
        "short_error",
        "issued_at",
        "revoked_at",
    ]
    list_filter = ["status"]
    search_fields = ["code", "registration__user__full_name", "registration__training__title"]
    list_select_related = ["registration__user", "registration__training"]
    actions = ["redraw"]
    readonly_fields = [
        "registration",
        "code",
        "status",
        "file",
        "created_at",
        "attempts",
        "enqueued_at",
        "claimed_at",
        "last_error",
        "issued_at",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("last error"))
    def short_error(self, certificate):
        error = certificate.last_error
        return error if len(error) <= 80 else f"{error[:79]}…"

    @admin.action(description=_("Prepare the selected failed certificates again"))
    def redraw(self, request, queryset):
        count = sum(services.certificate_redraw(certificate=c, by=request.user) for c in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d certificate queued again.", "%(count)d certificates queued again.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["registration", "rating", "created_at"]
    list_filter = ["rating"]
    search_fields = ["registration__training__title", "comment"]
    list_select_related = ["registration__training", "registration__user"]
    readonly_fields = ["registration", "rating", "comment", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "method", "checked_in_at"]
    list_filter = ["method"]
    search_fields = ["registration__user__full_name", "registration__training__title"]
    list_select_related = ["registration__user", "session"]
    raw_id_fields = ["registration", "session"]


@admin.register(TrainingMessage)
class TrainingMessageAdmin(admin.ModelAdmin):
    """What organisers wrote to participants (the e-mails themselves are in the outbox)."""

    list_display = ["sent_at", "training", "subject", "audience", "recipients", "sent_by"]
    list_filter = ["audience"]
    search_fields = ["subject", "training__reference", "training__title"]
    list_select_related = ["training", "sent_by"]
    readonly_fields = [
        "training",
        "sent_by",
        "audience",
        "subject",
        "body",
        "recipients",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False
