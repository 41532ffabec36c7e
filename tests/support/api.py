"""Personal API keys in tests: make one as its owner would (agencies.services.api_key_create)
and read the API with it."""

from django.db import connection

from agencies import services
from agencies.models import Membership


def key_for(user, agencies=None, *, role=None, expires_at=None):
    """A key of `user` reading `agencies` (default: all of theirs) at their own role there, or at
    `role` when given (never above theirs: the service refuses that)."""
    memberships = Membership.objects.filter(user=user).select_related("agency")
    if agencies is not None:
        memberships = memberships.filter(agency__in=agencies)
    scopes = {m.agency: role or m.role for m in memberships}
    _token, key = services.api_key_create(
        user=user, name="Uji", scopes=scopes, expires_at=expires_at
    )
    return key


def with_key(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def read(client, url, key, **params):
    """The JSON body of `url` read with `key`, following every page; asserts a 200."""
    rows = []
    response = client.get(url, params, **with_key(key))
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows.extend(body["results"])
        if not body["next"]:
            return rows
        response = client.get(body["next"], **with_key(key))


def date_back(model, pk, updated_at):
    """Set a row's `updated_at` to an earlier time, as if it had not changed since: with the
    triggers off (a superuser's replica role), since a monotonic table's trigger keeps it from
    going back (core.updatedat), and a test's open transaction may not ALTER its tables."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            model.objects.filter(pk=pk).update(updated_at=updated_at)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
