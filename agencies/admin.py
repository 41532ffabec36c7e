from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from core.exports import LabelledExportForm, SpreadsheetResource
from core.forms import LongTextField

from . import services
from .enums import AgencyKind, AgencyStatus, MemberRole
from .models import Agency, AgencyEvent, Capability, Invitation, Membership, Regency, Sector

# --- Import and export ----------------------------------------------------------------------------


class RegencyWidget(widgets.ForeignKeyWidget):
    """A regency by code ("12.11"), official name, short name or a known alternative spelling."""

    def __init__(self):
        super().__init__(Regency, field="name")

    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value or "").split())
        if not text:
            raise ValueError(gettext("The regency/city is missing."))
        short = text.removeprefix("Kabupaten ").removeprefix("Kota ")
        match = Regency.objects.filter(
            Q(code=text) | Q(name__iexact=text) | Q(name__iendswith=f" {short}")
        ).first()
        if match is None:
            match = next(
                (
                    regency
                    for regency in Regency.objects.all()
                    if text.lower() in {name.lower() for name in regency.alternative_names}
                ),
                None,
            )
        if match is None:
            raise ValueError(
                gettext(
                    "Unknown regency/city “%(value)s”. Use a name or code of Sumatera Utara's "
                    "33 regencies and cities, e.g. “Kabupaten Dairi” or “12.11”."
                )
                % {"value": text}
            )
        return match


