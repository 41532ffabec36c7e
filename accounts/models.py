import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalise_email(email):
    """E-mail addresses are compared without regard to case or surrounding spaces."""
    return (email or "").strip().lower()


def name_words():
    """A person's name as words (PostgreSQL's `simple` text search: lower case, cut where
    there is no letter or digit, "Siti-Rahma" also as "siti" and "rahma"), to find them by
    how a word of the name starts; an index answers it (User.Meta)."""
    return SearchVector("full_name", config="simple")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        # Whoever creates a superuser on the command line vouches for the address.
        extra_fields.setdefault("email_verified_at", timezone.now())
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: a resident unless an administrator or an agency says otherwise."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    verification_sent_at = models.DateTimeField(
        _("verification e-mail last sent at"), null=True, blank=True, editable=False
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick instead of deleting the account: an inactive account cannot log in."),
    )
    is_staff = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("Can log in to the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        indexes = [
            # The portal's search finds a participant by part of the name (full_name
            # __icontains is UPPER(full_name) LIKE): trainings.selectors.registration_search.
            GinIndex(
                OpClass(Upper("full_name"), name="gin_trgm_ops"),
                name="accounts_user_name_trgm",
            ),
            # The portal's search finds one by how a word of the name starts (name_words).
            GinIndex(name_words(), name="accounts_user_name_words"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    @property
    def is_email_verified(self):
        return self.email_verified_at is not None

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        # The first name, passing over titles such as "Dr." or "Ir.".
        words = [word for word in self.full_name.split() if not word.endswith(".")]
        return words[0] if words else (self.full_name or self.email)


class ApiToken(models.Model):
    """A personal key to the REST API: it reads what its owner may read on the pages, no more.

    Only a hash of the key is kept; the key itself is shown once, when it is made. The first
    characters (`prefix`) stay readable so that the owner can tell keys apart on the profile
    and in the administration.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=80, help_text=_("What the key is for, e.g. “SIAPkerja sync”.")
    )
    prefix = models.CharField(_("key begins with"), max_length=12, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def ends_with_a_day(self):
        """Whether the key stops at midnight WIB, at the end of its `last_day` (as the keys
        page makes them); an expiry set to another hour (the administration) is shown as is."""
        return (
            self.expires_at is not None
            and timezone.localtime(self.expires_at).time() == datetime.time.min
        )

    @property
    def last_day(self):
        """The last day (WIB) on which the key works; None when it does not expire."""
        if self.expires_at is None:
            return None
        return timezone.localtime(self.expires_at - datetime.timedelta(microseconds=1)).date()
