"""A person's data across the portal: what they can download, and what deleting the account erases.

accounts sits at the bottom and may not import the apps that hold the rest of a person's data.
Each of those registers a PersonalDataSource here (in its AppConfig.ready):

- `export(user)` returns that app's data about the person, JSON-serialisable (use `iso()` for
  dates), and is placed in the download under `key`;
- `erase(user)` anonymises or deletes that app's rows; it runs inside the deletion transaction,
  before the user row is deleted, and may raise ValidationError to stop the deletion;
- `check(user)`, optional, returns why the account cannot be deleted yet (or None);
- `label` names the data on the download page; `erase_note` says on the delete page what
  happens to it.

The services `account_export` and `account_delete` (accounts/services.py) are the entry points.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from axes.models import AccessFailureLog, AccessLog
from django.utils import timezone

from .models import User

# Keys of the download that belong to accounts itself.
RESERVED_KEYS = {"account", "exported_at"}


@dataclass(frozen=True)
class PersonalDataSource:
    key: str
    label: str
    export: Callable  # (user) -> JSON-serialisable dict | list
    erase: Callable  # (user) -> None
    check: Callable | None = None  # (user) -> str | None
    erase_note: str = ""
    order: int = 100


_sources: dict[str, PersonalDataSource] = {}


def register(source):
    if source.key in RESERVED_KEYS:
        raise ValueError(f"{source.key!r} is reserved for accounts' own data")
    _sources[source.key] = source
    return source


def sources():
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def iso(value):
    """A date or time as ISO 8601 text, times in the portal's time zone (WIB); None stays None."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    return value.isoformat()


def _login_records(user):
    # django-axes keeps these for LOGIN_RECORDS_DAYS (see login_records_prune), then they go;
    # they are not erased with the account: the privacy notice keeps them to protect accounts.
    logins = AccessLog.objects.filter(username=user.email).order_by("-attempt_time")
    failures = AccessFailureLog.objects.filter(username=user.email).order_by("-attempt_time")
    return {
        "logins": [
            {
                "at": iso(record.attempt_time),
                "logged_out_at": iso(record.logout_time),
                "ip_address": record.ip_address,
                "user_agent": record.user_agent,
            }
            for record in logins
        ],
        "failed_logins": [
            {
                "at": iso(record.attempt_time),
                "ip_address": record.ip_address,
                "user_agent": record.user_agent,
                "locked_out": record.locked_out,
            }
            for record in failures
        ],
    }


def _account(user):
    user = User.objects.prefetch_related("groups").get(pk=user.pk)
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "date_joined": iso(user.date_joined),
        "email_verified_at": iso(user.email_verified_at),
        "last_login": iso(user.last_login),
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "groups": [group.name for group in user.groups.all()],
        "login_records": _login_records(user),
    }


def collect(user):
    """Everything the portal holds about `user`: accounts' own data, then each source's."""
    data = {"exported_at": iso(timezone.now()), "account": _account(user)}
    for source in sources():
        data[source.key] = source.export(user)
    return data


def blockers(user):
    """Why the account cannot be deleted yet, one message per reason (empty: it can)."""
    reasons = []
    for source in sources():
        if source.check is not None:
            reason = source.check(user)
            if reason:
                reasons.append(str(reason))
    return reasons


def erase(user):
    """Let every source erase its data; the caller holds the transaction and deletes the user."""
    for source in sources():
        source.erase(user)
