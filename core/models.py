from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HistoryEntry(models.Model):
    """One line of an object's history: who (none: the system), when, from which status to which,
    and why. Every app's history model extends it; core.workflow writes the lines of status moves.

    A history redeclares `from_status` and `to_status` with its own status enum's choices.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    from_status = models.CharField(_("from status"), max_length=25, blank=True)
    to_status = models.CharField(_("to status"), max_length=25, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status} ({self.at:%Y-%m-%d %H:%M})"

    @property
    def event_label(self):
        """What happened, for a line that is not a plain status move (a document, a member);
        empty for a move, whose statuses say it all (includes/timeline.html)."""
        return ""


class Hit(models.Model):
    """One counted action for rate limits (core.throttle), by a hashed key: an IP address, an
    e-mail address or an account, never stored in the clear."""

    key = models.CharField(_("hashed key"), max_length=80)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("rate-limit hit")
        verbose_name_plural = _("rate-limit hits")
        indexes = [models.Index(fields=["key", "at"])]

    def __str__(self):
        return self.key


class OnceToken(models.Model):
    """The one-time token of a create form, claimed by the POST that made something with it
    (core.once). A second POST with the same token finds this row and is sent to `result`, what
    the first one made, instead of making it again."""

    token = models.CharField(_("form token"), max_length=64, unique=True)
    claimed_at = models.DateTimeField(_("used at"), default=timezone.now, db_index=True)
    result = models.CharField(_("address of the result"), max_length=500)

    class Meta:
        verbose_name = _("one-time form token")
        verbose_name_plural = _("one-time form tokens")

    def __str__(self):
        return self.result


class SearchWord(models.Model):
    """A word of the searched records' text, as core.searchvectors keeps it for the portal's
    search: unaccented, lower case, letters only, of a length a typo is guessed from. The
    search's typo pass (core.websearch) reads a misspelt word as the known words spelt nearly
    like it. Added by the searched tables' triggers; a write never takes one out (a rebuild of
    the search vectors does). A word may stand twice, written by two writes at once: readers
    take each once."""

    word = models.TextField(_("word"))

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        indexes = [
            models.Index(fields=["word"], name="searchword_word"),
            # Written straight into the index, not its pending list: a search reads the list
            # through on every lookup, and the lexicon is written rarely.
            GinIndex(
                fields=["word"],
                opclasses=["gin_trgm_ops"],
                name="searchword_trigrams",
                fastupdate=False,
            ),
        ]

    def __str__(self):
        return self.word
