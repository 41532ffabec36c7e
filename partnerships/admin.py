from django.contrib import admin
from django.db import models

from core.money import RupiahField, RupiahInput

from . import reminders
from .models import (
    Agreement,
    AgreementTransition,
    Comment,
    Contribution,
    Document,
    DocumentVersion,
    Milestone,
    MonevReport,
    Party,
)

# Amounts typed as people write them (150.000.000), as on the portal's own forms; the only
# big integers these admins edit are Rupiah (a document version's size is read-only).
RUPIAH_INPUTS = {
    models.PositiveBigIntegerField: {
        "form_class": RupiahField,
        "widget": RupiahInput(prefix=False, attrs={"class": "vTextField"}),
    }
}


class PartyInline(admin.StackedInline):
    model = Party
    extra = 0
    autocomplete_fields = ["agency"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "title", "public"]
    show_change_link = True


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "responsible", "due_date", "status", "completed_on"]


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    formfield_overrides = RUPIAH_INPUTS
    fields = ["party", "source", "form", "planned", "realised", "description"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["created_at", "author", "body"]
    readonly_fields = fields


class TransitionInline(admin.TabularInline):
    model = AgreementTransition
    extra = 0
    can_delete = False
    fields = ["at", "kind", "from_status", "to_status", "actor", "detail", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "kind", "status", "visibility", "start_date", "end_date"]
    list_filter = ["status", "kind", "cooperation_kind", "visibility", "legacy", "sectors"]
    search_fields = ["reference", "title", "parties__agency__name"]
    autocomplete_fields = ["parent", "renewal_of", "sectors", "locations"]
    readonly_fields = ["reference", "status", "status_changed_at", "created_by", "created_at"]
    date_hierarchy = "start_date"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # An end date changed here (an extension) moves the agreement's reminders too.
        reminders.sync_agreement(form.instance)
        for milestone in form.instance.milestones.all():
            reminders.sync_milestone(milestone)

    inlines = [
        PartyInline,
        DocumentInline,
        MilestoneInline,
        ContributionInline,
        CommentInline,
        TransitionInline,
    ]


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    can_delete = False
    fields = ["number", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "agreement", "public"]
    list_filter = ["kind", "public"]
    search_fields = ["title", "agreement__reference", "agreement__title"]
    autocomplete_fields = ["agreement"]
    inlines = [VersionInline]


@admin.register(MonevReport)
class MonevReportAdmin(admin.ModelAdmin):
    formfield_overrides = RUPIAH_INPUTS
    list_display = ["agreement", "year", "period", "party", "status", "submitted_at"]
    list_filter = ["status", "recommendation", "year"]
    search_fields = ["agreement__reference", "agreement__title"]
    autocomplete_fields = ["agreement"]
    readonly_fields = ["submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
    list_select_related = ["agreement", "party__agency"]
