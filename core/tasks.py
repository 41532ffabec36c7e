from celery import shared_task

from .once import prune


@shared_task(ignore_result=True)
def prune_once_tokens():
    """Daily (beat): forget the create forms' tokens once nobody sends those forms again."""
    prune()
