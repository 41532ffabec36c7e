"""Thin Celery adapters: each loads its rows through one service (imported inside the task, so
that the services may import these tasks to enqueue them) and owns its retry policy."""

from celery import shared_task

from core.background import lease


@shared_task(bind=True, ignore_result=True, max_retries=5)
def send_email(self, pk):
    """Send one outbox row; a refused message is retried with capped backoff (and, should that
    retry's message be lost, by the outbox sweep)."""
    from .services import EmailSendFailed, email_send  # noqa: PLC0415 - services import tasks

    try:
        email_send(pk=pk)
    except EmailSendFailed as exc:
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task(ignore_result=True)
def sweep_outbox():
    """Every few minutes (beat): messages whose task was lost are enqueued again."""
    from .services import outbox_sweep  # noqa: PLC0415 - services import tasks

    outbox_sweep()


@shared_task(bind=True, ignore_result=True, max_retries=8)
def send_delivery(self, pk):
    """One reminder to one person. A claimed delivery is retried after its lease (its worker may
    have died); an SMTP refusal is retried with capped backoff."""
    from . import reminders  # noqa: PLC0415 - reminders import tasks

    try:
        reminders.delivery_send(pk=pk)
    except reminders.DeliveryBusy as exc:
        raise self.retry(exc=exc, countdown=lease().total_seconds() + 1) from exc
    except reminders.EmailSendFailed as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 1800)) from exc


@shared_task(ignore_result=True)
def scan_reminders():
    """Every minute (beat): due reminders become deliveries (SKIP LOCKED: two scanners never
    take the same row)."""
    from . import reminders  # noqa: PLC0415 - reminders import tasks

    while reminders.reminders_scan() == 500:
        pass


@shared_task(ignore_result=True)
def sweep_deliveries():
    """Every few minutes (beat): deliveries whose task was lost are enqueued again."""
    from . import reminders  # noqa: PLC0415 - reminders import tasks

    reminders.deliveries_sweep()


@shared_task(ignore_result=True)
def send_digests():
    """Daily (beat): the digest e-mail for those who chose it."""
    from .services import digests_send  # noqa: PLC0415 - services import tasks

    digests_send()
