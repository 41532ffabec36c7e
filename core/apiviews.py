"""The base of every REST API endpoint (each app's `api.py`): read-only, answering conditional
requests, filtering by `updated_since`. Each app's viewset asks its own selectors for the rows,
so a rule about who sees what holds in one place for the pages and the API alike."""

import datetime
import hashlib

from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import exceptions, permissions, viewsets


def _in_utc(value):
    """A moment from the query string in UTC: PostgreSQL takes offsets up to ±15:59 only, and a
    client may send any ISO 8601 offset (`+18:54`); one past the calendar's end is refused."""
    if value is None:
        return None
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError as exc:
        raise exceptions.ValidationError(_("This time is out of range.")) from exc


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """One ISO 8601 moment compared in UTC (see _in_utc)."""

    def filter(self, qs, value):
        return super().filter(qs, _in_utc(value))


class UtcDateTimeRangeFilter(filters.IsoDateTimeFromToRangeFilter):
    """`<name>_after` / `<name>_before`, ISO 8601 moments compared in UTC (see _in_utc)."""

    def filter(self, qs, value):
        if value:
            value = slice(_in_utc(value.start), _in_utc(value.stop))
        return super().filter(qs, value)


class UpdatedSince(filters.FilterSet):
    """`?updated_since=2026-11-01T00:00:00+07:00`: only rows changed since then, for harvesters
    that fetch what is new each night. A model names its column in `api_updated_field`."""

    updated_since = filters.IsoDateTimeFilter(
        method="filter_updated_since",
        label=_("Changed at or after this time (ISO 8601, e.g. 2026-11-01T00:00:00+07:00)"),
    )

    def filter_updated_since(self, queryset, name, value):
        value = _in_utc(value)
        return queryset.filter(**{f"{self._meta.model.api_updated_field}__gte": value})


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint answering conditional requests.

    Every answer carries a strong ETag of its body, and a detail carries Last-Modified from the
    row's `api_updated_field` when its model has one: a harvester that sends If-None-Match or
    If-Modified-Since back gets a 304 without the body.
    """

    lookup_value_converter = "pk"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        response["ETag"] = etag
        last_modified = getattr(self, "_last_modified", None)
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        patch_vary_headers(response, ["Authorization"])
        if request.auth is not None:
            response["Cache-Control"] = "private, max-age=0"
        else:
            response.setdefault("Cache-Control", "public, max-age=60")
        return get_conditional_response(
            request,
            etag=etag,
            last_modified=int(last_modified.timestamp()) if last_modified else None,
            response=response,
        )

    def get_object(self):
        obj = super().get_object()
        field = getattr(obj, "api_updated_field", None)
        if field:
            self._last_modified = getattr(obj, field)
        return obj


class PersonalKeyRequired(permissions.BasePermission):
    """An agency's own records: only with a personal key (`request.auth`). A signed-in session
    is not a key (the API authenticates keys only), so a browser gets 401 as anyone would."""

    message = _("These records need a personal API key: “Authorization: Token <key>”.")

    def has_permission(self, request, view):
        return request.auth is not None


class StaffViewSet(ReadOnlyViewSet):
    """The base of the `/api/v1/staff/...` endpoints: what the staff pages show the key's owner,
    within the key's scope (agencies.rules reads it), read with a personal key only."""

    permission_classes = [PersonalKeyRequired]

    def permission_denied(self, request, message=None, code=None):
        if request.auth is None:
            # DRF's own words ("credentials were not provided") would not say which.
            raise exceptions.NotAuthenticated(PersonalKeyRequired.message)
        super().permission_denied(request, message=message, code=code)


class UpdatedAtSince(UpdatedSince):
    """`updated_since` on the model's `updated_at` column."""

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(updated_at__gte=_in_utc(value))


class SelectorFilterSet(UpdatedSince):
    """A public list's filters applied as its page applies them: each filter declared with
    `method="by_selector"` hands its value to the app's selector, `selector_filter(queryset,
    **{name: value})` (e.g. `staticmethod(selectors.agreement_public_filter)`), so a rule
    about what a filter finds is written once for the page and the API."""

    selector_filter = None

    def by_selector(self, queryset, name, value):
        if not value:
            return queryset
        return type(self).selector_filter(queryset, **{name: value})
