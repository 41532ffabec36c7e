from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def floor(request):
    """The cheapest page there is: the whole middleware stack and one trivial query. Pages are
    measured against it, so the result says what the page costs, not what the machine does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse(b"ok", content_type="text/plain")
