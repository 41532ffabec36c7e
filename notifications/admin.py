from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from .forms import ReminderRuleForm
from .models import Delivery, Notification, OutboundEmail, Reminder, ReminderRule
from .registry import (
    EMAIL_KINDS,
    KINDS,
    REMINDER_EMAIL_PREFIX,
    RULES,
    email_kind_label,
    reminder_label,
)
from .services import email_resend


class KindFilter(admin.SimpleListFilter):
    """The kinds in words, from the registry (no scan of a large table for its distinct kinds)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return sorted(model_admin.known_kinds().items(), key=lambda item: str(item[1]).lower())

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, language_name(code)) for code, _name in settings.LANGUAGES]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


def language_name(code):
    return get_language_info(code)["name_translated"] if code else "—"


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind_label", "status", "attempts", "sent_at"]
    list_filter = ["status", KindFilter, LanguageFilter]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [
        "to",
        "subject",
        "body",
        "html",
        "kind_label",
        "language_label",
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

    @staticmethod
    def known_kinds():
        return {
            **{key: kind.label for key, kind in KINDS.items()},
            **{
                f"{REMINDER_EMAIL_PREFIX}{key}": reminder_label(rule) for key, rule in RULES.items()
            },
            **EMAIL_KINDS,
        }

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, email):
        return email_kind_label(email.kind)

    @admin.display(description=_("language"), ordering="language")
    def language_label(self, email):
        return language_name(email.language)

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
    form = ReminderRuleForm
    list_display = ["label", "key", "lead_times", "active"]
    list_editable = ["active"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False  # rules are declared in code; here only their lead times change

    @admin.display(description=_("lead times (days)"))
    def lead_times(self, rule):
        return ", ".join(str(days) for days in rule.offsets)

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
    list_display = ["created_at", "user", "kind_label", "title", "read_at"]
    list_filter = [KindFilter]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "delivery"]

    @staticmethod
    def known_kinds():
        return {key: kind.label for key, kind in KINDS.items()}

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, notification):
        return email_kind_label(notification.kind)
