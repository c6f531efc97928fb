"""Migrations apply to an empty database, leave nothing pending, and can be reversed.

Initial content comes from the idempotent `load_initial_data` command, not from
migrations. The one data step, renaming the clinician's `licence_*` fields in
stored revisions along with the columns, is reversible too.
"""

import importlib

import pytest

from django.apps import apps

from practice_site.content.models import ClinicianPage
from tests.manage_processes import MANAGE_PROCESSES_GROUP, manage_environment, manage_run


@pytest.mark.xdist_group(MANAGE_PROCESSES_GROUP)
def test_migrations_apply_reverse_and_reapply(tmp_path, migrated_sqlite_database):
    # The fixture applied every migration to an empty database, as `make migrate` does.
    env = manage_environment(f"sqlite:///{migrated_sqlite_database(tmp_path / 'db.sqlite3')}")
    manage_run(env, "migrate", "blog", "zero", "--noinput", "-v", "0")
    manage_run(env, "migrate", "practice_site", "zero", "--noinput", "-v", "0")
    manage_run(env, "migrate", "--noinput", "-v", "0")

    plan = manage_run(env, "migrate", "--plan")
    assert "No planned migration operations." in plan
    assert "No changes detected" in manage_run(env, "makemigrations", "--check", "--dry-run")


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
