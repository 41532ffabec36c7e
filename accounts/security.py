from .models import normalise_email


def login_username(request, credentials):
    """The name django-axes counts failures against: the e-mail as typed, normalised.

    "Siti@Contoh.id" and "siti@contoh.id" are one account, so they share one failure count.
    """
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    return normalise_email(request.POST.get("username", "")) if request is not None else ""
