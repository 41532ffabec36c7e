from celery import shared_task

from .services import (
    email_links_purge,
    purge_ip_hashes,
    submissions_autoclose,
    unconfirmed_purge,
)


@shared_task(ignore_result=True)
def autoclose_submissions():
    """Daily (beat): answered submissions with no reply for 10 working days close."""
    submissions_autoclose()


@shared_task(ignore_result=True)
def purge_forum_personal_data():
    """Daily (beat): hashed IPs older than 30 days, unconfirmed input and spam, and expired
    e-mailed links (with the support addresses they kept) go."""
    purge_ip_hashes()
    unconfirmed_purge()
    email_links_purge()
