"""Create forms that a double-click, a second Enter or a page sent again cannot send twice.

Every form that makes something carries a one-time token: `{% once_token %}` (the `once`
template library) renders it as a hidden input, a fresh one each time the form is drawn. The
view that takes the form is wrapped in `@creates`. On a POST with a token it

1. claims the token: inserts a `OnceToken` row with the token as its unique key, in one
   transaction with the whole view. A second POST with the same token that arrives while the
   first is still at work waits at that insert (PostgreSQL's unique index: whichever gunicorn
   process or machine serves it) until the first one has committed or rolled back;
2. runs the view. A view that made something says so with `created(request, what)`; the row
   keeps the address of what was made and commits together with it. A view that made nothing
   (the form had errors, the service refused, an exception rolled everything back) gives the
   token back: the row goes with the view's transaction, so the corrected form can be sent
   with the same token;
3. a POST whose token is already claimed does not run the view: it is sent to what the first
   one made, with "Already saved." (an htmx request is sent there as a whole page).

Why PostgreSQL rather than Redis SET NX: the claim commits or rolls back with what the view
wrote, so a request that failed never uses a token up, and a second request cannot slip past a
first whose work is not committed yet; and pages never need Redis (README).

A POST without a token (a script, an API client) is handled as before: the token stops a
browser from repeating itself, it grants nothing. `tests/test_create_forms.py` holds every POST
form of the templates to carry the token or to be listed as one that creates nothing, and every
create view to be wrapped.

Stored pages (core.pagecache) keep no token: each visitor gets fresh ones, form by form, each
time a page is served, as with the CSRF token.
"""

import re
import secrets
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .models import OnceToken

FIELD = "once_token"
VALID = re.compile(r"[A-Za-z0-9_-]{20,64}")
# How the input is drawn, exactly; the page cache finds the inputs by this pattern.
INPUT = re.compile(rb'(<input type="hidden" name="once_token" value=")[^"]*(">)')
# A double-click is a second; a page sent again from the history may be days old.
KEEP = timedelta(days=7)


def new_token():
    return secrets.token_urlsafe(24)


def token_input(token=None):
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token or new_token())


class _Claim:
    __slots__ = ("result",)

    def __init__(self):
        self.result = None


def creates(view):
    """Wrap a view whose POST makes something, as the module says."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not VALID.fullmatch(token):
            return view(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    OnceToken.objects.create(token=token, result="")
            except IntegrityError:
                return _already(request, token)
            claim = request.once_claim = _Claim()
            response = view(request, *args, **kwargs)
            if claim.result:
                OnceToken.objects.filter(token=token).update(result=claim.result)
            else:  # nothing was made: the token stays usable for the corrected form
                OnceToken.objects.filter(token=token).delete()
        return response

    wrapper.creates = True
    return wrapper


def created(request, to):
    """Tell the claim what this POST made (a model with get_absolute_url, or an address): a
    second POST with the same token is sent there."""
    claim = getattr(request, "once_claim", None)
    if claim is not None:
        claim.result = resolve_url(to)


def _already(request, token):
    result = OnceToken.objects.filter(token=token).values_list("result", flat=True).first()
    messages.info(
        request, _("Already saved: this form had been sent already, and nothing is saved twice.")
    )
    url = result or "/"
    if request.headers.get("HX-Request"):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def prune(*, now=None):
    """Forget tokens claimed longer ago than KEEP (daily, beat)."""
    cutoff = (now or timezone.now()) - KEEP
    return OnceToken.objects.filter(claimed_at__lt=cutoff).delete()[0]
