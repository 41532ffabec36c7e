from django.core.mail.backends.base import BaseEmailBackend


class UnreachableSmtpBackend(BaseEmailBackend):
    """Behaves like an SMTP server that refuses connections (the process edge)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")
