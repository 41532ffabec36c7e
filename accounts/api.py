"""How the REST API knows who is asking: `Authorization: Token <key>` with a personal key
(accounts.ApiToken). Without a header the request is anonymous and reads open data only; a
header with a wrong, revoked or expired key, or an inactive owner, is refused (401) rather than
served as anonymous, so a broken integration notices."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import services

# last_used_at is written at most this often per key (each write is an UPDATE).
LAST_USED_RESOLUTION_SECONDS = 300


def _keys_page():
    """Where a key's owner makes a new one (the agencies' "Kunci API" page)."""
    return reverse("agencies:api_keys")


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in (b"token", b"bearer"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as “Authorization: Token <key>”.")
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("This API key is not valid.")) from exc
        token = services.api_token_lookup(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This API key is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("This API key was revoked. Make a new one on the API keys page: %(address)s")
                % {"address": _keys_page()}
            )
        if not token.is_usable():
            raise exceptions.AuthenticationFailed(
                _("This API key has expired. Make a new one on the API keys page: %(address)s")
                % {"address": _keys_page()}
            )
        services.api_token_touch(
            token=token, now=timezone.now(), every=LAST_USED_RESOLUTION_SECONDS
        )
        # What the key may read is decided with its owner's rights (agencies.rules.key_scope).
        token.user.api_token = token
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the key (drf-spectacular finds this class by its target)."""

    target_class = TokenAuthentication
    name = "personalKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(
                _(
                    "A personal API key, made on your profile page: "
                    "“Authorization: Token smk_…”. Open data needs none."
                )
            ),
        }
