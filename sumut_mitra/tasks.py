from celery import shared_task

from .services import heartbeat_record


@shared_task(ignore_result=True)
def record_heartbeat():
    """Scheduled by beat; proves that beat, the broker and a worker all work end to end."""
    heartbeat_record(name="worker")
