"""`make backup` / `make restore` round trip, on SQLite and on PostgreSQL, in fresh processes."""

import json
import subprocess
import uuid
from pathlib import Path

import pytest

from tests import databases
from tests.manage_processes import (
    MANAGE_PROCESSES_GROUP,
    manage_environment,
    manage_process,
    manage_run,
)

POSTGRES = "postgres://postgres@127.0.0.1:5432"


pytestmark = pytest.mark.xdist_group(MANAGE_PROCESSES_GROUP)


def shell(env, code):
    return manage_run(env, "shell", "-v", "0", "-c", code).strip()


@pytest.fixture(params=["sqlite", "postgresql"])
def site_env(request, tmp_path, loaded_sqlite_database):
    """A site as `make load-data` leaves it, on SQLite or on PostgreSQL."""
    media = {"DJANGO_MEDIA_ROOT": str(tmp_path / "media")}
    if request.param == "sqlite":
        path = loaded_sqlite_database(tmp_path / "site.sqlite3")
        yield manage_environment(f"sqlite:///{path}", **media)
        return
    database = f"backup_test_{uuid.uuid4().hex[:8]}"
    # Migrated already: a copy of the run's template (tests/databases.py).
    url = databases.postgres_migrated_database_create(database, POSTGRES)
    env = manage_environment(url, **media)
    try:
        manage_run(env, "load_initial_data")
        yield env
    finally:
        subprocess.run(
            ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", database],  # noqa: S607
            check=False,
        )


# What a visitor would notice of the site's data, read in one process: the number of
# pages, the practice's name, and the content version the caches are keyed on.
SITE_STATE = (
    "import json\n"
    "from wagtail.models import Page\n"
    "from practice_site.caching.content_version import content_version\n"
    "from practice_site.content.models import PracticeSettings\n"
    "print(json.dumps({'pages': Page.objects.count(),"
    " 'practice_name': PracticeSettings.objects.get().practice_name,"
    " 'content_version': content_version()}))\n"
)


def site_state(env) -> dict:
    return json.loads(shell(env, SITE_STATE))


def test_backup_and_restore_round_trip(site_env, tmp_path):
    media = Path(site_env["DJANGO_MEDIA_ROOT"])
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "notice.txt").write_text("The practice's notice.")
    before = site_state(site_env)

    output = manage_run(site_env, "backup_site", "--to", str(tmp_path / "backups"))
    folder = output.strip().rsplit(" ", 1)[-1]
    assert Path(folder, "manifest.json").exists()
    # The launch checklist learns of it from the recorded completion.
    recorded = (
        "from practice_site.operations.models import BackupRecord; "
        "print(BackupRecord.objects.get())"
    )
    assert shell(site_env, recorded).startswith(f"Backup {folder} at ")

    # Things go wrong after the backup: a setting changed, a page and a file lost.
    shell(
        site_env,
        "from practice_site.content.models import PracticeSettings; "
        "PracticeSettings.objects.update(practice_name='Changed by mistake'); "
        "from wagtail.models import Page; Page.objects.get(slug='telehealth').delete()",
    )
    (media / "documents" / "notice.txt").unlink()
    damaged = site_state(site_env)
    assert damaged["practice_name"] == "Changed by mistake"
    assert damaged["pages"] == before["pages"] - 1

    manage_run(site_env, "restore_site", folder, "--yes")

    restored = site_state(site_env)
    # Nothing cached from before the restore is served after it.
    assert restored["content_version"] != damaged["content_version"]
    assert restored["practice_name"] == before["practice_name"]
    assert restored["pages"] == before["pages"]
    assert (media / "documents" / "notice.txt").read_text() == "The practice's notice."


def test_restore_refuses_a_backup_of_another_engine(tmp_path):
    env = manage_environment(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"engine": "postgresql"}')

    result = manage_process(env, "restore_site", str(folder), "--yes")

    assert result.returncode != 0
    assert "This backup is of a postgresql database, not sqlite" in result.stderr
