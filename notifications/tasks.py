from celery import shared_task

from . import reminders
from .services import EmailSendFailed, digests_send, email_send, outbox_sweep


@shared_task(bind=True, ignore_result=True, max_retries=5)
def send_email(self, pk):
    """Send one outbox row; a refused message is retried with capped backoff."""
    try:
        email_send(pk=pk)
    except EmailSendFailed as exc:
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task(ignore_result=True)
def sweep_outbox():
    """Every few minutes (beat): messages whose task was lost are enqueued again."""
    outbox_sweep()


@shared_task(bind=True, ignore_result=True, max_retries=8)
def send_delivery(self, pk):
    """One reminder to one person. A claimed delivery is retried after its lease (its worker may
    have died); an SMTP refusal is retried with capped backoff."""
    try:
        reminders.delivery_send(pk=pk)
    except reminders.DeliveryBusy as exc:
        raise self.retry(exc=exc, countdown=reminders._lease().total_seconds() + 1) from exc
    except EmailSendFailed as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 1800)) from exc


@shared_task(ignore_result=True)
def scan_reminders():
    """Every minute (beat): due reminders become deliveries (SKIP LOCKED: two scanners never
    take the same row)."""
    while reminders.reminders_scan() == 500:
        pass


@shared_task(ignore_result=True)
def sweep_deliveries():
    """Every few minutes (beat): deliveries whose task was lost are enqueued again."""
    reminders.deliveries_sweep()


@shared_task(ignore_result=True)
def send_digests():
    """Daily (beat): the digest e-mail for those who chose it."""
    digests_send()
