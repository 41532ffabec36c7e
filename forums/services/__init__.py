"""Every write to the forum goes through here; every status change is on the timeline.

The package's modules, one topic each (callers import from the package, `from forums import
services`, never from a module):
- `_common`: the numbers, the submission workflow and its moves, the e-mails every move sends
- `submitting`: a resident sends input (spam checks, attachments, e-mail confirmation, lookup)
- `workflow`: verify, reject, forward, follow up, answer, close, autoclose, privacy
- `replies`: replies in the thread, internal notes, the reply count
- `support_and_follow`: support (with an account or by e-mail) and following
- `rating`: the submitter rates the official answer, and may appeal once
- `moderation`: reports, moderators' actions, suspensions
- `meetings`: public meetings and RSVPs
- `housekeeping`: privacy housekeeping (hashed IPs, unconfirmed input)
- `links`: the e-mailed one-time links (a random token, kept hashed)
- `guest_data`: a guest erases their name and address from their input
"""

from ._common import (
    ANSWER_WITHIN,
    BODY_MAX,
    CLOSE_AFTER,
    CONFIRM_MAX_AGE,
    IP_RETENTION,
    MAX_ATTACHMENTS,
    MIN_FILL_SECONDS,
    NEW_ACCOUNT_AGE,
    NEW_ACCOUNT_LINKS,
    REPLY_MAX,
    REPLY_PER_IP,
    REPLY_PER_WRITER,
    REPORT_NOTE_MAX,
    REPORT_PER_ACCOUNT,
    REPORT_PER_IP,
    REPORTS_TO_HIDE,
    SUBMISSION_WORKFLOW,
    SUBMIT_PER_ACCOUNT,
    SUBMIT_PER_IP,
    SUPPORT_PER_EMAIL,
    SUPPORT_PER_IP,
    TITLE_MAX,
    VERIFY_WITHIN,
    RateLimited,
)
from .guest_data import submission_erase_personal_data
from .housekeeping import purge_ip_hashes, unconfirmed_purge
from .links import email_links_purge
from .meetings import meeting_create, rsvp_toggle
from .moderation import account_suspend, moderate_reply, moderate_submission, report_create
from .rating import answer_rate, submission_appeal
from .replies import note_create, reply_count_refresh, reply_create
from .submitting import (
    new_tracking_code,
    submission_code_for_sent_reference,
    submission_confirm_email,
    submission_create,
    submission_lookup,
    submission_open_access_link,
    submission_send_access_link,
    submission_sent_reference,
)
from .support_and_follow import (
    follow_toggle,
    support_add,
    support_confirm,
    support_request_by_email,
)
from .workflow import (
    submission_answer,
    submission_close,
    submission_follow_up,
    submission_forward,
    submission_reject,
    submission_set_privacy,
    submission_verify,
    submissions_autoclose,
)

__all__ = [
    # _common
    "ANSWER_WITHIN",
    "BODY_MAX",
    "CLOSE_AFTER",
    "CONFIRM_MAX_AGE",
    "IP_RETENTION",
    "MAX_ATTACHMENTS",
    "MIN_FILL_SECONDS",
    "NEW_ACCOUNT_AGE",
    "NEW_ACCOUNT_LINKS",
    "REPLY_MAX",
    "REPLY_PER_IP",
    "REPLY_PER_WRITER",
    "REPORT_NOTE_MAX",
    "REPORT_PER_ACCOUNT",
    "REPORT_PER_IP",
    "REPORTS_TO_HIDE",
    "SUBMISSION_WORKFLOW",
    "SUBMIT_PER_ACCOUNT",
    "SUBMIT_PER_IP",
    "SUPPORT_PER_EMAIL",
    "SUPPORT_PER_IP",
    "TITLE_MAX",
    "VERIFY_WITHIN",
    "RateLimited",
    # submitting
    "submission_create",
    "submission_confirm_email",
    "submission_lookup",
    "submission_send_access_link",
    "submission_sent_reference",
    "submission_code_for_sent_reference",
    "submission_open_access_link",
    "new_tracking_code",
    # workflow
    "submission_verify",
    "submission_reject",
    "submission_forward",
    "submission_follow_up",
    "submission_answer",
    "submission_close",
    "submissions_autoclose",
    "submission_set_privacy",
    # replies
    "reply_count_refresh",
    "reply_create",
    "note_create",
    # rating
    "answer_rate",
    "submission_appeal",
    # support_and_follow
    "support_add",
    "support_request_by_email",
    "support_confirm",
    "follow_toggle",
    # moderation
    "report_create",
    "moderate_submission",
    "moderate_reply",
    "account_suspend",
    # meetings
    "meeting_create",
    "rsvp_toggle",
    # guest_data
    "submission_erase_personal_data",
    # housekeeping
    "purge_ip_hashes",
    "unconfirmed_purge",
    # links
    "email_links_purge",
]
