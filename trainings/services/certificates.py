"""Certificates: drawn by a worker, swept when their task was lost, drawn again, revoked."""

import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import background

from .. import rules
from ..enums import CertificateStatus
from ..models import Certificate
from ..tasks import generate_certificate
from ._common import _notify

logger = logging.getLogger(__name__)


def certificate_generate(*, pk):
    """Draw the PDF of a pending certificate and mark it valid; idempotent (a second run, or a
    run for a revoked one, does nothing). Every run counts an attempt (core/background.py): a
    failure is recorded on the certificate and raised for the task; once the attempts are used
    up the sweep marks it failed, and an administrator can have it drawn again."""
    from ..certificates import render_certificate  # noqa: PLC0415 - ReportLab: slow, worker only

    # Two workers drawing the same certificate at once do no harm (the update to READY below
    # decides which file stays), so the claim takes no lease: it counts the attempt.
    if not background.claim(Certificate.objects.filter(pk=pk, status=CertificateStatus.PENDING)):
        return False
    certificate = Certificate.objects.select_related(
        "registration__user", "registration__training"
    ).get(pk=pk)
    name = f"{certificate.code}-{secrets.token_hex(8)}.pdf"
    try:
        pdf = render_certificate(certificate)
        stored = certificate.file.storage.save(
            certificate.file.field.generate_filename(certificate, name), ContentFile(pdf)
        )
    except Exception as exc:  # recorded for the admin, then raised for the task's own policy
        Certificate.objects.filter(pk=pk).update(last_error=f"{type(exc).__name__}: {exc}"[:2000])
        logger.warning("certificate %s could not be drawn (attempt %s)", pk, certificate.attempts)
        raise
    won = Certificate.objects.filter(pk=pk, status=CertificateStatus.PENDING).update(
        status=CertificateStatus.READY, file=stored, issued_at=timezone.now(), last_error=""
    )
    if not won:  # another worker finished first, or it was revoked meanwhile
        certificate.file.storage.delete(stored)
        return False
    with transaction.atomic():
        _notify(certificate.registration, "certificate_ready")
    return True


def certificates_sweep(*, now=None):
    """Certificates whose task was lost (the broker was away, a worker died) or whose drawing
    failed are enqueued again; those tried too often are marked failed. Returns how many were
    enqueued."""
    requeued, _failed = background.sweep(
        Certificate.objects.filter(status=CertificateStatus.PENDING),
        task=generate_certificate,
        failed=CertificateStatus.FAILED,
        now=now,
        batch=200,
    )
    return requeued


def certificate_redraw(*, certificate, by):
    """An administrator has a certificate that could not be prepared drawn again (its attempts
    start over). Returns whether it was failed (and so is queued again)."""
    if not rules.can_redraw_certificate(by, certificate):
        raise PermissionDenied
    updated = Certificate.objects.filter(pk=certificate.pk, status=CertificateStatus.FAILED).update(
        status=CertificateStatus.PENDING, attempts=0, last_error="", enqueued_at=timezone.now()
    )
    if updated:
        background.enqueue_on_commit(generate_certificate, certificate.pk)
    return bool(updated)


def certificate_revoke(*, certificate, by, reason):
    training = certificate.registration.training
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    updated = Certificate.objects.filter(
        pk=certificate.pk,
        status__in=[CertificateStatus.READY, CertificateStatus.PENDING, CertificateStatus.FAILED],
    ).update(
        status=CertificateStatus.REVOKED,
        revoked_at=timezone.now(),
        revoked_by=by,
        revoke_reason=reason,
    )
    if not updated:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.refresh_from_db()
    return certificate
