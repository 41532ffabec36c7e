from celery import shared_task

from .services import EmailSendFailed, email_send, outbox_sweep


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
