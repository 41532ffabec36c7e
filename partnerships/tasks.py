from celery import shared_task

from . import reminders
from .services import agreements_advance


@shared_task(ignore_result=True)
def advance_agreements():
    """Daily (beat): agreements enter into force on their start date, complete after their end."""
    agreements_advance()
    reminders.sync_all_monev()
