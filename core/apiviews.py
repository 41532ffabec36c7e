"""The base of every REST API endpoint (each app's `api.py`): read-only, answering conditional
requests, filtering by `updated_since`. Each app's viewset asks its own selectors for the rows,
so a rule about who sees what holds in one place for the pages and the API alike."""

import datetime
import functools
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, permissions, viewsets
from rest_framework import filters as drf_filters
from rest_framework.response import Response

from . import pagecache


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


# A change is dated when its statement runs (clock_timestamp(), core.updatedat) and seen when
# its transaction commits, a moment later; a long one (a bulk admin action, a data migration)
# can commit minutes after the time it wrote. PostgreSQL 15 has no transaction_timeout to bound
# that, so the API says how far back to overlap (updated_since) and gives no Last-Modified
# before then (ReadOnlyViewSet.get_object). A margin chosen with room, not a measured maximum:
# the requests and background steps that write these rows take well under a second.
SETTLE = datetime.timedelta(minutes=10)


class UpdatedSince(filters.FilterSet):
    """`?updated_since=2026-11-01T00:00:00+07:00`: only rows changed since then, for harvesters
    that fetch what is new each night. A model names its column in `api_updated_field`."""

    updated_since = filters.IsoDateTimeFilter(
        method="filter_updated_since",
        label=_(
            "Changed at or after this time (ISO 8601, e.g. 2026-11-01T00:00:00+07:00). A change "
            "is dated when it is made and shown once it is saved, which rarely (a long import) "
            "takes minutes: ask from the start of your previous harvest minus 10 minutes and "
            "keep rows by their id; rows you have come again, none is missed. A status the "
            "calendar changes (an agreement past its end date reads as expired) is saved by a "
            "nightly task just after midnight WIB and counts as changed then. A row that stops "
            "being public leaves the list without a trace: compare ids with a full harvest to "
            "learn of removals."
        ),
    )

    def filter_updated_since(self, queryset, name, value):
        value = _in_utc(value)
        return queryset.filter(**{f"{self._meta.model.api_updated_field}__gte": value})


def _errors_by_parameter(filterset, params):
    """A FilterSet's errors keyed by the query's names: a range filter `signed` is read from
    `signed_after` and `signed_before`, and its error goes to the end that is wrong."""
    found = {}
    for name, messages in filterset.errors.items():
        field = filterset.form.fields.get(name)
        suffixes = getattr(getattr(field, "widget", None), "suffixes", None)
        if suffixes:
            for suffix, part in zip(suffixes, field.fields, strict=True):
                parameter = f"{name}_{suffix}" if suffix else name
                if parameter not in params:
                    continue
                try:
                    part.clean(params[parameter])
                except DjangoValidationError as exc:
                    found[parameter] = list(exc.messages)
            if any(key.startswith(f"{name}_") for key in found):
                continue
        found[name] = list(messages)
    return found


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, its errors named as the client wrote the parameters."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise exceptions.ValidationError(_errors_by_parameter(filterset, request.query_params))
        return filterset.qs


def _offered(view):
    """The fields an endpoint may be ordered by."""
    return [str(field) for field in getattr(view, "ordering_fields", None) or ()]


def ordering_help(view):
    """What an endpoint may be ordered by, in the reader's language (its docs and its 400)."""
    return _("Order by one of: %(choices)s (a “-” first for the reverse order).") % {
        "choices": ", ".join(_offered(view))
    }


class Ordering(drf_filters.OrderingFilter):
    """DRF's `?ordering=`, documented with the fields it takes (DRF's own words name none)."""

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": str(ordering_help(view)),
                "schema": {"type": "string"},
            }
        ]


