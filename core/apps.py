from django.apps import AppConfig
from django.db.backends.signals import connection_created

from . import converters


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import pagecache  # noqa: PLC0415 - ready(): the page cache needs the models

        connection_created.connect(
            pagecache.watch_statements, dispatch_uid="pagecache-watch-statements"
        )
        # Before any URLconf is read: every app's urls.py uses these shapes.
        converters.register()
