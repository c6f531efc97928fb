"""Migrations apply to an empty database, leave nothing pending, and can be reversed.

The project has no data migrations: initial content comes from the idempotent
`load_initial_data` command instead, so every migration is schema-only and reversible.
"""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_migrations_apply_reverse_and_reapply(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["DJANGO_SETTINGS_MODULE"] = "practice_site.settings.dev"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"

    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "migrate", "blog", "zero", "--noinput", "-v", "0")
    manage(env, "migrate", "practice_site", "zero", "--noinput", "-v", "0")
    manage(env, "migrate", "--noinput", "-v", "0")

    plan = manage(env, "migrate", "--plan")
    assert "No planned migration operations." in plan
    assert "No changes detected" in manage(env, "makemigrations", "--check", "--dry-run")
