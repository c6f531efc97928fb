"""Back up and restore the database and uploaded media, for SQLite and PostgreSQL.

A backup is a folder holding `database.sqlite3` or `database.pgdump` (pg_dump's
custom format), `media.tar.gz`, and `manifest.json` saying which. Restoring
replaces the database contents and the media folder with the backup's.

Each finished backup is recorded (BackupRecord) after the copy is complete, so
the dashboard's launch checklist can tell whether backups actually run.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from practice_site.caching.invalidation import content_changed
from practice_site.operations.models import BackupRecord

MANIFEST = "manifest.json"


def _database() -> dict:
    return settings.DATABASES["default"]


def _engine() -> str:
    engine = _database()["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise ValueError(f"Backups support SQLite and PostgreSQL, not {engine}")


def _pg_environment() -> dict:
    db = _database()
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(f"{name} was not found; install the PostgreSQL client tools.")
    return path


def _pg_arguments() -> list[str]:
    db = _database()
    arguments = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        arguments += ["--host", db["HOST"]]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", db["USER"]]
    return arguments


def site_backup(destination: Path) -> Path:
    """Write a backup into a new timestamped folder under `destination`; return it."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(destination) / f"backup-{stamp}"
    folder.mkdir(parents=True)
    engine = _engine()
    if engine == "sqlite":
        source = sqlite3.connect(_database()["NAME"])
        target = sqlite3.connect(folder / "database.sqlite3")
        with target:
            source.backup(target)  # A consistent copy even while the site runs.
        source.close()
        target.close()
    else:
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                _program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / "database.pgdump"),
                *_pg_arguments(),
            ],
            check=True,
            env=_pg_environment(),
        )
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            archive.add(media, arcname="media")
    (folder / MANIFEST).write_text(
        json.dumps({"engine": engine, "created": stamp}, indent=2) + "\n"
    )
    backup_completion_record(folder)
    return folder


def backup_completion_record(folder: Path) -> BackupRecord:
    return BackupRecord.objects.create(finished_at=timezone.now(), folder=str(folder))


def site_restore(folder: Path) -> None:
    """Replace the database and media with those in a backup folder."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    engine = _engine()
    if manifest["engine"] != engine:
        raise ValueError(f"This backup is of a {manifest['engine']} database, not {engine}.")
    connections.close_all()
    if engine == "sqlite":
        source = sqlite3.connect(folder / "database.sqlite3")
        target = sqlite3.connect(_database()["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                _program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *_pg_arguments(),
                str(folder / "database.pgdump"),
            ],
            check=True,
            env=_pg_environment(),
        )
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        members = [
            m for m in archive.getmembers() if m.name == "media" or m.name.startswith("media/")
        ]
        staging = media.parent / f".{media.name}-restoring"
        shutil.rmtree(staging, ignore_errors=True)
        archive.extractall(staging, members=members, filter="data")
    # Swap the folders only once the archive has unpacked completely.
    if media.exists():
        shutil.rmtree(media)
    restored = staging / "media"
    if restored.exists():
        restored.rename(media)
    else:
        media.mkdir(parents=True)
    shutil.rmtree(staging, ignore_errors=True)
    _caches_refresh()


def _caches_refresh() -> None:
    """Nothing cached from before the restore may be served after it."""
    content_changed()
