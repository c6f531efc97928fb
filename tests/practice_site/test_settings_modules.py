"""Production settings refuse to start unsafe; the deploy checklist is clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
GOOD_SECRET = secrets.token_urlsafe(50)
REDIS_URL = "redis://127.0.0.1:6379/0"


def run_manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "practice_site.settings.production"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("missing", "present"),
    [
        ("DJANGO_SECRET_KEY", {"DJANGO_ALLOWED_HOSTS": "example.org", "REDIS_URL": REDIS_URL}),
        ("DJANGO_ALLOWED_HOSTS", {"DJANGO_SECRET_KEY": GOOD_SECRET, "REDIS_URL": REDIS_URL}),
        ("REDIS_URL", {"DJANGO_SECRET_KEY": GOOD_SECRET, "DJANGO_ALLOWED_HOSTS": "example.org"}),
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing, present):
    result = run_manage("check", **present)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert missing in lines[0]
    assert "Traceback" not in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_manage(
        "check",
        DJANGO_SECRET_KEY="short",
        DJANGO_ALLOWED_HOSTS="example.org",
        REDIS_URL=REDIS_URL,
    )

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_deploy_checklist_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="example.org",
        REDIS_URL=REDIS_URL,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
