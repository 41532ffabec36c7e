from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.glossary import TERMS
from core.pagecache import cached_page

from .health import CHECKS, database_connections, run_checks


@cached_page
def home(request):
    return render(request, "home.html")


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
