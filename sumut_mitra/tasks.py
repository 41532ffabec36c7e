from celery import shared_task

from .services import heartbeat_record


@shared_task(ignore_result=True)
def record_heartbeat():
    """Scheduled by beat; proves that beat, the broker and a worker all work end to end."""
    heartbeat_record(name="worker")


@shared_task(ignore_result=True)
def refresh_statistics(params=None):
    """Make the Data & Statistik figures for these filters again (beat: the province's, on a
    schedule; a page: those it served after their data changed)."""
    from . import statistics  # noqa: PLC0415 - a leaf: statistics enqueues this task

    statistics.figures(statistics.Filters.from_params(params or {}), fresh=True)
