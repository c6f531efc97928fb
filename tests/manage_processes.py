"""manage.py in processes of its own, as `make run`, `make backup` and the rest start it."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Tests using the migrated_sqlite_database and loaded_sqlite_database fixtures
# (tests/conftest.py) carry this xdist group, so one worker makes those databases
# once and the other workers never wait for them.
MANAGE_PROCESSES_GROUP = "manage-processes"


def manage_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment `make run` gives manage.py (development settings), on this database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="practice_site.settings.dev", DATABASE_URL=database_url)
    env.update(extra)
    return env


def manage_process(
    env: dict[str, str], *args: str, timeout: float = 300
) -> subprocess.CompletedProcess:
    """manage.py with these arguments in a process of its own; its output as text."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage_run(env: dict[str, str], *args: str) -> str:
    """manage_process() that must succeed; what it printed."""
    result = manage_process(env, *args)
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout
