from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agencies.models import Regency
from core import fulltext
from core.converters import REGENCY_CODE, TRACKING_CODE
from core.exports import export_response
from core.glossary import TERMS
from core.http import choice_param, shaped_param
from core.lists import page_number
from core.pagecache import cached_page
from core.websearch import MAX_WORDS
from forums.rules import Visitor

from . import catalogue, statistics
from . import search as site_search
from .forms import SearchForm, StatisticsFilterForm
from .health import CHECKS, database_connections, run_checks


@cached_page
def home(request):
    return render(request, "home.html")


@cached_page
@require_GET
def search(request):
    """One box for the whole portal (sumut_mitra.search): results by kind, each kind's count,
    or straight to the record a code names."""
    kinds = site_search.kinds_for(request.user)
    form = SearchForm(request.GET or None, kinds=kinds)
    query = form.value("q") or ""
    kind = form.value("jenis")
    regency, sector = form.value("regency"), form.value("sector")
    jump, groups = site_search.search(
        Visitor.of(request),
        query,
        kind=kind,
        regency=regency,
        sector=sector,
        page=page_number(request.GET),
    )
    if jump is not None:
        return redirect(jump)
    chosen = next((group for group in groups if group.kind.key == kind), None)
    total = sum(group.count for group in groups)
    query = site_search.normalised(query)
    # Nothing shown for what looks like a tracking code: the tracking page opens one's own
    # input (rahasia or held included) with the e-mail address; whether it exists is not said.
    code = TRACKING_CODE.read(query) if not total else None
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "query": query,
            "reading": site_search.reading(query),
            "max_words": MAX_WORDS,
            "track_url": f"{reverse('forums:lookup')}?{urlencode({'kode': code})}" if code else "",
            "page_number": chosen.page.number if chosen and chosen.page else 1,
            "kind": kind,
            "groups": groups,
            "chosen": chosen,
            "total": total,
            "capped": any(group.capped for group in groups),
            "max_ranked": fulltext.MAX_RANKED,
            "filtered": regency is not None or sector is not None,
        },
    )


@cached_page
def privacy(request):
    return render(
        request,
        "privacy.html",
        {
            "contact_email": settings.CONTACT_EMAIL,
            "login_records_days": settings.LOGIN_RECORDS_DAYS,
        },
    )


@cached_page
def glossary(request):
    terms = sorted(TERMS, key=lambda term: term.term.lower())
    return render(request, "glossary.html", {"terms": terms})


@never_cache
@require_GET
def healthz(request):
    """Monitoring reads all checks; a load balancer asks for `?check=database` only, so that a
    stopped worker does not take every web node out of rotation at once. `?detail=1` adds the
    database's connection use against its limit."""
    names = None
    if request.GET.get("check"):
        names = {name.strip() for name in request.GET["check"].split(",")}
        unknown = names - set(CHECKS)
        if unknown:
            return JsonResponse(
                {"error": f"unknown check: {', '.join(sorted(unknown))}", "known": list(CHECKS)},
                status=400,
            )
    checks, failed = run_checks(names)
    body = {"status": "fail" if failed else "ok", "checks": checks, "failed": failed}
    if request.GET.get("detail") and checks.get("database") == "ok":
        body["detail"] = {"database_connections": database_connections()}
    return JsonResponse(body, status=503 if failed else 200)


# --- Data & Statistik ---------------------------------------------------------------------------


class _Figures(dict):
    """The figures a page needs, each set fetched once (the province's give the years)."""

    def __missing__(self, filters):
        self[filters] = statistics.figures(filters)
        return self[filters]


def _statistics_form(data, figures):
    province, _made_at = figures[statistics.Filters()]
    return StatisticsFilterForm(data or None, years=statistics.years(province))


def _statistics_filters(form, regency=None):
    return statistics.Filters(
        year=form.value("year"),
        sector=form.value("sector"),
        regency=regency if regency is not None else form.value("regency"),
    )


def _statistics_page(request, *, regency=None):
    data = request.GET.copy()
    if regency is not None:
        data["regency"] = regency.code
    figures = _Figures()
    form = _statistics_form(data, figures)
    filters = _statistics_filters(form, regency)
    raw, made_at = figures[filters]
    # The map always shows the whole province (for the year and sector chosen).
    whole = statistics.Filters(year=filters.year, sector=filters.sector)
    map_raw = figures[whole][0]
    metric = choice_param(request.GET, "peta", statistics.MAP_METRICS, statistics.DEFAULT_METRIC)
    # Where the map, its table and the breadcrumb lead: the same year, sector and map metric
    # (the filters as read, not the query string as sent: no unreadable or unknown values).
    kept = {**whole.params, **({"peta": metric} if metric != statistics.DEFAULT_METRIC else {})}
    figure, map_table = statistics.regency_map(
        map_raw, metric, selected=regency, url_for=_regency_url(kept)
    )
    return render(
        request,
        "statistics/page.html",
        {
            "form": form,
            "filters": filters,
            "regency": regency,
            "sections": statistics.sections(raw, filters),
            "made_at": made_at,
            "map": figure,
            "map_table": map_table,
            "metric": metric,
            "metrics": [
                {
                    "key": key,
                    "label": label,
                    "url": f"?{urlencode({**whole.params, 'peta': key})}#peta",
                }
                for key, (label, _dataset, _column) in statistics.MAP_METRICS.items()
            ],
            "province_query": urlencode(kept),
            "csv_query": urlencode(filters.params),
            "map_csv_query": urlencode(whole.params),
        },
    )


def _regency_url(params):
    suffix = f"?{urlencode(params)}" if params else ""

    def url_for(regency):
        return reverse("statistics_regency", args=[regency.code]) + suffix

    return url_for


@cached_page
@require_GET
def statistics_page(request):
    code = shaped_param(request.GET, "regency", REGENCY_CODE)
    if code and Regency.objects.filter(code=code).exists():
        # One address per regency's figures: the regency page, with the other filters kept.
        query = request.GET.copy()
        del query["regency"]
        target = reverse("statistics_regency", args=[code])
        return redirect(f"{target}?{query.urlencode()}" if query else target)
    return _statistics_page(request)


@cached_page
@require_GET
def statistics_regency(request, code):
    regency = get_object_or_404(Regency, code=code)
    return _statistics_page(request, regency=regency)


@require_GET
def statistics_csv(request, key):
    figures = _Figures()
    form = _statistics_form(request.GET, figures)
    filters = _statistics_filters(form)
    raw, made_at = figures[filters]
    dataset = statistics.dataset(raw, filters, key)
    if dataset is None:
        raise Http404
    stamp = timezone.localtime(made_at).strftime("%Y%m%d-%H%M")
    parts = [key, *[str(value) for value in filters.params.values()], stamp]
    return export_response(dataset.as_tablib(), fmt="csv", filename="-".join(parts))


# --- Katalog data (open data, DCAT) ---------------------------------------------------------------


@cached_page
@require_GET
def data_catalogue(request):
    found, made_at = catalogue.entries()
    groups = {}
    for entry in found:
        groups.setdefault(entry.group, []).append(entry)
    return render(
        request,
        "statistics/catalogue.html",
        {
            "groups": list(groups.items()),
            "count": len(found),
            "made_at": made_at,
            "licence": catalogue.licence(),
            "publisher": settings.OPEN_DATA_PUBLISHER,
        },
    )


@cached_page
@require_GET
def data_catalogue_dcat(request):
    """The catalogue in DCAT (JSON-LD), for harvesters (ckanext-dcat's RDF harvester reads it)."""
    return JsonResponse(
        catalogue.dcat(),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
