"""Migrations apply to an empty database, leave nothing pending, and can be reversed.

Initial content comes from the idempotent `load_initial_data` command, not from
migrations. The one data step, renaming the clinician's `licence_*` fields in
stored revisions along with the columns, is reversible too.
"""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.apps import apps

from practice_site.content.models import ClinicianPage

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


LICENSE_RENAME = importlib.import_module(
    "practice_site.content.migrations.0007_editor_labels_and_license"
)


@pytest.mark.django_db
def test_license_rename_rewrites_stored_revisions_both_ways(site_content):
    clinician = ClinicianPage.objects.get(slug="demo-psychiatrist")
    revision = clinician.save_revision()
    # A revision saved before the rename, as the editor would open it.
    content = revision.content
    for old, new in LICENSE_RENAME.RENAMED.items():
        content[old] = content.pop(new)
    revision.save(update_fields=["content"])

    LICENSE_RENAME.forwards(apps, schema_editor=None)

    revision.refresh_from_db()
    assert not set(LICENSE_RENAME.RENAMED) & set(revision.content)
    draft = clinician.get_latest_revision_as_object()
    assert (draft.license_type, draft.license_number, draft.license_states) == (
        "Physician (MD)",
        "DEMO-000000",
        "IL",
    )

    LICENSE_RENAME.backwards(apps, schema_editor=None)

    revision.refresh_from_db()
    assert revision.content["licence_number"] == "DEMO-000000"
    assert "license_number" not in revision.content