class Schema(AutoSchema):
    """drf-spectacular's, an endpoint described by its viewset's `api_description` (translated,
    so the documentation speaks the reader's language) rather than by its docstring. (Not
    DRF's `description`: a viewset's as_view() sets that to None.)"""

    def get_description(self):
        description = getattr(self.view, "api_description", None)
        return str(description) if description else super().get_description()


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint answering conditional requests.

    Every answer carries a strong ETag of its body, and a detail carries Last-Modified from the
    row's `api_updated_field` when its model has one and the change has settled
    (settled_second): a harvester that sends If-None-Match or If-Modified-Since back gets a 304
    without the body.
    """

    lookup_value_converter = "pk"
    filter_backends = [FilterBackend, Ordering]

    def initial(self, request, *args, **kwargs):
        if request.query_params.get("format", "json") != "json":  # before DRF's bare 404 for it
            raise exceptions.ValidationError(
                {"format": [_("The API answers in JSON only: format=json, or leave it out.")]}
            )
        super().initial(request, *args, **kwargs)  # the key checked, the client's limit counted
        self._check_query(request.query_params)
        if request.method == "GET" and request.auth is None and settings.PAGE_CACHE_SECONDS:
            self.get = functools.partial(self._shared, self.get)

    def _query_names(self):
        """Every name this endpoint reads from the query string."""
        names = {"format"}  # DRF's own: JSON is the only one
        paginator = self.paginator
        for attribute in ("cursor_query_param", "page_size_query_param"):
            if getattr(paginator, attribute, None):
                names.add(getattr(paginator, attribute))
        ordering = self._ordering_filter()
        if ordering is not None:
            names.add(ordering.ordering_param)
        filterset = getattr(self, "filterset_class", None)
        for name, declared in (filterset.base_filters if filterset else {}).items():
            suffixes = getattr(declared.field.widget, "suffixes", None)  # ranges: _after, _before
            names |= {f"{name}_{s}" if s else name for s in suffixes} if suffixes else {name}
        return names

    def _ordering_filter(self):
        for backend in self.filter_backends:
            if issubclass(backend, drf_filters.OrderingFilter):
                return backend()
        return None

    def _check_query(self, params):
        """A name the endpoint does not read, an ordering it does not offer or a page size out
        of bounds is a 400 that says so: silently ignored, `?sektor=` (for `sector`) would hand a
        harvester every row as if they were the ones it asked for."""
        errors = {}
        known = self._query_names()
        for name in sorted(set(params) - known):
            errors[name] = [
                _("Unknown parameter. This endpoint reads: %(names)s.")
                % {"names": ", ".join(sorted(known))}
            ]
        ordering = self._ordering_filter()
        if ordering is not None and params.get(ordering.ordering_param):
            choices = {term for field in _offered(self) for term in (field, f"-{field}")}
            asked = [term.strip() for term in params[ordering.ordering_param].split(",")]
            if any(term not in choices for term in asked):
                errors[ordering.ordering_param] = [ordering_help(self)]
        page_size = getattr(self.paginator, "page_size_query_param", None)
        if self.action == "list" and page_size and page_size in params:
            most = self.paginator.max_page_size
            value = params[page_size]
            if not (value.isascii() and value.isdigit() and 1 <= int(value) <= most):
                errors[page_size] = [_("A whole number from 1 to %(most)s.") % {"most": most}]
        if errors:
            raise exceptions.ValidationError(errors)

    def _shared(self, handler, request, *args, **kwargs):
        """An answer without a key is the same for everyone who asks: served from the page
        cache (core.pagecache) while the tables it was read from stay unchanged, like the public
        pages. The client's limit is counted first, hit or not."""

        def make():
            response = handler(request, *args, **kwargs)
            if isinstance(response, Response):  # rendered now, to be stored
                response.accepted_renderer = request.accepted_renderer
                response.accepted_media_type = request.accepted_media_type
                response.renderer_context = self.get_renderer_context()
                response.render()
            setattr(response, pagecache.STATE, getattr(self, "_last_modified", None))
            return response

        response = pagecache.answer(request._request, pagecache.ANYONE, make)
        self._last_modified = getattr(response, pagecache.STATE, None)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if isinstance(response, Response):
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
            self._last_modified = settled_second(getattr(obj, field))
        return obj


def settled_second(updated_at, now=None):
    """The Last-Modified a row may carry: its `updated_at`'s whole second (HTTP dates have no
    fraction), once that second ended SETTLE ago; None before. A change later in the same second,
    or one a transaction still open dated in it, would carry the same date, and a harvester
    sending it back as If-Modified-Since would get a 304 for a row that changed. The ETag
    answers meanwhile (it is the body's)."""
    second = updated_at.replace(microsecond=0)
    if second + datetime.timedelta(seconds=1) + SETTLE <= (now or timezone.now()):
        return second
    return None


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
