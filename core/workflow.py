"""One state machine helper for every status (CONVENTIONS rules 3, 4 and 16).

Each app writes its allowed moves once, next to its status enum (`from -> {to, ...}`, or
`from -> {to: who}` when the app says who makes each move; `who` is one role, or a frozenset of
the roles that may each make it), and describes the machine once in its services:

    AGENCY_WORKFLOW = Workflow(
        AgencyStatus,
        AGENCY_TRANSITIONS,
        history=AgencyEvent,
        subject="agency",
        refused=_("An agency that is “%(from)s” cannot become “%(to)s”."),
    )

The services then `check` a move early (before their other rules), and `move` it: the move is
refused with the app's message (a ValidationError with code "transition") unless the table allows
it, the status is set and saved, and exactly one history row says who moved it, when, from what,
to what and why. `claim` does the same for background work without a lock, and `record` writes
a history line that is not a move (a document, a member, a note).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy

TRANSITION = "transition"


class Workflow:
    def __init__(
        self,
        statuses,
        transitions,
        *,
        history,
        subject,
        refused,
        field="status",
        changed_at="status_changed_at",
        lowercase=False,
    ):
        """
        statuses: the status enum. transitions: the allowed moves, from -> allowed tos.
        history: the history model (a core.models.HistoryEntry); subject: its foreign key to the
        object that moves. refused: the message for a move that is not allowed, with %(from)s
        and %(to)s (lazy: it is read in the language of whoever reads it); lowercase: the
        statuses read in lower case inside it. field: the status field; changed_at: the field
        that remembers when the status last changed (None: there is none).
        """
        self.statuses = statuses
        self.transitions = transitions
        self.history = history
        self.subject = subject
        self.refused = refused
        self.field = field
        self.changed_at = changed_at
        self.lowercase = lowercase

    @property
    def model(self):
        """The model whose rows move."""
        return self.history._meta.get_field(self.subject).related_model

    def allows(self, from_status, to_status, *, role=None):
        """Whether the table allows the move; with `role`, only if it names that role for it."""
        moves = self.transitions.get(self.statuses(from_status), ())
        to_status = self.statuses(to_status)
        if to_status not in moves:
            return False
        if role is None:
            return True
        who = moves[to_status]
        return role in who if isinstance(who, frozenset) else who == role

    def refuse(self, from_status, to_status):
        return ValidationError(
            self.refused,
            code=TRANSITION,
            params={"from": self._words(from_status), "to": self._words(to_status)},
        )

    def check(self, obj, to_status, *, role=None):
        """Raise the app's refusal unless `obj` may move to `to_status`; returns its status."""
        from_status = self.statuses(getattr(obj, self.field))
        if not self.allows(from_status, to_status, role=role):
            raise self.refuse(from_status, to_status)
        return from_status

    def move(
        self, obj, to_status, *, actor, note="", role=None, update_fields=None, **history_fields
    ):
        """Move `obj` (locked by the caller) to `to_status` and record it; returns the history row.

        update_fields: the other fields the caller changed, saved with the status (None: save the
        whole row). history_fields: more of the history row (a kind, an agency).
        """
        from_status = self.check(obj, to_status, role=role)
        to_status = self.statuses(to_status)
        now = timezone.now()
        setattr(obj, self.field, to_status)
        changed = [self.field]
        if self.changed_at:
            setattr(obj, self.changed_at, now)
            changed.append(self.changed_at)
        # The status and its history line are written together or not at all.
        with transaction.atomic(savepoint=False):
            obj.save(update_fields=None if update_fields is None else [*changed, *update_fields])
            return self.record(
                obj,
                actor=actor,
                from_status=from_status,
                to_status=to_status,
                note=note,
                at=now,
                **history_fields,
            )

    def claim(self, pk, from_status, to_status, *, actor=None, note="", **changes):
        """Move row `pk` only while it is still `from_status`: a conditional UPDATE whose row count
        says who won, so two workers (or a redelivered task) move it once. Returns the history
        row, or None when the row had moved already."""
        if not self.allows(from_status, to_status):
            raise self.refuse(from_status, to_status)
        now = timezone.now()
        values = {self.field: to_status, **changes}
        if self.changed_at:
            values[self.changed_at] = now
        with transaction.atomic(savepoint=False):
            won = self.model.objects.filter(pk=pk, **{self.field: from_status}).update(**values)
            if not won:
                return None
            return self.history.objects.create(
                **{f"{self.subject}_id": pk},
                actor=actor,
                from_status=from_status,
                to_status=to_status,
                note=note,
                at=now,
            )

    def record(self, obj, *, actor, **fields):
        """One history line about `obj`: a move's (see `move`), or one that is not a move."""
        return self.history.objects.create(**{self.subject: obj}, actor=actor, **fields)

    def _words(self, status):
        label = self.statuses(status).label
        return _lower(label) if self.lowercase else label


# Lazy like the label: read in the language of whoever reads the message.
_lower = lazy(lambda label: str(label).lower(), str)
