"""`make backup` / `make restore` round trip, on SQLite and on PostgreSQL, in fresh processes."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://postgres@127.0.0.1:5432/"


def manage(env, *args, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result


def shell(env, code):
    return manage(env, "shell", "-v", "0", "-c", code).stdout.strip()


@pytest.fixture(params=["sqlite", "postgresql"])
def site_env(request, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["DJANGO_SETTINGS_MODULE"] = "practice_site.settings.dev"
    env["DJANGO_MEDIA_ROOT"] = str(tmp_path / "media")
    database = None
    if request.param == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    else:
        database = f"backup_test_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)  # noqa: S607
        env["DATABASE_URL"] = POSTGRES + database
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_initial_data")
    yield env
    if database:
        subprocess.run(
            ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", database],  # noqa: S607
            check=False,
        )


def test_backup_and_restore_round_trip(site_env, tmp_path):
    media = Path(site_env["DJANGO_MEDIA_ROOT"])
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "notice.txt").write_text("The practice's notice.")
    count_pages = "from wagtail.models import Page; print(Page.objects.count())"
    practice_name = (
        "from practice_site.content.models import PracticeSettings; "
        "print(PracticeSettings.objects.get().practice_name)"
    )
    pages_before = shell(site_env, count_pages)
    name_before = shell(site_env, practice_name)

    output = manage(site_env, "backup_site", "--to", str(tmp_path / "backups")).stdout
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
    assert shell(site_env, practice_name) == "Changed by mistake"

    content_version = (
        "from practice_site.caching.content_version import content_version; "
        "print(content_version())"
    )
    version_before = shell(site_env, content_version)

    manage(site_env, "restore_site", folder, "--yes")

    # Nothing cached from before the restore is served after it.
    assert shell(site_env, content_version) != version_before
    assert shell(site_env, practice_name) == name_before
    assert shell(site_env, count_pages) == pages_before
    assert (media / "documents" / "notice.txt").read_text() == "The practice's notice."


def test_restore_refuses_a_backup_of_another_engine(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["DJANGO_SETTINGS_MODULE"] = "practice_site.settings.dev"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"engine": "postgresql"}')

    result = manage(env, "restore_site", str(folder), "--yes", check=False)

    assert result.returncode != 0
    assert "This backup is of a postgresql database, not sqlite" in result.stderr
