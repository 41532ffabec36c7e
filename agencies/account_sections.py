"""The agencies' piece of the profile page (accounts.sections): staff of a verified agency reach
their personal API keys from there. Imported by AgenciesConfig.ready."""

from accounts import sections as account_sections
from core.sections import Section

from .rules import agency_ids_of


def _api_keys_link(request, user):
    return {} if agency_ids_of(user) else None


account_sections.profile.register(
    Section(key="api_keys", template="agencies/_api_keys_link.html", context=_api_keys_link)
)
