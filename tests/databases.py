"""The databases a test run shares, made once for the run instead of once per use.

Migrating a new database takes about half a minute (over 200 migrations), and
the suite needs many: one test database per xdist worker, and one for each
test that runs manage.py in a process of its own (development server, backup
and restore, the production stack). So each run migrates at most one SQLite
and one PostgreSQL database with `manage.py migrate`, as `make migrate` does,
and everything else starts from a copy:

- migrated: as `make migrate` leaves a new database. The test databases are
  copies (tests/conftest.py then loads the initial content into each);
- loaded: migrated, then `manage.py load_initial_data`, as `make load-data`
  leaves it. For the processes of their own.

The run's processes share them through a folder named in PRACTICE_TEST_RUN_DIR
(made by the process that starts the run, see tests/conftest.py) and wait for
each other with file locks; the PostgreSQL ones are dropped when the run ends.

The migrated ones are also kept between runs, in pytest's cache folder
(.pytest_cache, `-p no:cacheprovider` turns that off): a SQLite file, and a
pg_dump of the PostgreSQL database (restored in seconds). They are found again
only for the same migration files (every installed app's, third-party ones
included), Django version and database server version, so a new or edited
migration makes them afresh.
"""

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import django
from django.apps import apps
from django.db import transaction
from django.db.migrations.loader import MigrationLoader

from deploy import stack

PROJECT_DIR = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
RUN_DIR_VARIABLE = "PRACTICE_TEST_RUN_DIR"
CACHE_DIR_VARIABLE = "PRACTICE_TEST_CACHE_DIR"
# PostgreSQL databases made for the run, one name a line, dropped when it ends.
RUN_DATABASES_FILE = "postgres-databases"
SNAPSHOT_SCHEMA = "test_snapshot"


# The run's folder and locks ---------------------------------------------------


def run_dir() -> Path:
    return Path(os.environ[RUN_DIR_VARIABLE])


def run_end(run_dir: Path) -> None:
    """Drop the run's PostgreSQL databases and remove its folder."""
    databases = run_dir / RUN_DATABASES_FILE
    if databases.exists():
        for name in databases.read_text().split():
            stack.database_drop(f"{POSTGRES_URL}/{name}")
    shutil.rmtree(run_dir, ignore_errors=True)


