"""Every write to trainings goes through here.

Seats are decided under a row lock on the training (CONVENTIONS rule 8): registering, approving,
cancelling and promoting from the waiting list all lock the training first, so confirmed
registrations never exceed the seats however many people press the button at once.

The package's modules, one topic each (callers import from the package, `from trainings import
services`, never from a module):
- `_common`: the two workflows, a registration's move and its e-mail, the count of seats taken
- `trainings`: the organisers' form, publishing, cancelling and completing a training
- `registrations`: sign-up, approval, the waiting list, cancelling, promotion to free seats
- `attendance`: check-in by code and the tick list
- `certificates`: drawing (by a worker), the sweep, drawing again, revoking
- `feedback`: participants' feedback on a completed training
- `materials`: training materials in private storage
- `messages`: the organisers' message to participants (outbox, rate limit, record)
"""

from ..models import TRAINING_FIELDS
from ._common import REGISTRATION_WORKFLOW, TRAINING_WORKFLOW
from .attendance import (
    CheckinRefused,
    attendance_checkin,
    attendance_tick,
    attendance_undo,
    checkin_window,
)
from .certificates import (
    certificate_generate,
    certificate_redraw,
    certificate_revoke,
    certificates_sweep,
)
from .feedback import feedback_submit
from .materials import material_upload
from .messages import training_message_send
from .registrations import (
    clean_answers,
    registration_approve,
    registration_cancel,
    registration_create,
    registration_reject,
    registration_waitlist,
    waitlist_promote,
)
from .trainings import (
    QUESTION_FIELDS,
    SESSION_FIELDS,
    SPEAKER_FIELDS,
    training_move,
    training_save,
    validate_training,
)

__all__ = [
    # _common
    "TRAINING_WORKFLOW",
    "REGISTRATION_WORKFLOW",
    # trainings (TRAINING_FIELDS: what the organisers' form sets, from trainings.models)
    "TRAINING_FIELDS",
    "SESSION_FIELDS",
    "SPEAKER_FIELDS",
    "QUESTION_FIELDS",
    "validate_training",
    "training_save",
    "training_move",
    # registrations
    "clean_answers",
    "registration_create",
    "registration_approve",
    "registration_waitlist",
    "registration_reject",
    "registration_cancel",
    "waitlist_promote",
    # attendance
    "CheckinRefused",
    "attendance_checkin",
    "attendance_tick",
    "attendance_undo",
    "checkin_window",
    # certificates
    "certificate_generate",
    "certificates_sweep",
    "certificate_redraw",
    "certificate_revoke",
    # feedback
    "feedback_submit",
    # materials
    "material_upload",
    # messages
    "training_message_send",
]
