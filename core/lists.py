"""The list pages of every app: filters from the URL, paginated results, htmx gets the results
only."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from .converters import BIGINT_MAX
from .http import int_param
from .paging import DeferredPaginator

PAGE_SIZE = 20


def page_number(params):
    """The page ?page= asks for: the first for anything that is not a positive whole number
    (letters, 0, a sign, a NUL byte), and past the end, however far, the last (get_page)."""
    number = int_param(params, "page")
    text = params.get("page", "")
    if number is None and text.isascii() and text.isdigit() and text.strip("0"):
        number = BIGINT_MAX  # more digits than a bigint holds: past any list's end
    return number or 1


def page_of(request, queryset, size=PAGE_SIZE):
    return DeferredPaginator(queryset, size).get_page(page_number(request.GET))


def render_list(request, *, form, queryset, template, results_template, extra=None):
    filtered = form.is_valid() and any(form.cleaned_data.values())
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(
        request,
        results_template if partial else template,
        {
            "form": form,
            "page": page_of(request, queryset),
            "filtered": filtered,
            "results_template": results_template,
            **(extra or {}),
        },
    )
    # The same URL answers a full page or only the results: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
