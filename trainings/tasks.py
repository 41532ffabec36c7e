from celery import shared_task

from .services import certificate_generate, certificates_sweep


@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def generate_certificate(pk):
    """Draw one certificate's PDF and tell the participant (idempotent: runs twice, issues once)."""
    certificate_generate(pk=pk)


@shared_task(ignore_result=True)
def issue_pending_certificates():
    """Every few minutes (beat): certificates whose task was lost are enqueued again."""
    certificates_sweep()
