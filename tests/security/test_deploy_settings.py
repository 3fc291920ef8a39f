"""Production is the default: HTTPS on, a SECRET_KEY required, `check --deploy` clean.

Each test starts a Python of its own without MUTUALISER_ENV (the suite runs as development,
tests/settings.py), with only the environment docs/deploy.md documents.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-production-secret-key-for-the-checks-only-" + "0123456789abcdefghij" * 2

# docs/deploy.md, section 2: what production must set (the SECURE_* defaults are on).
DOCUMENTED = {
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "mutualiser.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://mutualiser.example.org",
    "SITE_URL": "https://mutualiser.example.org",
    "SECURE_HSTS_PRELOAD": "1",
    "STATIC_MANIFEST": "1",
    "WHITENOISE_USE_FINDERS": "0",
}
READ_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]}))
"""


def run_python(tmp_path: Path, args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MUTUALISER_ENV", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not key.startswith("SECURE_")
    }
    clean |= {
        "DJANGO_SETTINGS_MODULE": "mutualiser.settings",
        "MUTUALISER_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=clean, cwd=ROOT, timeout=120
    )


def read_settings(tmp_path: Path, **env: str) -> dict:
    result = run_python(tmp_path, ["-c", READ_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = run_python(
        tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **DOCUMENTED
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_https_on_by_default(tmp_path):
    values = read_settings(tmp_path, SECRET_KEY=SECRET)

    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
    }


def test_each_https_switch_can_still_be_turned_off_alone(tmp_path):
    values = read_settings(tmp_path, SECRET_KEY=SECRET, SECURE_SSL_REDIRECT="0")

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is True


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_python(tmp_path, ["manage.py", "check"])

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_a_blank_secret_key_is_refused_too(tmp_path):
    result = run_python(tmp_path, ["manage.py", "check"], SECRET_KEY="   ")

    assert "SECRET_KEY is not set" in result.stderr


def test_development_serves_plain_http_with_a_generated_key(tmp_path):
    values = read_settings(tmp_path, MUTUALISER_ENV="development")

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert (tmp_path / "secret_key").read_text().strip()


def test_debug_alone_is_development(tmp_path):
    values = read_settings(tmp_path, DEBUG="1")

    assert values["DEBUG"] is True
    assert values["SECURE_SSL_REDIRECT"] is False


def test_an_unknown_environment_is_refused(tmp_path):
    result = run_python(tmp_path, ["manage.py", "check"], MUTUALISER_ENV="staging")

    assert result.returncode != 0
    assert "MUTUALISER_ENV must be production or development" in result.stderr
