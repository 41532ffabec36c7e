"""Reads of the outbox for the apps above notifications."""

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast

from .models import OutboundEmail


def latest_email_status(*, model, kind):
    """For `.annotate()`: the status of the newest outbox e-mail of `kind` about each row of
    `model` (None where there is none), e.g.
    `invitations.annotate(email_status=latest_email_status(model=Invitation, kind=...))`.

    A subquery in the list's own query, on the outbox's (content_type, object_id) index: the
    list costs no query more, however many rows it shows."""
    return Subquery(
        OutboundEmail.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id=Cast(OuterRef("pk"), CharField()),
            kind=kind,
        )
        .order_by("-created_at", "-pk")
        .values("status")[:1]
    )
