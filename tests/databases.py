"""Test databases copied from one migrated template instead of each being migrated.

A new database takes over 200 migrations (about 8 s on SQLite, more on
PostgreSQL), and a run needs several: one test database per xdist worker, the
SQLite databases the manage.py tests start from (tests/conftest.py), and the
PostgreSQL databases of the production stack and the backup and live-faults tests
(on SQLite runs too). So the
first process that needs one migrates a template, with `manage.py migrate` as
`make migrate` does, while the others wait for it (a file lock), and every test
database is a copy: a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on
PostgreSQL. pytest-django is then told to keep the database it finds (keepdb):
Django runs `migrate`, which finds nothing left to do.

The templates are kept between runs, the SQLite one in pytest's cache folder
(.pytest_cache; with `-p no:cacheprovider`, for this run only) and the
PostgreSQL one as a database named after the migrations, so they are made again
only when a migration file (any installed app's) or Django changes.
"""

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import psycopg

import django
from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from tests.manage_processes import manage_environment, manage_run

# Set by the process that starts the run (tests/conftest.py); xdist workers inherit them.
RUN_DIR_VARIABLE = "PRACTICE_TEST_RUN_DIR"
CACHE_DIR_VARIABLE = "PRACTICE_TEST_CACHE_DIR"
POSTGRES_TEMPLATE_PREFIX = "practice_test_template_"


def run_dir_create() -> Path:
    """A folder for the run's test databases, in memory where the machine has a tmpfs."""
    shared_memory = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private folder in it
    parent = shared_memory if shared_memory.is_dir() else None
    return Path(tempfile.mkdtemp(prefix="practice-tests-", dir=parent))


def _run_dir() -> Path:
    return Path(os.environ[RUN_DIR_VARIABLE])


def _templates_dir() -> Path:
    return Path(os.environ.get(CACHE_DIR_VARIABLE) or _run_dir())


@contextlib.contextmanager
def _lock(name: str):
    """Exclusive among the run's processes (and other runs sharing the cache folder)."""
    with open(_templates_dir() / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _migrations_key() -> str:
    """Changes when any migration a new database would get changes."""
    digest = hashlib.sha256(django.get_version().encode())
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


def _migrate(database_url: str) -> None:
    env = manage_environment(database_url, DJANGO_SETTINGS_MODULE="practice_site.settings.test")
    manage_run(env, "migrate", "--noinput", "-v", "0")


# SQLite ------------------------------------------------------------------------------


def sqlite_template() -> Path:
    """A SQLite file as `make migrate` leaves a new database; copy it, never change it."""
    key = _migrations_key()
    template = _templates_dir() / f"migrated-{key}.sqlite3"
    with _lock("sqlite-template"):
        if not template.exists():
            for old in _templates_dir().glob("migrated-*.sqlite3"):
                old.unlink()
            building = template.with_suffix(".building")
            building.unlink(missing_ok=True)
            _migrate(f"sqlite:///{building}")
            # One self-contained file: the settings put SQLite in WAL mode.
            with contextlib.closing(sqlite3.connect(building)) as connection:
                connection.execute("PRAGMA journal_mode=DELETE")
            building.rename(template)
    return template


# PostgreSQL --------------------------------------------------------------------------


def _settings_server_url() -> str:
    """The PostgreSQL server of the run's own database settings."""
    database = settings.DATABASES["default"]
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}"


def _postgres_admin(server_url: str) -> psycopg.Connection:
    return psycopg.connect(f"{server_url}/postgres", autocommit=True)


def postgres_template(server_url: str) -> str:
    """The name of a PostgreSQL database as `make migrate` leaves a new one."""
    template = POSTGRES_TEMPLATE_PREFIX + _migrations_key()
    with _lock("postgres-template"), _postgres_admin(server_url) as admin:
        names = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
        if template not in names:
            for old in names:
                if old.startswith(POSTGRES_TEMPLATE_PREFIX):
                    admin.execute(f'DROP DATABASE IF EXISTS "{old}"')
            building = f"{template}_building"
            admin.execute(f'DROP DATABASE IF EXISTS "{building}"')
            admin.execute(f'CREATE DATABASE "{building}"')
            _migrate(f"{server_url}/{building}")
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
    return template


def postgres_migrated_database_create(name: str, server_url: str) -> str:
    """A new PostgreSQL database as `make migrate` leaves one, copied from the template; its
    URL. Each worker's test database on PostgreSQL, and in any run the databases of the
    production stack and of the backup and live-faults tests."""
    template = postgres_template(server_url)
    with _lock("postgres-template"), _postgres_admin(server_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return f"{server_url}/{name}"


# This process's test database ----------------------------------------------------------


def worker_database_create(worker: str) -> None:
    """Give this process a test database copied from the template, and point Django's
    test settings (`TEST["NAME"]`) at it."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = str(_run_dir() / f"test-{worker}.sqlite3")
        shutil.copyfile(sqlite_template(), name)
    else:
        name = f"test_{database['NAME']}_{worker}"
        postgres_migrated_database_create(name, _settings_server_url())
    database.setdefault("TEST", {})["NAME"] = name


def worker_database_drop() -> None:
    database = settings.DATABASES["default"]
    name = database["TEST"]["NAME"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        for path in Path(name).parent.glob(f"{Path(name).name}*"):
            path.unlink()
    else:
        with _postgres_admin(_settings_server_url()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
