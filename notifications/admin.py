from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Delivery, Notification, OutboundEmail, Reminder, ReminderRule
from .services import email_resend


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [
        "to",
        "subject",
        "body",
        "html",
        "kind",
        "language",
        "content_type",
        "object_id",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "enqueued_at",
        "claimed_at",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed e-mails again"))
    def resend(self, request, queryset):
        count = sum(email_resend(email=email, by=request.user) for email in queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "offsets", "active"]
    list_editable = ["active"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False  # rules are declared in code; here only their lead times change

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A lead time taken out of the rule stops its waiting reminders; new lead times apply
        # as each source is next saved (or, for monev, at the daily sync).
        obj.reminders.filter(status="pending").exclude(offset__in=obj.offsets).update(
            status="cancelled", processed_at=timezone.now()
        )


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["rule", "object_id", "offset", "moment", "due_at", "status"]
    list_filter = ["status", "rule"]
    date_hierarchy = "due_at"
    readonly_fields = [
        "rule",
        "content_type",
        "object_id",
        "offset",
        "moment",
        "due_at",
        "expires_at",
        "status",
        "processed_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["reminder", "user", "status", "attempts", "sent_at"]
    list_filter = ["status", "reminder__rule"]
    search_fields = ["user__email"]
    list_select_related = ["reminder__rule", "user"]
    readonly_fields = [
        "reminder",
        "user",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "enqueued_at",
        "claimed_at",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "delivery"]
