from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Regency, Sector
from core.models import HistoryEntry
from core.storage import private_storage

from .enums import (
    AgreementKind,
    AgreementStatus,
    CooperationKind,
    DocumentKind,
    EventKind,
    FundingForm,
    FundingSource,
    MilestoneStatus,
    PartyRole,
    Recommendation,
    ReportStatus,
    SigningMode,
    Visibility,
)


class Agreement(models.Model):
    """A cooperation agreement (naskah kerja sama): a KB/MoU, NK, PKS or adendum."""

    reference = models.CharField(_("reference code"), max_length=30, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=AgreementKind.choices)
    cooperation_kind = models.CharField(
        _("kind of cooperation"), max_length=10, choices=CooperationKind.choices
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The KB/MoU a PKS implements, or the agreement an addendum amends."),
    )
    renewal_of = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewed_by",
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="agreements")
    locations = models.ManyToManyField(
        Regency, verbose_name=_("locations"), blank=True, related_name="agreements"
    )
    background = models.TextField(_("background"), blank=True)
    purpose = models.TextField(_("purpose and objectives"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    benefits = models.TextField(_("expected benefits"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    legacy = models.BooleanField(
        _("signed before the portal"),
        default=False,
        help_text=_(
            "An agreement signed before Sumut Mitra existed, entered directly as in force."
        ),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    signing_date = models.DateTimeField(_("signing date"), null=True, blank=True)
    signing_place = models.CharField(_("signing place"), max_length=200, blank=True)
    signing_mode = models.CharField(
        _("signing mode"), max_length=10, choices=SigningMode.choices, blank=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    checked_initials = models.BooleanField(_("initials (paraf) checked"), default=False)
    checked_duty_stamp = models.BooleanField(_("duty stamp (meterai) checked"), default=False)
    checked_seal = models.BooleanField(_("seal (cap) checked"), default=False)
    monev_per_year = models.PositiveSmallIntegerField(
        _("monev reports per year"),
        default=2,
        choices=[(1, _("Once a year")), (2, _("Twice a year")), (4, _("Every quarter"))],
        help_text=_("How often the parties report on monitoring and evaluation."),
    )
    termination_requested_at = models.DateTimeField(
        _("termination requested at"), null=True, blank=True
    )
    termination_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("termination requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The words the portal's searches find it by, kept by PostgreSQL itself (its triggers,
    # core.searchvectors): never written from Python.
    search_vector = SearchVectorField(_("search words"), null=True, editable=False)
    # The API's `updated_since` and Last-Modified (core.apiviews); PostgreSQL moves it when a
    # party, sector or regency changes too (core.updatedat, migration 0012).
    api_updated_field = "updated_at"

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="partnerships_agreement_ends_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "end_date"]),
            # The secretariat's queue (?urut=waiting): what has waited longest in its stage.
            models.Index(fields=["status", "status_changed_at"]),
            models.Index(fields=["visibility", "status", "-start_date"]),
            # The public list's order within what it shows (partnerships.rules.public_agreements).
            models.Index(
                fields=["-start_date", "title", "id"],
                name="partnerships_public_recent",
                condition=models.Q(visibility="public", status__in=["in_force", "completed"]),
            ),
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["updated_at"], name="partnerships_agreement_updated"),
            # The searches' typo tolerance (core.search: title %> word).
            GinIndex(fields=["title"], name="agreement_title_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["search_vector"], name="agreement_search_vector"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("partnerships:detail", args=[self.reference])

    def get_public_url(self):
        return reverse("partnerships:public_detail", args=[self.reference])

    @property
    def effective_status(self):
        """The status people see: an agreement in force past its end date is expired."""
        if self.status == AgreementStatus.IN_FORCE and self.end_date < timezone.localdate():
            return AgreementStatus.EXPIRED
        return AgreementStatus(self.status)


# What the parties' form edits on each party (the agreement is set by the service).
PARTY_FIELDS = [
    "agency",
    "role",
    "document_number",
    "signatory_name",
    "signatory_position",
    "pic_name",
    "pic_position",
    "pic_email",
    "pic_phone",
]


class Party(models.Model):
    """An agency that is party to an agreement, with who signs and who is in charge."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(_("role"), max_length=10, choices=PartyRole.choices)
    document_number = models.CharField(
        _("document number of this party"), max_length=100, blank=True
    )
    signatory_name = models.CharField(_("signatory"), max_length=150, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=150, blank=True)
    # The person in charge is never shown publicly.
    pic_name = models.CharField(_("person in charge"), max_length=150, blank=True)
    pic_position = models.CharField(
        _("position of the person in charge"), max_length=150, blank=True
    )
    pic_email = models.EmailField(_("e-mail of the person in charge"), blank=True)
    pic_phone = models.CharField(_("phone of the person in charge"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "agency"], name="partnerships_one_party"),
        ]
        indexes = [
            # The search's jump by a party's own number, typed in any case (iexact).
            models.Index(Upper("document_number"), name="party_document_number_upper"),
        ]

    def __str__(self):
        return f"{self.agency} ({self.get_role_display()})"


class AgreementTransition(HistoryEntry):
    """One step of an agreement's life: who moved it, when, from what to what, and why."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="transitions"
    )
    kind = models.CharField(
        _("kind"), max_length=25, choices=EventKind.choices, default=EventKind.STATUS
    )
    from_status = models.CharField(
        _("from status"), max_length=15, choices=AgreementStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=15, choices=AgreementStatus.choices, blank=True
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.agreement_id}: {self.from_status} -> {self.to_status}"

    @property
    def event_label(self):
        return "" if self.kind == EventKind.STATUS else self.get_kind_display()


class Document(models.Model):
    """A document of an agreement; each upload adds a version, older versions are kept."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public documents of a public agreement can be downloaded by anyone."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title

    @property
    def current(self):
        versions = list(self.versions.all())  # prefetched by the selectors
        return versions[0] if versions else None


def version_path(instance, filename):
    # Random names: nothing about the agreement can be guessed from the stored path.
    return f"agreements/{instance.document.agreement_id}/{instance.token}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    token = models.CharField(_("download token"), max_length=40, unique=True, editable=False)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=version_path, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="partnerships_version_once"
            ),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"


class Milestone(models.Model):
    """A deliverable of an agreement, with the party responsible for it."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    responsible = models.ForeignKey(
        Party,
        verbose_name=_("responsible party"),
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    evidence = models.ForeignKey(
        "Document",
        verbose_name=_("evidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.title

    @property
    def effective_status(self):
        if self.status != MilestoneStatus.DONE and self.due_date < timezone.localdate():
            return MilestoneStatus.LATE
        return MilestoneStatus(self.status)


class Contribution(models.Model):
    """Financing (pembiayaan): what one party puts in, planned and realised, in Rupiah."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="contributions"
    )
    source = models.CharField(_("source"), max_length=10, choices=FundingSource.choices)
    form = models.CharField(_("form"), max_length=10, choices=FundingForm.choices)
    planned = models.PositiveBigIntegerField(_("planned (Rp)"))
    realised = models.PositiveBigIntegerField(_("realised (Rp)"), default=0)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("financing")
        ordering = ["party", "source", "pk"]

    def __str__(self):
        return f"{self.party}: {self.planned}"


class MonevReport(models.Model):
    """A monitoring and evaluation report for one half of a fiscal year."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="monev_reports",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("reporting party"),
        on_delete=models.PROTECT,
        related_name="monev_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(
        _("period"), help_text=_("Number of the period within the year (1 = the first).")
    )
    activities = models.TextField(_("activities carried out"))
    jobs_absorbed = models.PositiveIntegerField(_("jobs absorbed"), default=0)
    investment_realised = models.PositiveBigIntegerField(_("investment realised (Rp)"), default=0)
    trainees = models.PositiveIntegerField(_("trainees"), default=0)
    ikm_assisted = models.PositiveIntegerField(_("IKM/UMKM assisted"), default=0)
    products = models.PositiveIntegerField(_("products"), default=0)
    contributions_note = models.TextField(_("partners' contributions"), blank=True)
    obstacles = models.TextField(_("obstacles (kendala)"), blank=True)
    follow_up = models.TextField(_("follow-up (tindak lanjut)"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    evidence = models.ManyToManyField(
        "Document", verbose_name=_("evidence"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comments"), blank=True)

    class Meta:
        verbose_name = _("monev report")
        verbose_name_plural = _("monev reports")
        ordering = ["-year", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "period"], name="partnerships_one_report_per_period"
            ),
        ]
        # The monev filters and the dasbor read the reports waiting for review, and one period's
        # reports across every agreement (selectors).
        indexes = [models.Index(fields=["status", "year", "period"])]

    def __str__(self):
        return f"{self.agreement_id} {self.year}/{self.period}"


class Comment(models.Model):
    """Discussion between the parties and the secretariat; never shown publicly."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("comment"))
    attachment = models.ForeignKey(
        "Document",
        verbose_name=_("attachment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("discussion")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:50]
