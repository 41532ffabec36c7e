from celery import shared_task

from .services import login_records_prune


@shared_task(ignore_result=True)
def prune_login_records():
    """Daily (beat): delete login records older than the period the privacy notice promises."""
    login_records_prune()
