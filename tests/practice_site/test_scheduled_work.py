"""Scheduled work: what staff see of it in the admin, and the timetable the scheduler keeps.

The scheduler on the live stack (pages going live with nobody acting, the
inquiry purge, one scheduler at a time) is tested in tests/deploy/test_scheduler.py.
"""

import datetime
import zoneinfo

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPage
from practice_site.editorial.roles import EDITORS
from practice_site.operations.scheduled_jobs import (
    DAILY,
    SCHEDULED_JOBS,
    jobs_to_schedule,
    scheduled_job_queue,
    scheduled_job_run,
)
from practice_site.operations.scheduler import job_trigger, timetable_build
from tests.factories import staff_user
from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
UTC = datetime.UTC


@pytest.fixture
def editor_client(client, staff_site_tree):
    client.force_login(staff_user("editor", EDITORS, password=PASSWORD))
    return client


@pytest.fixture
def blog(staff_site_tree):
    return staff_site_tree.blog


def scheduled_post(blog, title, go_live_at):
    """A new post given a go-live time and published, as the admin's schedule dialog does."""
    post = BlogPage(title=title, slug=title.lower().replace(" ", "-"), intro="Soon.", body=[])
    post.live = False
    blog.add_child(instance=post)
    post.go_live_at = go_live_at
    post.save_revision().publish()
    return post


def panel_rows(response):
    panel = parse(response).find(id="scheduled-pages-section") or parse(response)
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in panel.select(".scheduled-page-row")
    ]


def test_the_dashboard_lists_scheduled_pages_soonest_first_in_the_practices_time_zone(
    editor_client, staff_site_tree, blog
):
    scheduled_post(blog, "Winter post", datetime.datetime(2031, 1, 15, 15, 30, tzinfo=UTC))
    scheduled_post(blog, "Spring post", datetime.datetime(2031, 3, 20, 14, 0, tzinfo=UTC))
    expiring = staff_site_tree.posts[1]
    expiring.expire_at = datetime.datetime(2031, 2, 1, 17, 45, tzinfo=UTC)
    expiring.save_revision().publish()
    changed = staff_site_tree.posts[0]
    changed.title = "TRD, updated"
    changed.go_live_at = datetime.datetime(2031, 7, 4, 16, 0, tzinfo=UTC)
    changed.save_revision().publish()

    rows = panel_rows(editor_client.get("/admin/"))

    assert rows == [
        ["Winter post", "Goes live", "Wed, Jan 15, 2031, 10:30 AM EST"],
        [expiring.title, "Unpublishes", "Sat, Feb 1, 2031, 12:45 PM EST"],
        ["Spring post", "Goes live", "Thu, Mar 20, 2031, 10:00 AM EDT"],
        # The live page keeps its current version until then.
        [changed.get_admin_display_title(), "Changes go live", "Fri, Jul 4, 2031, 12:00 PM EDT"],
    ]
    assert "When (America/New_York)" in parse(editor_client.get("/admin/")).get_text()


def test_the_dashboard_says_when_nothing_is_scheduled(editor_client):
    page = parse(editor_client.get("/admin/"))

    assert page.select(".scheduled-page-row") == []
    assert "No page is scheduled to go live or be unpublished." in page.get_text(" ")


def test_a_published_scheduled_page_leaves_the_list(editor_client, blog):
    post = scheduled_post(
        blog, "Due post", datetime.datetime.now(UTC) + datetime.timedelta(days=1)
    )
    assert [row[0] for row in panel_rows(editor_client.get("/admin/"))] == ["Due post"]

    post.go_live_at = None
    post.save_revision().publish()

    assert panel_rows(editor_client.get("/admin/")) == []


def test_the_dashboards_queries_do_not_grow_with_the_number_of_scheduled_pages(
    editor_client, blog
):
    soon = datetime.datetime.now(UTC) + datetime.timedelta(days=3)
    scheduled_post(blog, "Scheduled one", soon)
    editor_client.get("/admin/")  # the first visit sets up the account's profile
    with CaptureQueriesContext(connection) as one:
        editor_client.get("/admin/")
    for number in range(2, 8):
        scheduled_post(blog, f"Scheduled {number}", soon + datetime.timedelta(hours=number))
    with CaptureQueriesContext(connection) as seven:
        response = editor_client.get("/admin/")

    assert len(panel_rows(response)) == 7
    assert len(seven) == len(one)


def test_no_account_can_pick_a_time_zone_other_than_the_practices(editor_client):
    page = editor_client.get("/admin/account/")

    assert page.status_code == 200
    assert 'name="locale-current_time_zone"' not in page.content.decode()


# The timetable -------------------------------------------------------------------


def test_scheduled_publishing_runs_every_minute_and_the_purge_at_three_in_the_morning_new_york():
    commands = {job.command: job.schedule for job in SCHEDULED_JOBS}
    timetable = timetable_build(lock=None, jobs=jobs_to_schedule(), identity="test")
    purge = next(job for job in SCHEDULED_JOBS if job.command == "purge_form_submissions")
    # 23:30 in New York on the day daylight saving time ends.
    evening = datetime.datetime(2026, 11, 1, 23, 30, tzinfo=NEW_YORK)

    assert commands["publish_scheduled"] != DAILY
    assert commands["purge_form_submissions"] == DAILY
    assert timetable.get_job("publish_scheduled").trigger.interval == datetime.timedelta(minutes=1)
    next_purge = job_trigger(purge, NEW_YORK).get_next_fire_time(None, evening)
    assert next_purge == datetime.datetime(2026, 11, 2, 3, 0, tzinfo=NEW_YORK)


def test_the_task_database_is_only_pruned_where_tasks_are_kept_in_it(settings):
    # Tests run tasks at once, with no database queue to prune.
    assert "prune_db_task_results" not in [job.command for job in jobs_to_schedule()]

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    assert "prune_db_task_results" in [job.command for job in jobs_to_schedule()]


def test_only_listed_commands_run_as_scheduled_jobs():
    with pytest.raises(ValueError, match="not a scheduled job"):
        scheduled_job_run.call(command="flush")


def test_a_job_still_waiting_for_a_worker_is_not_queued_again(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    publishing = SCHEDULED_JOBS[0]
    purge = next(job for job in SCHEDULED_JOBS if job.command == "purge_form_submissions")

    assert scheduled_job_queue(publishing, "host:1")
    assert not scheduled_job_queue(publishing, "host:1")
    assert scheduled_job_queue(purge, "host:1")
    assert DBTaskResult.objects.count() == 2

    # Once a worker has taken it, the next run is queued.
    DBTaskResult.objects.update(status="RUNNING")
    assert scheduled_job_queue(publishing, "host:1")
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_daily_time_that_is_not_a_time_stops_the_scheduler_with_a_clear_error(settings):
    settings.SCHEDULER_DAILY_AT = "3am"

    with pytest.raises(CommandError, match="SCHEDULER_DAILY_AT must be a time such as 03:00"):
        call_command("run_scheduler")


def test_a_lock_check_slower_than_the_lock_timeout_is_refused(settings):
    settings.SCHEDULER_LOCK_CHECK_SECONDS = 30
    settings.SCHEDULER_LOCK_TIMEOUT_SECONDS = 30

    with pytest.raises(CommandError, match="must be shorter than SCHEDULER_LOCK_TIMEOUT"):
        call_command("run_scheduler")
