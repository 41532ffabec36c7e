"""What the domain apps declare: kinds of notification and reminder rules.

notifications knows no domain model (CONVENTIONS: it only delivers). Each app registers its
kinds and rules in its AppConfig.ready(): who is told, what the message says, whether it is still
needed when it falls due, and from when it is too late.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def everyone(user):
    return True


@dataclass(frozen=True)
class Kind:
    key: str
    label: object  # a lazy translation
    # Cannot be turned off (a resident's own submission, a participant's own registration).
    mandatory: bool = False
    # Whether it can reach `user` at all (staff's kinds are not offered to a resident).
    concerns: Callable = everyone


@dataclass
class Message:
    title: str
    body: str
    url: str = ""
    # Extra e-mail attachments: [(filename, bytes, content type)], e.g. a training's .ics.
    attachments: list = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    key: str
    label: object
    kind: str
    default_offsets: tuple
    recipients: Callable  # (source, reminder) -> iterable of users
    message: Callable  # (source, reminder, user) -> Message, in the active language
    relevant: Callable = lambda source, reminder: True  # still needed when it falls due?
    model: str = ""  # "app_label.Model" of the source, for the admin
    concerns: Callable = everyone  # whom its kind can reach (Kind.concerns)


KINDS: dict[str, Kind] = {}
RULES: dict[str, Rule] = {}
# E-mails that are no notification of a Kind (an address to confirm, a step of one's own
# registration): key -> lazy label. The outbox refuses a kind registered nowhere, so that the
# admin can always say in words what each e-mail was.
EMAIL_KINDS: dict[str, object] = {}
REMINDER_EMAIL_PREFIX = "reminder."
DIGEST = "digest"


def register_kind(kind):
    KINDS[kind.key] = kind
    return kind


def register_rule(rule):
    RULES[rule.key] = rule
    if rule.kind not in KINDS:
        register_kind(Kind(rule.kind, rule.label, concerns=rule.concerns))
    return rule


def register_email_kind(key, label):
    EMAIL_KINDS[key] = label


def register_email_events(app, events):
    """An app's e-mails of kind "<app>.<event>", from {event: lazy label}."""
    for event, label in events.items():
        register_email_kind(f"{app}.{event}", label)


def is_email_kind(key):
    return key in EMAIL_KINDS or key in KINDS or key.removeprefix(REMINDER_EMAIL_PREFIX) in RULES


def email_kind_label(key):
    """What an outbox row of kind `key` is, in words (the key itself for one no longer known)."""
    if key in EMAIL_KINDS:
        return EMAIL_KINDS[key]
    if key in KINDS:
        return KINDS[key].label
    rule = RULES.get(key.removeprefix(REMINDER_EMAIL_PREFIX))
    return reminder_label(rule) if rule is not None else key


def reminder_label(rule):
    """A reminder's e-mail beside the kind it reminds of ("Kerja sama akan berakhir
    (pengingat)"), so that the outbox tells the two apart."""
    return format_lazy("{} ({})", rule.label, _("reminder"))