@contextlib.contextmanager
def run_lock(name: str):
    """An exclusive lock among the run's processes (and threads)."""
    with open(run_dir() / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def once_per_run(name: str, build: Callable[[], dict]) -> dict:
    """build() in the first process that asks; the others wait and get its result."""
    result_path = run_dir() / f"{name}.json"
    with run_lock(name):
        if not result_path.exists():
            try:
                result = {"ok": build()}
            except Exception as error:
                result = {"error": f"{type(error).__name__}: {error}"}
                result_path.write_text(json.dumps(result))
                raise
            result_path.write_text(json.dumps(result))
        result = json.loads(result_path.read_text())
    if "error" in result:
        raise RuntimeError(f"{name} could not be prepared: {result['error']}")
    return result["ok"]


def prepare_in_background(names: set[str]) -> None:
    """Start making the databases the collected tests will ask for, side by side
    (the work is in other processes), so no test process waits for them in turn."""
    makers = {
        "migrated-sqlite": migrated_sqlite_path,
        "loaded-sqlite": loaded_sqlite_path,
        "migrated-postgres": migrated_postgres_name,
        "loaded-postgres": loaded_postgres_name,
    }

    def prepare(make: Callable[[], object]) -> None:
        # A failure is recorded for the tests that need the database to report.
        with contextlib.suppress(Exception):
            make()

    for name in names:
        threading.Thread(
            target=prepare, args=(makers[name],), name=f"prepare {name}", daemon=True
        ).start()


# Kept between runs --------------------------------------------------------------


def _migrations_key(engine_version: str) -> str:
    """Changes when any migration a new database would get changes."""
    digest = hashlib.sha256(f"{django.get_version()} {engine_version}".encode())
    for app in apps.get_app_configs():
        module_name, _ = MigrationLoader.migrations_module(app.label)
        try:
            spec = module_name and importlib.util.find_spec(module_name)
        except ModuleNotFoundError:
            spec = None
        for folder in (spec and spec.submodule_search_locations) or []:
            for path in sorted(Path(folder).glob("*.py")):
                digest.update(f"{app.label}/{path.name}\n".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _kept(kind: str, key: str, suffix: str) -> Path | None:
    """Where a migrated database of this kind and key is kept between runs, if anywhere."""
    folder = os.environ.get(CACHE_DIR_VARIABLE)
    return Path(folder) / f"{kind}-{key}{suffix}" if folder else None


def _keep(built: Path, kept: Path | None) -> None:
    if kept is None:
        return
    for old in kept.parent.glob(f"{kept.name.split('-')[0]}-*"):
        old.unlink(missing_ok=True)
    partial = kept.with_name(f".{kept.name}.{uuid.uuid4().hex}")
    shutil.copyfile(built, partial)
    partial.replace(kept)


# Databases made with manage.py ----------------------------------------------------


def development_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of `make run`: development settings, the given database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "practice_site.settings.dev",
        "DATABASE_URL": database_url,
        **extra,
    }


def _run(args: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        args, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def _manage(env: dict[str, str], *args: str) -> None:
    _run([sys.executable, "manage.py", *args], env)


def _sqlite_self_contained(path: Path) -> None:
    # One file, no write-ahead log beside it: copied as it is.
    with contextlib.closing(sqlite3.connect(path)) as database:
        database.execute("PRAGMA journal_mode=DELETE")


def _migrated_sqlite_make() -> dict:
    path = run_dir() / "migrated.sqlite3"
    kept = _kept("sqlite", _migrations_key(sqlite3.sqlite_version), ".sqlite3")
    if kept and kept.exists():
        shutil.copyfile(kept, path)
    else:
        _manage(development_environment(f"sqlite:///{path}"), "migrate", "--noinput", "-v", "0")
        _sqlite_self_contained(path)
        _keep(path, kept)
    return {"path": str(path)}


def migrated_sqlite_path() -> Path:
    """A SQLite database as `make migrate` leaves a new one (not to be written to)."""
    return Path(once_per_run("migrated-sqlite", _migrated_sqlite_make)["path"])


def _loaded_sqlite_make() -> dict:
    path = run_dir() / "loaded.sqlite3"
    shutil.copyfile(migrated_sqlite_path(), path)
    _manage(development_environment(f"sqlite:///{path}"), "load_initial_data", "-v", "0")
    _sqlite_self_contained(path)
    return {"path": str(path)}


def loaded_sqlite_path() -> Path:
    """A SQLite database as `make load-data` leaves a new one (not to be written to)."""
    return Path(once_per_run("loaded-sqlite", _loaded_sqlite_make)["path"])


def postgres_database_register(name: str) -> None:
    """Have the run drop this PostgreSQL database when it ends, whatever happens."""
    with run_lock(RUN_DATABASES_FILE), open(run_dir() / RUN_DATABASES_FILE, "a") as names:
        names.write(name + "\n")


def postgres_database_copy(template: str, name: str) -> str:
    """A new database `name`, a copy of the database `template`; returns its URL."""
    url = f"{POSTGRES_URL}/{name}"
    # PostgreSQL copies a template for one new database at a time.
    with run_lock("postgres-copy"):
        stack.database_create_if_missing(url, template=template)
    return url


def _postgres_server_version() -> str:
    with stack._admin_connection(POSTGRES_URL) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def _migrated_postgres_make() -> dict:
    name = f"practice_test_migrated_{uuid.uuid4().hex[:8]}"
    url = f"{POSTGRES_URL}/{name}"
    postgres_database_register(name)
    stack.database_create_if_missing(url)
    kept = _kept("postgres", _migrations_key(_postgres_server_version()), ".dump")
    connect = ["--host", "127.0.0.1", "--username", "postgres", "--dbname", name]
    if kept and kept.exists():
        _run(["pg_restore", "--no-owner", "--exit-on-error", *connect, str(kept)])
    else:
        _manage(development_environment(url), "migrate", "--noinput", "-v", "0")
        dump = run_dir() / "migrated.dump"
        _run(["pg_dump", "--format", "custom", "--file", str(dump), *connect])
        _keep(dump, kept)
    return {"name": name}


def migrated_postgres_name() -> str:
    """A PostgreSQL database as `make migrate` leaves a new one, to copy (CREATE
    DATABASE ... TEMPLATE), never to connect to."""
    return once_per_run("migrated-postgres", _migrated_postgres_make)["name"]


def _loaded_postgres_make() -> dict:
    name = f"practice_test_loaded_{uuid.uuid4().hex[:8]}"
    postgres_database_register(name)
    url = postgres_database_copy(migrated_postgres_name(), name)
    _manage(development_environment(url), "load_initial_data", "-v", "0")
    return {"name": name}


def loaded_postgres_name() -> str:
    """A PostgreSQL database as `make load-data` leaves a new one, to copy."""
    return once_per_run("loaded-postgres", _loaded_postgres_make)["name"]


# The test database: made from the migrated one, restored from a snapshot ----------


def test_database_create(connection) -> None:
    """What Django's create_test_db does, with a copy of the run's migrated database
    instead of running the migrations again in every test process."""
    from django.conf import settings
    from django.core.management import call_command

    creation = connection.creation
    test_name = creation._get_test_db_name()
    if connection.vendor == "sqlite":
        template = migrated_sqlite_path()
        if not creation.is_in_memory_db(test_name):
            shutil.copyfile(template, test_name)
    elif connection.vendor == "postgresql":
        template = migrated_postgres_name()
        quote = connection.ops.quote_name
        with run_lock("postgres-copy"), creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    else:
        raise NotImplementedError(f"no test database from a copy on {connection.vendor}")
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    if connection.vendor == "sqlite" and creation.is_in_memory_db(test_name):
        with contextlib.closing(sqlite3.connect(f"file:{template}?mode=ro", uri=True)) as source:
            source.backup(connection.connection)
    call_command("createcachetable", database=connection.alias)


def on_the_run_server(connection) -> bool:
    """Whether the connection's PostgreSQL server is the one the run's copies are on."""
    settings_dict = connection.settings_dict
    run_server = urlsplit(POSTGRES_URL)
    return (settings_dict["HOST"], int(settings_dict["PORT"] or 5432)) == (
        run_server.hostname,
        run_server.port,
    )


class SqliteSnapshot:
    """The whole database, copied page by page into memory by SQLite's backup API."""

    def __init__(self, connection):
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self, connection) -> None:
        connection.ensure_connection()
        self.copy.backup(connection.connection)

    def drop(self) -> None:
        self.copy.close()


class PostgresSnapshot:
    """Every table copied into a schema of the test database's own.

    Restoring empties the tables and copies the rows back in one transaction,
    over the connections that are open (the live server's included), which a
    database made again from a template could not do.
    """

    def __init__(self, connection):
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            self.tables = connection.introspection.table_names(cursor)
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            self.columns = {}
            for table in self.tables:
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND table_name = %s"
                    " AND is_generated = 'NEVER' ORDER BY ordinal_position",
                    [table],
                )
                self.columns[table] = ", ".join(quote(name) for (name,) in cursor.fetchall())
                cursor.execute(
                    f"CREATE TABLE {SNAPSHOT_SCHEMA}.{quote(table)} AS TABLE {quote(table)}"
                )

    def restore(self, connection) -> None:
        quote = connection.ops.quote_name
        # Django's foreign keys are checked at the commit, so the order does not matter.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in self.tables)}")
            for table in self.tables:
                columns = self.columns[table]
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({columns}) OVERRIDING SYSTEM VALUE"  # noqa: S608 - quoted names
                    f" SELECT {columns} FROM {SNAPSHOT_SCHEMA}.{quote(table)}"
                )

    def drop(self) -> None:
        pass  # goes with the test database


def snapshot_take(connection):
    if connection.vendor == "sqlite":
        return SqliteSnapshot(connection)
    if connection.vendor == "postgresql":
        return PostgresSnapshot(connection)
    raise NotImplementedError(f"no snapshot for {connection.vendor} databases")
