"""What the in-process timing scripts (bench_search.py, bench_api.py) share: Django set up as a
production web node with the page cache off, a timer of every SQL statement, percentiles."""

import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def setup(name, **environment):
    """Django for script `name`, with `environment` set on top (os.environ names)."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumut_mitra.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", f"{name}-" + "x" * 40)
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.update(environment)
    import django  # noqa: PLC0415 - after the environment above
    from django.conf import settings  # noqa: PLC0415

    # No collected static files to read a manifest from: plain URLs are as costly.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()


class Timer:
    """Every SQL statement run while it is installed, with its time (execute_wrapper)."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((time.perf_counter() - started, sql, params))


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
