"""Thin Celery adapters: each imports its service inside the task, so that the services may
import these tasks to enqueue them."""

from celery import shared_task


@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def generate_certificate(pk):
    """Draw one certificate's PDF and tell the participant (idempotent: runs twice, issues once)."""
    from .services import certificate_generate  # noqa: PLC0415 - services import tasks

    certificate_generate(pk=pk)


@shared_task(ignore_result=True)
def issue_pending_certificates():
    """Every few minutes (beat): certificates whose task was lost are enqueued again."""
    from .services import certificates_sweep  # noqa: PLC0415 - services import tasks

    certificates_sweep()
