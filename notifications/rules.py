"""Who may do what with the outbox and notifications. A person's own notifications and
preferences are theirs alone (the services take the person and touch only their rows); the
outbox belongs to the administrators."""


def can_resend_email(user):
    """Sending a failed e-mail again: administrators allowed to change outbox rows."""
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("notifications.change_outboundemail")
    )
