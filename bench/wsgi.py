"""The benchmark's WSGI entry point: the production application, plus the floor URL.

The floor is switched on here rather than by a setting, so no environment variable can mount
it on a real site: only a server started with `bench.wsgi:application` has it.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumut_mitra.settings")
settings.ROOT_URLCONF = "bench.urls"

application = get_wsgi_application()
