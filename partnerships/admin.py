from django.contrib import admin

from .models import Agreement, AgreementTransition, Document, DocumentVersion, Party


class PartyInline(admin.StackedInline):
    model = Party
    extra = 0
    autocomplete_fields = ["agency"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "title", "public"]
    show_change_link = True


class TransitionInline(admin.TabularInline):
    model = AgreementTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor", "note"]
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
    inlines = [PartyInline, DocumentInline, TransitionInline]


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
