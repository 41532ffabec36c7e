from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ApiToken, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "preferred_language"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["full_name", "email"]
    list_display = [
        "email",
        "full_name",
        "preferred_language",
        "email_verified",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        "preferred_language",
        ("email_verified_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "email_verified_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["full_name", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["email_verified_at", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    actions = ["mark_email_verified", "send_verification_email"]

    def save_model(self, request, obj, form, change):
        if change and "email" in form.changed_data:
            # A new address has not been proven yet.
            obj.email_verified_at = None
        super().save_model(request, obj, form, change)

    @admin.display(boolean=True, description=_("e-mail verified"), ordering="email_verified_at")
    def email_verified(self, obj):
        return obj.is_email_verified

    @admin.action(description=_("Mark the e-mail address as verified"))
    def mark_email_verified(self, request, queryset):
        count = 0
        for user in queryset.filter(email_verified_at__isnull=True):
            services.user_mark_email_verified(user=user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d account marked verified.", "%(count)d accounts marked verified.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Send a new verification e-mail"))
    def send_verification_email(self, request, queryset):
        count = 0
        for user in queryset.filter(email_verified_at__isnull=True, is_active=True):
            # Queued in the outbox (its admin page shows whether each one went out); an address
            # that had a link within the cooldown is not sent another.
            count += services.user_verification_send(
                user=user, base_url=request.build_absolute_uri("/")
            )
        self.message_user(
            request,
            ngettext(
                "%(count)d verification e-mail queued; the outbox shows when it is sent.",
                "%(count)d verification e-mails queued; the outbox shows when they are sent.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Personal API keys: who has which, when used; never the key (only its hash is kept, and
    the hash is not shown either). Keys are made by their owners on the profile page."""

    list_display = [
        "name",
        "prefix",
        "user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "expires_at"]
    search_fields = ["name", "prefix", "user__email", "user__full_name"]
    list_select_related = ["user"]
    fields = ["name", "prefix", "user", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected API keys"), permissions=["delete"])
    def revoke(self, request, queryset):
        count = sum(
            services.api_token_revoke(user=token.user, token_id=token.pk)
            for token in queryset.filter(revoked_at=None).select_related("user")
        )
        self.message_user(
            request,
            ngettext("%(count)d API key revoked.", "%(count)d API keys revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
