"""Participants' feedback on a completed training."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import rules
from ..models import Feedback


def feedback_submit(*, registration, by, rating, comment=""):
    if registration.user_id != by.pk:
        raise PermissionDenied
    if not rules.can_give_feedback(registration):
        raise ValidationError(
            _("Feedback opens when the training is completed, for those who attended.")
        )
    feedback = Feedback(registration=registration, rating=rating, comment=comment.strip())
    # The rating's own validators, so that 0 or 6 is not mistaken below for a second feedback.
    feedback.full_clean(exclude=["registration"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
            return feedback
    except IntegrityError as exc:
        raise ValidationError(_("You have already given feedback on this training.")) from exc
