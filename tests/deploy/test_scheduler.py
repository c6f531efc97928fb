"""Scheduled work on the live stack: nobody acts, and pages go live, expire and inquiries go.

The test stack runs every scheduled job every SCHEDULER_TICK_SECONDS; production
runs publishing every minute and the rest daily (docs/deployment.md).
"""

import datetime
import os
import secrets
import signal
import socket
import time

import psycopg

from deploy import stack
from tests.deploy.conftest import (
    SCHEDULER_LOCK_TIMEOUT_SECONDS,
    SCHEDULER_TICK_SECONDS,
    get,
    poll,
)
from tests.deploy.test_proxy_cache import until_cached

SOURCE_POST = "/blog/treatment-resistant-depression/"
EXPIRING_POST = "/blog/psychotherapy-for-treatment-resistant-depression/"
# Far enough ahead for the checks that nothing happened yet (a manage.py process
# or two on a busy machine), near enough not to keep the run waiting.
SCHEDULED_AHEAD_SECONDS = 12
JOB_TASK = "practice_site.operations.scheduled_jobs.scheduled_job_run"


def _query(production_stack, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(production_stack.env["DATABASE_URL"]) as connection:
        return connection.execute(sql, params).fetchall()


def _job_runs_since(
    production_stack, since: datetime.datetime, command: str = "publish_scheduled"
) -> list[tuple]:
    """(queued at, scheduler, status) of each run of the job queued after `since`."""
    return _query(
        production_stack,
        "SELECT enqueued_at, args_kwargs->'kwargs'->>'scheduler', status "
        "FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = %s AND args_kwargs->'kwargs'->>'command' = %s "
        "AND enqueued_at > %s ORDER BY enqueued_at",
        [JOB_TASK, command, since],
    )


def test_a_post_expires_and_another_goes_live_on_schedule_fresh_through_the_proxy(
    production_stack,
):
    proxy = production_stack.proxy_url
    token = secrets.token_hex(4)
    title = f"Scheduled post {token}"
    new_post = f"/blog/scheduled-post-{token}/"
    until_cached(proxy + "/blog/")
    until_cached(proxy + EXPIRING_POST)
    now = datetime.datetime.now(datetime.UTC)
    expire_at = now + datetime.timedelta(seconds=SCHEDULED_AHEAD_SECONDS)
    # Two ticks later, so the listing is cached again in between and only the
    # go-live's own purge can bring the new post to visitors.
    go_live_at = expire_at + datetime.timedelta(seconds=2 * SCHEDULER_TICK_SECONDS)

    # As the admin's "Set schedule" then "Publish" does: an expiry time on a live
    # post, a go-live time on a new one.
    production_stack.manage_shell(
        "import datetime\n"
        "from wagtail.models import Page\n"
        f"leaving = Page.objects.get(url_path='/home{EXPIRING_POST}').specific\n"
        f"leaving.expire_at = datetime.datetime.fromisoformat({expire_at.isoformat()!r})\n"
        "leaving.save_revision().publish()\n"
        f"source = Page.objects.get(url_path='/home{SOURCE_POST}').specific\n"
        "post = source.copy(\n"
        f"    update_attrs={{'title': {title!r}, 'slug': 'scheduled-post-{token}'}},\n"
        "    keep_live=False,\n"
        ")\n"
        f"post.go_live_at = datetime.datetime.fromisoformat({go_live_at.isoformat()!r})\n"
        "post.save_revision().publish()\n"
    )

    # Scheduled, not yet done: visitors still get both as they were.
    assert get(proxy + EXPIRING_POST).status == 200
    assert title not in get(proxy + "/blog/").text
    assert get(proxy + new_post).status == 404

    expired, _ = poll(
        lambda: get(proxy + EXPIRING_POST).status == 404,
        timeout=2 * SCHEDULED_AHEAD_SECONDS,
        interval=0.5,
    )
    expired_late = (datetime.datetime.now(datetime.UTC) - expire_at).total_seconds()
    assert expired, "the expired post is still served through the proxy"
    # Within the timetable's tick (plus the worker and the purge) of its time.
    assert expired_late < SCHEDULER_TICK_SECONDS + 3
    listing = until_cached(proxy + "/blog/")
    assert title not in listing.text

    def live_through_the_proxy():
        post = get(proxy + new_post)
        return post.status == 200 and title in post.text and title in get(proxy + "/blog/").text

    # Polling stops as soon as it is live; the limit only bounds a failing run.
    live, _ = poll(
        live_through_the_proxy,
        timeout=SCHEDULED_AHEAD_SECONDS + 2 * SCHEDULER_TICK_SECONDS,
        interval=0.5,
    )
    live_late = (datetime.datetime.now(datetime.UTC) - go_live_at).total_seconds()
    assert live, "the scheduled post never reached visitors through the proxy"
    assert live_late < SCHEDULER_TICK_SECONDS + 3
    # Marked as scheduled in the pages' history, as the admin shows it.
    actions = production_stack.manage_shell(
        "from wagtail.models import PageLogEntry\n"
        "print(sorted(PageLogEntry.objects.filter(action__endswith='.scheduled')"
        ".values_list('action', flat=True)))\n"
    )
    assert "wagtail.publish.scheduled" in actions
    assert "wagtail.unpublish.scheduled" in actions


def test_an_inquiry_older_than_the_retention_period_is_deleted_by_the_scheduled_purge(
    production_stack,
):
    ids = production_stack.manage_shell(
        "import datetime\n"
        "from django.utils import timezone\n"
        "from wagtail.contrib.forms.models import FormSubmission\n"
        "from wagtail.models import Page\n"
        "from practice_site.content.models import PracticeSettings\n"
        "contact = Page.objects.get(url_path='/home/contact/')\n"
        "days = PracticeSettings.for_site(contact.get_site()).inquiry_retention_days\n"
        "old = FormSubmission.objects.create(page=contact, form_data={'name': 'Old Inquiry'})\n"
        "old.submit_time = timezone.now() - datetime.timedelta(days=days, hours=1)\n"
        "old.save(update_fields=['submit_time'])\n"
        "recent = FormSubmission.objects.create(page=contact, form_data={'name': 'New Inquiry'})\n"
        "print(old.pk, recent.pk)\n"
    )
    old_id, recent_id = (int(value) for value in ids.split())

    def stored(submission_id: int) -> bool:
        return bool(
            _query(
                production_stack,
                "SELECT 1 FROM wagtailforms_formsubmission WHERE id = %s",
                [submission_id],
            )
        )

    gone, _ = poll(lambda: not stored(old_id), timeout=3 * SCHEDULER_TICK_SECONDS)

    assert gone, "the inquiry past its retention period was kept"
    assert stored(recent_id), "an inquiry within its retention period was deleted"


def test_a_reviewer_gets_one_reminder_when_a_page_falls_due_however_often_the_job_runs(
    production_stack,
):
    token = secrets.token_hex(4)
    reviewer_email = f"reviewer-{token}@practice.test"
    title = f"Post due for review {token}"
    # A live post last reviewed 13 months ago by a clinician whose profile is linked to
    # a staff account: the review falls due today (every 12 months).
    production_stack.manage_shell(
        "import datetime\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.utils import timezone\n"
        "from wagtail.models import Page\n"
        "from blog.models import BlogPage\n"
        "from practice_site.content.models import ClinicianPage\n"
        f"user = get_user_model().objects.create_user('reviewer-{token}', {reviewer_email!r})\n"
        "clinician = ClinicianPage.objects.live().first()\n"
        "clinician.user = user\n"
        "clinician.save(update_fields=['user'])\n"
        f"source = Page.objects.get(url_path='/home{SOURCE_POST}').specific\n"
        "post = source.copy(\n"
        f"    update_attrs={{'title': {title!r}, 'slug': 'due-for-review-{token}'}},\n"
        "    keep_live=True,\n"
        ")\n"
        "BlogPage.objects.filter(pk=post.pk).update(\n"
        "    last_reviewed=timezone.localdate() - datetime.timedelta(days=400),\n"
        "    medical_reviewer=clinician,\n"
        "    review_interval_months=12,\n"
        ")\n"
    )
    watched_from = datetime.datetime.now(datetime.UTC)

    def reminders():
        return [
            message
            for message in production_stack.emails()
            if message["Subject"] == f"Medical review due: {title}"
        ]

    # The job runs every tick on the test stack (daily in production): wait for two
    # whole runs after the page fell due, then one more for good measure.
    ran_twice, _ = poll(
        lambda: (
            [
                status
                for _, _, status in _job_runs_since(
                    production_stack, watched_from, "send_review_reminders"
                )
            ].count("SUCCESSFUL")
            >= 3
        ),
        timeout=6 * SCHEDULER_TICK_SECONDS,
        interval=0.5,
    )
    assert ran_twice, "the reminder job did not run on its own"

    sent = reminders()
    assert len(sent) == 1, [message["To"] for message in sent]
    assert sent[0]["To"] == reviewer_email
    assert "/admin/pages/" in sent[0].get_payload()


def test_a_second_scheduler_stands_by_and_takes_over_when_the_first_dies(
    production_stack, tmp_path
):
    first = production_stack.service("scheduler")
    first_name = f"{socket.gethostname()}:{first.process.pid}"
    second = stack.scheduler_start(production_stack.env, tmp_path / "second-scheduler.log")
    second_name = f"{socket.gethostname()}:{second.process.pid}"
    installed = False
    try:
        standing_by, _ = poll(lambda: "standing by" in second.log_tail(), timeout=30)
        assert standing_by, second.log_tail()

        watched_from = datetime.datetime.now(datetime.UTC)
        time.sleep(2 * SCHEDULER_TICK_SECONDS + 0.5)
        runs = _job_runs_since(production_stack, watched_from)

        # Once per tick, all queued by the first; the second queued nothing.
        assert {scheduler for _, scheduler, _ in runs} == {first_name}, runs
        assert 2 <= len(runs) <= 3, runs

        # The first dies without a word (no shutdown, no unlock): PostgreSQL
        # frees its lock with its connection, and the second takes over.
        os.killpg(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
        killed_at = datetime.datetime.now(datetime.UTC)
        took_over, seconds = poll(
            lambda: _job_runs_since(production_stack, killed_at), timeout=15, interval=0.2
        )

        assert took_over, second.log_tail()
        assert {scheduler for _, scheduler, _ in took_over} == {second_name}
        assert seconds < 3, f"took {seconds:.1f} s to take over"
        # The stack goes on with the second scheduler, and stops it at the end.
        first.stopped = True
        production_stack.services[production_stack.services.index(first)] = second
        installed = True
    finally:
        if not installed:
            second.stop()


def test_a_frozen_scheduler_loses_the_lock_and_woken_queues_nothing(production_stack, tmp_path):
    frozen = production_stack.service("scheduler")
    frozen_name = f"{socket.gethostname()}:{frozen.process.pid}"
    standby = stack.scheduler_start(production_stack.env, tmp_path / "standby-scheduler.log")
    standby_name = f"{socket.gethostname()}:{standby.process.pid}"
    installed = False
    try:
        standing_by, _ = poll(lambda: "standing by" in standby.log_tail(), timeout=30)
        assert standing_by, standby.log_tail()

        # The holder stops answering but keeps its connection open, as a hung
        # process or a cut-off machine would: only PostgreSQL can free the lock.
        os.killpg(frozen.process.pid, signal.SIGSTOP)
        frozen_at = datetime.datetime.now(datetime.UTC)
        took_over, seconds = poll(
            lambda: _job_runs_since(production_stack, frozen_at), timeout=20, interval=0.2
        )
        assert took_over, standby.log_tail()
        assert {scheduler for _, scheduler, _ in took_over} == {standby_name}
        assert seconds < SCHEDULER_LOCK_TIMEOUT_SECONDS + 3, f"took {seconds:.1f} s"

        # Woken, it finds its lock gone and stands by instead of queuing beside the other.
        os.killpg(frozen.process.pid, signal.SIGCONT)
        woke_at = datetime.datetime.now(datetime.UTC)
        lost, _ = poll(lambda: "lost the lock" in frozen.log_tail(), timeout=10)
        assert lost, frozen.log_tail()
        time.sleep(SCHEDULER_TICK_SECONDS + 0.5)
        runs = _job_runs_since(production_stack, woke_at)
        assert {scheduler for _, scheduler, _ in runs} == {standby_name}, runs
        assert frozen_name not in {scheduler for _, scheduler, _ in runs}

        services = production_stack.services
        services[services.index(frozen)] = standby
        installed = True
        frozen.stop()
    finally:
        if not installed:
            if frozen.process.poll() is None:
                os.killpg(frozen.process.pid, signal.SIGCONT)
            standby.stop()
