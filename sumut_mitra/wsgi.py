"""WSGI entry point, served by gunicorn (see deploy/)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumut_mitra.settings")

application = get_wsgi_application()
