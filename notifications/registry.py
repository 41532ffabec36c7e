"""What the domain apps declare: kinds of notification and reminder rules.

notifications knows no domain model (CONVENTIONS: it only delivers). Each app registers its
kinds and rules in its AppConfig.ready(): who is told, what the message says, whether it is still
needed when it falls due, and from when it is too late.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    key: str
    label: object  # a lazy translation
    # Cannot be turned off (a resident's own submission, a participant's own registration).
    mandatory: bool = False


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


KINDS: dict[str, Kind] = {}
RULES: dict[str, Rule] = {}


def register_kind(kind):
    KINDS[kind.key] = kind
    return kind


def register_rule(rule):
    RULES[rule.key] = rule
    if rule.kind not in KINDS:
        register_kind(Kind(rule.kind, rule.label))
    return rule
