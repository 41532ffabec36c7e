"""What every endpoint of the REST API shares, whichever app it reads: paging by cursor, a
limit per client, conditional requests (ETag / Last-Modified), `updated_since` for harvesters,
and errors in one shape.

This module holds what the REST_FRAMEWORK setting names (it must not import DRF's views);
core/apiviews.py holds the base viewset and filters each app's `api.py` builds on.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, throttling
from rest_framework.exceptions import NotFound

from . import pagecache
from .http import client_ip

logger = logging.getLogger(__name__)


class Cursor(pagination.CursorPagination):
    """Pages that stay right while rows are added: an opaque cursor instead of a page number.
    Ordered by id unless the client asks otherwise (`?ordering=`), with id as the tie-break."""

    ordering = ("id",)
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    page_size_query_description = _("How many results per page (at most %(most)s).") % {
        "most": settings.API_MAX_PAGE_SIZE
    }
    cursor_query_description = _("Where the page starts: the `next` or `previous` link's cursor.")
    invalid_cursor_message = _(
        "This cursor is not one the API made: follow a “next” or “previous” link as it came."
    )

    def get_ordering(self, request, queryset, view):
        ordering = tuple(super().get_ordering(request, queryset, view))
        if not any(field.lstrip("-") == "id" for field in ordering):
            ordering += ("id",)  # a unique tie-break, so no row is skipped between pages
        return ordering

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        """DRF checks a cursor's offset but not its position, which goes into the query as it
        came: a made-up one (`p=abc` where ids are numbers) is the same 404 as a damaged one."""
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        try:
            field = self._model._meta.get_field(self.ordering[0].lstrip("-"))
        except FieldDoesNotExist:
            return cursor
        try:
            if field.to_python(cursor.position) is None:
                raise ValidationError("empty")
        except (ValidationError, ValueError, TypeError, OverflowError) as exc:
            raise NotFound(self.invalid_cursor_message) from exc
        return cursor


class ClientThrottle(throttling.SimpleRateThrottle):
    """A limit per client: per token owner when a token came, per address otherwise (behind our
    proxies, the address they saw: core.http.client_ip).

    Counted in fixed windows of the rate's period (a minute for "120/minute"): one counter per
    client and window in the shared cache, one round trip per request (DRF's own throttle keeps
    every request's time and writes the whole list back: two round trips and a list of up to
    120 times pickled each request). Across the turn of a window a client may get up to twice
    the rate for a moment; never more. When the cache does not answer, the request is let
    through rather than refused (and the cache is left alone a while: core.pagecache.call)."""

    def get_rate(self):
        return None  # chosen per request in allow_request

    def allow_request(self, request, view):
        self.scope = "token" if request.auth is not None else "anonymous"
        self.rate = self.THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        now = self.timer()
        window = int(now // self.duration)
        key = f"{self.get_cache_key(request, view)}:{window}"
        try:
            count = pagecache.call("count", key, self.duration)
        except pagecache.Unavailable:
            logger.warning("API throttle skipped: the cache did not answer")
            return True
        if count <= self.num_requests:
            return True
        self._retry_after = (window + 1) * self.duration - now
        return False

    def wait(self):
        return self._retry_after

    def get_cache_key(self, request, view):
        if request.auth is not None:
            ident = f"user-{request.user.pk}"
        else:
            ident = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}


def exception_handler(exc, context):
    """DRF's error responses, never cached by a proxy (they depend on who asked)."""
    # Imported here: rest_framework.views reads the settings that name this module.
    from rest_framework.views import exception_handler as drf_exception_handler  # noqa: PLC0415

    if isinstance(exc, Http404):
        # get_object_or_404's words name the model ("No Submission matches the given query."),
        # in English whatever the language: the API's own 404 says it in the reader's.
        exc = NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None:
        response["Cache-Control"] = "private, no-store"
    return response