class SectorsWidget(widgets.ManyToManyWidget):
    """Sectors separated by ";", each by its Indonesian or English name or its slug."""

    def __init__(self):
        super().__init__(Sector, separator=";", field="name")

    def clean(self, value, row=None, **kwargs):
        names = [" ".join(part.split()) for part in str(value or "").split(";") if part.strip()]
        found = []
        for name in names:
            sector = Sector.objects.filter(
                Q(name__iexact=name) | Q(name_en__iexact=name) | Q(slug__iexact=name)
            ).first()
            if sector is None:
                raise ValueError(gettext("Unknown sector “%(value)s”.") % {"value": name})
            found.append(sector)
        return found


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value or its label (as exported)."""

    def __init__(self, choices, default=None):
        self.choices = choices
        self.default = default
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value or "").split())
        if not text and self.default is not None:
            return self.default
        for stored, label in self.choices.choices:
            if text.lower() in {stored.lower(), str(label).lower()}:
                return stored
        raise ValueError(gettext("Unknown value “%(value)s”.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices.choices).get(value, value or ""))


class AgencyResource(SpreadsheetResource):
    name = fields.Field(attribute="name", column_name="name")
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(AgencyKind))
    regency = fields.Field(attribute="regency", column_name="regency", widget=RegencyWidget())
    sectors = fields.Field(attribute="sectors", column_name="sectors", widget=SectorsWidget())
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(AgencyStatus, default=AgencyStatus.VERIFIED),
    )

    class Meta:
        model = Agency
        import_id_fields = ["name"]
        fields = [
            "name",
            "acronym",
            "kind",
            "regency",
            "sectors",
            "address",
            "website",
            "email",
            "phone",
            "description",
            "status",
        ]
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True

    def import_data(self, dataset, *args, **kwargs):
        # All or nothing, also at the confirm step: a row that became invalid since the
        # preview (a near-duplicate registered meanwhile) undoes the whole file.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.pk:
            # A spreadsheet never changes the status of an agency that exists: verifying,
            # rejecting and suspending go through the review, with a reason and an e-mail.
            instance.status = Agency.objects.values_list("status", flat=True).get(pk=instance.pk)
        else:
            instance.status_changed_by = kwargs.get("user")
        # Before validation, which requires a slug; imported rows name none.
        if not instance.slug:
            instance.slug = services.agency_slug_for(instance)

    def before_save_instance(self, instance, row, **kwargs):
        duplicate = services.agency_find_duplicate(instance.name, exclude_pk=instance.pk)
        if duplicate is not None:
            raise ValidationError({"name": services.duplicate_name_error(duplicate)})
        self._created = instance.pk is None

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            services.agency_record_import(
                agency=instance, by=kwargs.get("user"), created=self._created
            )


# --- Admin pages ----------------------------------------------------------------------------------


class MembershipInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data.get("role")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if kept and MemberRole.ADMIN not in kept:
            raise ValidationError(
                gettext("An agency must keep at least one admin. Make someone else admin first.")
            )


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    autocomplete_fields = ["user"]


class CapabilityInline(admin.StackedInline):
    model = Capability
    extra = 0
    autocomplete_fields = ["sector", "regency"]


class AgencyEventInline(admin.TabularInline):
    model = AgencyEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "from_status", "to_status", "note", "detail"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class StatusReasonForm(forms.Form):
    reason = LongTextField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required to reject or suspend. The registrant reads it."),
    )


@admin.register(Agency)
class AgencyAdmin(ImportExportModelAdmin):
    resource_classes = [AgencyResource]
    export_form_class = LabelledExportForm
    formats = [CSV, XLSX]
    list_display = ["name", "acronym", "kind", "regency", "status", "created_at"]
    list_filter = ["status", "kind", "sectors", "regency"]
    search_fields = ["name", "acronym", "description", "email"]
    autocomplete_fields = ["regency", "sectors", "registered_by", "status_changed_by"]
    prepopulated_fields = {"slug": ["acronym"]}
    readonly_fields = [
        "status",
        "status_changed_at",
        "status_changed_by",
        "status_reason",
        "created_at",
    ]
    inlines = [MembershipInline, CapabilityInline, AgencyEventInline]
    actions = ["verify", "reject", "suspend"]
    list_select_related = ["regency"]

    def save_model(self, request, obj, form, change):
        # A free, readable slug, as the portal makes them (the form refused near-duplicates).
        if not obj.slug:
            obj.slug = services.agency_slug_for(obj)
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(form_self):
            cleaned = original_clean(form_self)
            name = cleaned.get("name")
            if name:
                duplicate = services.agency_find_duplicate(name, exclude_pk=obj.pk if obj else None)
                if duplicate is not None:
                    form_self.add_error("name", services.duplicate_name_error(duplicate))
            return cleaned

        form.clean = clean
        return form

    def _change_status(self, request, queryset, to_status, title):
        if "apply" in request.POST:
            form = StatusReasonForm(request.POST)
            if form.is_valid():
                done = 0
                for agency in queryset:
                    try:
                        services.agency_change_status(
                            agency=agency,
                            to_status=to_status,
                            by=request.user,
                            reason=form.cleaned_data["reason"],
                            base_url=request.build_absolute_uri("/"),
                        )
                        done += 1
                    except ValidationError as error:
                        self.message_user(request, f"{agency}: {error.messages[0]}", messages.ERROR)
                    except PermissionDenied:
                        self.message_user(
                            request,
                            gettext("%(agency)s: only the secretariat reviews agencies.")
                            % {"agency": agency},
                            messages.ERROR,
                        )
                if done:
                    self.message_user(
                        request,
                        gettext("%(count)d agencies updated.") % {"count": done},
                        messages.SUCCESS,
                    )
                return None
        else:
            form = StatusReasonForm()
        return TemplateResponse(
            request,
            "admin/agencies/agency/change_status.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "agencies": queryset,
                "form": form,
                "action": request.POST.get("action"),
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Verify the selected agencies"))
    def verify(self, request, queryset):
        return self._change_status(request, queryset, AgencyStatus.VERIFIED, _("Verify agencies"))

    @admin.action(description=_("Reject the selected agencies"))
    def reject(self, request, queryset):
        return self._change_status(request, queryset, AgencyStatus.REJECTED, _("Reject agencies"))

    @admin.action(description=_("Suspend the selected agencies"))
    def suspend(self, request, queryset):
        return self._change_status(request, queryset, AgencyStatus.SUSPENDED, _("Suspend agencies"))


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "seat"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "seat"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "agency", "sector", "regency"]
    list_filter = ["kind", "sector"]
    search_fields = ["title", "description", "agency__name"]
    autocomplete_fields = ["agency", "sector", "regency"]
    list_select_related = ["agency", "sector", "regency"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """A read-only overview; roles are changed on the agency's page, where the rule that an
    agency keeps at least one admin is checked."""

    list_display = ["user", "agency", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "agency__name"]
    list_select_related = ["user", "agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "agency",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role"]
    search_fields = ["email", "agency__name"]
    readonly_fields = ["token", "accepted_at", "accepted_by", "revoked_at"]
    autocomplete_fields = ["agency", "invited_by"]
    list_select_related = ["agency"]
