import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower, Replace, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import HistoryEntry

from .enums import (
    AgencyEventKind,
    AgencyKind,
    AgencyStatus,
    CapabilityKind,
    MemberRole,
    RegencyKind,
)
from .validators import validate_logo

# Words that do not tell two agencies apart: legal forms and generic office words.
NAME_NOISE_WORDS = {"pt", "cv", "ud", "tbk", "persero", "perseroda", "dinas", "the"}


def normalise_agency_name(name):
    """A key under which near-duplicate names collide.

    "PT Kawasan Industri Medan (Persero)", "kawasan  industri medan" and "Kawasan Industri-Medan"
    all become "kawasanindustrimedan".
    """
    words = re.findall(r"[a-z0-9]+", (name or "").lower())
    return "".join(word for word in words if word not in NAME_NOISE_WORDS)


class Regency(models.Model):
    """One of the 33 kabupaten/kota of Sumatera Utara (Kemendagri codes)."""

    code = models.CharField(_("Kemendagri code"), max_length=5, unique=True)
    name = models.CharField(_("official name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=RegencyKind.choices)
    seat = models.CharField(_("seat"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=4)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=4)
    alternative_names = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("alternative spellings"),
        blank=True,
        default=list,
        help_text=_("Old or alternative spellings, used when importing and searching."),
    )

    class Meta:
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies and cities")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        return self.name.removeprefix("Kabupaten ").removeprefix("Kota ")


class Sector(models.Model):
    """A field of cooperation (bidang)."""

    slug = models.SlugField(_("short code"), max_length=60, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self):
        return self.name_en if get_language() == "en" and self.name_en else self.name


def squashed(field):
    """`field` lower case without spaces or hyphens ("Pematang Siantar" as
    "pematangsiantar"): what the search compares a word typed as one with (an index answers
    it, Agency.Meta)."""
    return Replace(Replace(Lower(field), Value(" "), Value("")), Value("-"), Value(""))


class AgencyQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=AgencyStatus.VERIFIED)


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200)
    normalised_name = models.CharField(
        _("name for duplicate checks"), max_length=200, editable=False, db_index=True
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("address on the portal"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="agencies")
    regency = models.ForeignKey(
        Regency, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="agencies"
    )
    address = models.TextField(_("address"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-11), MaxValueValidator(6)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(94), MaxValueValidator(142)],
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(
        _("logo"), upload_to="agencies/logos/", blank=True, validators=[validate_logo]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AgencyStatus.choices, default=AgencyStatus.PENDING
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_reason = models.TextField(_("reason"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_agencies",
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        through="Membership",
        related_name="agencies",
    )
    # The words the portal's searches find it by, kept by PostgreSQL itself (its triggers,
    # core.searchvectors): never written from Python.
    search_vector = SearchVectorField(_("search words"), null=True, editable=False)
    # When its public profile last changed: moved by PostgreSQL when a column or its sectors
    # change (core.updatedat, migration 0006), for the API's `updated_since`.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    api_updated_field = "updated_at"

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            # Rejected registrations do not block a corrected one under the same name.
            models.UniqueConstraint(
                fields=["normalised_name"],
                condition=~Q(status=AgencyStatus.REJECTED),
                name="agencies_agency_unique_normalised_name",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["status", "regency"]),
            models.Index(fields=["updated_at"], name="agencies_agency_updated"),
            GinIndex(fields=["name"], name="agency_name_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["acronym"], name="agency_acronym_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["search_vector"], name="agency_search_vector"),
            # The search's acronym and spacing matches (agency_search_for_user), each by an
            # index: the 5,000 agencies of the 10x data were read for them (5 ms a search).
            models.Index(Upper("acronym"), name="agency_acronym_upper"),
            GinIndex(OpClass(squashed("name"), name="gin_trgm_ops"), name="agency_squashed_trgm"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_agency_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agencies:detail", args=[self.slug])

    @property
    def is_public(self):
        return self.status == AgencyStatus.VERIFIED

    @property
    def display_name(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


# What an agency's editors may change on its profile (the rest is the secretariat's or derived).
AGENCY_PROFILE_FIELDS = [
    "name",
    "acronym",
    "kind",
    "regency",
    "address",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
    "description",
    "logo",
]


class AgencyEvent(HistoryEntry):
    """The agency's history: who did what, when; status moves also say from what, to what, why."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyEventKind.choices)
    from_status = models.CharField(
        _("from status"), max_length=10, choices=AgencyStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=10, choices=AgencyStatus.choices, blank=True
    )
    # The reason for a status move; the column keeps the name it had before the shared history.
    note = models.TextField(_("note"), blank=True, db_column="reason")
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["agency", "-at"])]

    def __str__(self):
        return f"{self.agency}: {self.get_kind_display()}"

    @property
    def event_label(self):
        return "" if self.kind == AgencyEventKind.STATUS_CHANGED else self.get_kind_display()


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["agency", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="agencies_one_membership"),
        ]

    def __str__(self):
        return f"{self.user} – {self.agency} ({self.get_role_display()})"


class Invitation(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    token = models.CharField(_("invitation token"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per address and agency; a new one replaces the old.
            models.UniqueConstraint(
                fields=["agency", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="agencies_one_open_invitation",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.agency}"

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at


class Capability(models.Model):
    """Something an agency offers partners: expertise, a facility, a programme, a resource."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="capabilities"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=CapabilityKind.choices)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="capabilities",
    )
    description = models.TextField(_("description"))
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("where"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="capabilities",
        help_text=_("Where the facility or programme is, if not at the agency's own address."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    api_updated_field = "updated_at"

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["kind", "title"]),
            models.Index(fields=["updated_at"], name="agencies_capability_updated"),
            GinIndex(fields=["title"], name="capability_title_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.title


class ApiKeyScope(models.Model):
    """What one personal API key (accounts.ApiToken) may read: one of its owner's agencies, at
    most with `role`. The key never reads more than its owner may read today: the owner's
    current membership is checked on every request (agencies.rules), this row only narrows it."""

    token = models.ForeignKey(
        "accounts.ApiToken",
        verbose_name=_("API key"),
        on_delete=models.CASCADE,
        related_name="scopes",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("highest role"), max_length=10, choices=MemberRole.choices)

    class Meta:
        verbose_name = _("API key scope")
        verbose_name_plural = _("API key scopes")
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["token", "agency"], name="agencies_one_scope_per_key"),
        ]

    def __str__(self):
        return f"{self.agency} ({self.get_role_display()})"
