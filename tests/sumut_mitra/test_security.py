import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "ALLOWED_HOSTS": "mitra.sumutprov.example",
    "CSRF_TRUSTED_ORIGINS": "https://mitra.sumutprov.example",
}


def run_django(code_or_args, env_overrides, *, module=False):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    command = (
        [sys.executable, "manage.py", *code_or_args]
        if module
        else [sys.executable, "-c", code_or_args]
    )
    return subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_no_issues_in_production_settings():
    result = run_django(
        ["check", "--deploy"],
        {**PRODUCTION_ENV, "SECRET_KEY": get_random_secret_key() + get_random_secret_key()},
        module=True,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_django(["check"], PRODUCTION_ENV, module=True)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_are_secure_by_default():
    code = (
        "import os, json; os.environ['DJANGO_SETTINGS_MODULE']='sumut_mitra.settings';"
        "from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'SECURE_SSL_REDIRECT',"
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS',"
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'LANGUAGE_COOKIE_SECURE']}))"
    )
    result = run_django(code, {**PRODUCTION_ENV, "SECRET_KEY": get_random_secret_key()})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "LANGUAGE_COOKIE_SECURE": True,
    }


def test_bad_boolean_in_environment_is_a_clear_error():
    result = run_django(["check"], {"DJANGO_DEBUG": "maybe"}, module=True)
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_turn_off_the_browser_features_they_do_not_use(client):
    """Permissions-Policy: only the check-in page's camera, from this site; nothing else."""
    for response in (client.get(reverse("home")), client.get(reverse("forums:submit"))):
        policy = dict(
            part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
        )
        assert policy["camera"] == "(self)"
        for feature in ("geolocation", "microphone", "payment", "usb", "browsing-topics"):
            assert policy[feature] == "()", feature


def test_templates_have_no_inline_scripts_or_styles():
    offenders = []
    for template in (BASE_DIR / "templates").rglob("*.html"):
        if template.parts[-2] == "emails":
            continue  # e-mails are not pages: no CSP applies to them
        text = template.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            if 'type="application/json"' not in match.group(0):
                offenders.append(f"{template}: inline script")
        if re.search(r"\sstyle=", text):
            offenders.append(f"{template}: style attribute")
        if "<style" in text:
            offenders.append(f"{template}: style element")
    assert offenders == []
