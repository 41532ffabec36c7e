"""The list pages of every app: filters from the URL, paginated results, htmx gets the results
only."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from .paging import DeferredPaginator

PAGE_SIZE = 20


def page_of(request, queryset, size=PAGE_SIZE):
    return DeferredPaginator(queryset, size).get_page(request.GET.get("page"))


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
