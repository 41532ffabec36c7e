"""Demo accounts for `manage.py seed_demo`. Later apps give some of them roles."""

from django.utils import timezone

from .models import User

DEMO_ACCOUNTS = [
    # e-mail, full name, language, superuser
    ("admin@sumutmitra.test", "Admin Sumut Mitra", "id", True),
    ("warga@sumutmitra.test", "Siti Rahmawati", "id", False),
    ("resident@sumutmitra.test", "Daniel Hutagalung", "en", False),
    ("sekretariat@sumutmitra.test", "Rudi Simanjuntak", "id", False),
    ("disperindag@sumutmitra.test", "Maya Lubis", "id", False),
    ("usu@sumutmitra.test", "Dr. Andi Nasution", "id", False),
]


def ensure_account(
    email, full_name, language, *, password, superuser=False, reset_passwords=False, stdout=None
):
    """A verified demo account; its password is set when it is created (or reset on request)."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "preferred_language": language,
            "is_staff": superuser,
            "is_superuser": superuser,
            "email_verified_at": timezone.now(),
        },
    )
    if created or reset_passwords:
        user.set_password(password)
        user.save(update_fields=["password"])
    if stdout is not None:
        stdout.write(f"  {'created' if created else 'kept   '} {email}")
    return user


def seed(*, password, reset_passwords=False, stdout=None):
    for email, full_name, language, superuser in DEMO_ACCOUNTS:
        ensure_account(
            email,
            full_name,
            language,
            password=password,
            superuser=superuser,
            reset_passwords=reset_passwords,
            stdout=stdout,
        )
