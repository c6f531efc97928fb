"""manage.py in processes of its own, as `make run`, `make backup` and the rest start it."""

import os

from deploy.stack import PROJECT_DIR, manage_process

__all__ = ["PROJECT_DIR", "manage_environment", "manage_process", "manage_run"]

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


def manage_run(env: dict[str, str], *args: str) -> str:
    """manage.py (deploy/stack.py manage_process) that must succeed; what it printed."""
    result = manage_process(env, *args)
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout
