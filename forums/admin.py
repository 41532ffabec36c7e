from django.contrib import admin

from . import services
from .models import (
    AnswerRating,
    Attachment,
    Forum,
    Holiday,
    Meeting,
    Reply,
    Report,
    Submission,
    SubmissionEvent,
    Suspension,
)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "sector", "regency", "is_active"]
    list_filter = ["kind", "is_active", "sector"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["agreement", "training"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "starts_at", "cancelled"]
    list_filter = ["cancelled"]
    search_fields = ["title", "agenda"]
    date_hierarchy = "starts_at"


class ReplyInline(admin.TabularInline):
    model = Reply
    extra = 0
    fields = ["created_at", "kind", "author", "body", "hidden"]
    readonly_fields = ["created_at", "kind", "author", "body"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["name", "content_type", "size"]
    readonly_fields = fields


class RatingInline(admin.TabularInline):
    """The submitter's ratings, as they gave them (forums.services.rating writes them)."""

    model = AnswerRating
    extra = 0
    fields = ["created_at", "answer", "agency", "verdict", "reason", "appealed"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    fields = ["at", "actor", "from_status", "to_status", "note", "internal"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = [
        "tracking_code",
        "title",
        "kind",
        "status",
        "privacy",
        "assigned_agency",
        "held",
        "hidden",
        "created_at",
    ]
    list_filter = ["status", "kind", "privacy", "held", "hidden", "locked", "quarantined"]
    search_fields = ["tracking_code", "title", "body"]
    date_hierarchy = "created_at"
    list_select_related = ["assigned_agency"]
    # The workflow and privacy go through the staff pages (services), which record every move
    # and never let privacy become more public.
    readonly_fields = [
        "tracking_code",
        "status",
        "privacy",
        "author",
        "author_name",
        "author_email",
        "ip_hash",
        "created_at",
        "received_at",
        "verify_due",
        "forwarded_at",
        "answer_due",
        "answered_at",
        "close_due",
        "closed_at",
        "appealed_at",
        "support_count",
        "reply_count",
    ]
    exclude = ["body_html"]
    inlines = [AttachmentInline, ReplyInline, RatingInline, EventInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Replies hidden, shown or deleted here bypass the services that keep the count.
        services.reply_count_refresh(form.instance)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reason", "submission", "reply", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["submission", "reply", "reason", "note", "reporter", "ip_hash", "created_at"]


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "until", "created_at", "by"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["by", "created_at"]
    fieldsets = [(None, {"fields": ["user", "reason", "until", "by", "created_at"]})]
