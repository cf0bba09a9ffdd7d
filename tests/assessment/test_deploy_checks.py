import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from .helpers import text

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Set by tests/environment.py for the test run, or read by the settings: not for production.
NOT_FROM_THE_TEST_RUN = {
    "HTTPS",
    "WHITENOISE_USE_FINDERS",
    "STATIC_FROM_SOURCE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECURE_PROXY_SSL_HEADER_ON",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DJANGO_SETTINGS_MODULE",
}


def production_environment(**overrides) -> dict:
    environment = {
        key: value for key, value in os.environ.items() if key not in NOT_FROM_THE_TEST_RUN
    }
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    environment.update(
        DJANGO_SETTINGS_MODULE="coprod_site.settings",
        DEBUG="false",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(60)),
        ALLOWED_HOSTS="coprod.example",
        DATABASE_URL="sqlite:////tmp/x.sqlite3",
        EMAIL_HOST="smtp.coprod.example",
    )
    environment.update(overrides)
    return {key: value for key, value in environment.items() if value is not None}


def deploy_check(environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deploy_checks_pass_with_production_settings():
    result = deploy_check(production_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checks_catch_production_without_an_email_server():
    """Without EMAIL_HOST, emails would go to the console: the check must stop the deploy."""
    result = deploy_check(production_environment(EMAIL_HOST=None))

    assert result.returncode != 0
    assert "mail.E001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = deploy_check(production_environment(SECRET_KEY=None))

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_pages_carry_a_content_security_policy_with_a_nonce(client, db):
    response = client.get(reverse("home"))

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-inline'" not in policy
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    inline_scripts = re.findall(r"<script([^>]*)>(?!</script>)", text(response))
    assert f'<script nonce="{nonce}">document.body.className' in text(response)
    for attributes in inline_scripts:
        assert f'nonce="{nonce}"' in attributes or 'src="' in attributes


def test_each_response_gets_a_new_nonce(client, admin):
    client.force_login(admin)

    first = client.get(reverse("home")).headers["Content-Security-Policy"]
    second = client.get(reverse("home")).headers["Content-Security-Policy"]

    assert first != second


def test_pages_carry_the_other_security_headers(client, db):
    response = client.get(reverse("login"))

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
