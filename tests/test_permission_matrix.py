"""Every URL of the project states, for each kind of visitor, what a GET should answer.

A new URL pattern without an entry here fails the suite: nobody ships a page without deciding
who may see it. Later apps add their roles (agency viewer, editor, admin, secretariat) as columns.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import AdminFactory, UserFactory

LOGIN = reverse("accounts:login")
ANY_HEALTH = {200, 503}  # depends on the worker, checked in test_health

# name: (kwargs for reverse, {role: expected status or set of allowed statuses})
MATRIX = {
    "home": ({}, {"anonymous": 200, "resident": 200, "admin": 200}),
    "privacy": ({}, {"anonymous": 200, "resident": 200, "admin": 200}),
    "healthz": ({}, {"anonymous": ANY_HEALTH, "resident": ANY_HEALTH, "admin": ANY_HEALTH}),
    "set_language": ({}, {"anonymous": 405, "resident": 405, "admin": 405}),
    "accounts:signup": ({}, {"anonymous": 200, "resident": 302, "admin": 302}),
    "accounts:signup_done": ({}, {"anonymous": 200, "resident": 200, "admin": 200}),
    "accounts:resend_verification": ({}, {"anonymous": 200, "resident": 200, "admin": 200}),
    "accounts:verify_email": (
        {"token": "tidak-sah"},
        {"anonymous": 400, "resident": 400, "admin": 400},
    ),
    "accounts:login": ({}, {"anonymous": 200, "resident": 302, "admin": 302}),
    "accounts:logout": ({}, {"anonymous": 405, "resident": 405, "admin": 405}),
    "accounts:profile": ({}, {"anonymous": 302, "resident": 200, "admin": 200}),
    "accounts:password_change": ({}, {"anonymous": 302, "resident": 200, "admin": 200}),
    "accounts:password_reset": ({}, {"anonymous": 200, "resident": 200, "admin": 200}),
    "accounts:password_reset_done": ({}, {"anonymous": 200, "resident": 200, "admin": 200}),
    "accounts:password_reset_confirm": (
        {"uidb64": "MQ", "token": "tidak-sah"},
        {"anonymous": 200, "resident": 200, "admin": 200},
    ),
    "accounts:password_reset_complete": ({}, {"anonymous": 200, "resident": 200, "admin": 200}),
    # The admin site guards all of its own pages: staff only, everyone else to its login.
    "admin:index": ({}, {"anonymous": 302, "resident": 302, "admin": 200}),
}

ROLES = ["anonymous", "resident", "admin"]


def project_url_names(patterns=None, namespace=None):
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            if pattern.namespace == "admin":
                names.append("admin:index")
                continue
            names.extend(project_url_names(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_an_entry_for_every_role():
    names = set(project_url_names())
    assert names - set(MATRIX) == set(), "add these URLs to the permission matrix"
    assert set(MATRIX) - names == set(), "these matrix entries name no URL any more"
    for name, (_kwargs, expected) in MATRIX.items():
        assert set(expected) == set(ROLES), name


@pytest.fixture
def client_for(client, db):
    def make(role):
        if role == "resident":
            client.force_login(UserFactory())
        elif role == "admin":
            client.force_login(AdminFactory())
        return client

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_as_the_matrix_says(client_for, name, role):
    kwargs, expected = MATRIX[name]
    response = client_for(role).get(reverse(name, kwargs=kwargs))
    allowed = expected[role] if isinstance(expected[role], set) else {expected[role]}
    assert response.status_code in allowed, f"{name} as {role}: {response.status_code}"
    if response.status_code == 302 and role == "anonymous" and not name.startswith("admin"):
        assert response.url.startswith(LOGIN)
