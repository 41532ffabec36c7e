"""The portal's URLs plus the floor; only bench/wsgi.py (the benchmark's server) uses this."""

from django.urls import path

from sumut_mitra.urls import urlpatterns as portal_urlpatterns

from . import FLOOR_URL
from .views import floor

urlpatterns = [path(FLOOR_URL.strip("/") + "/", floor, name="bench_floor"), *portal_urlpatterns]
