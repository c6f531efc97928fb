"""What runs on a schedule, and when: the one list of scheduled jobs.

Each job is a management command. The scheduler (practice_site/operations/scheduler.py,
`manage.py run_scheduler`) queues it at its times as a background task and the
task worker runs it, so each run is kept in the task queue's results with its
output or its traceback, like any other background work. A job is one line in
SCHEDULED_JOBS; docs/deployment.md has the table staff and operators read.
"""

import io
import logging
from dataclasses import dataclass

from django_tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command

logger = logging.getLogger(__name__)

# Every SCHEDULER_FREQUENT_SECONDS (a minute in production).
FREQUENT = "frequent"
# Once a day at SCHEDULER_DAILY_AT, in the practice's time zone.
DAILY = "daily"


@dataclass(frozen=True)
class ScheduledJob:
    command: str
    schedule: str
    # Only where tasks are kept in the database queue (production, make prod-local).
    needs_task_database: bool = False


SCHEDULED_JOBS = [
    # Wagtail's scheduled publishing and unpublishing. It publishes through the
    # same actions as the admin, so their signals purge the front cache and the
    # saves replace the content version, as when staff press Publish.
    ScheduledJob("publish_scheduled", FREQUENT),
    # Content that starts or stops showing at a time of its own, with nobody saving
    # it (practice_site/caching/invalidation.py, TimedVisibility): both caches are
    # refreshed once such a time has come. Does nothing while no model has such times.
    ScheduledJob("refresh_timed_content", FREQUENT),
    # Inquiries older than the retention period in Practice settings.
    ScheduledJob("purge_form_submissions", DAILY),
    # "Medical review due" e-mails; once per page and due date, however often it runs.
    ScheduledJob("send_review_reminders", DAILY),
    # Finished task results (these runs among them) older than 14 days.
    ScheduledJob("prune_db_task_results", DAILY, needs_task_database=True),
]


def _uses_task_database() -> bool:
    return isinstance(scheduled_job_run.get_backend(), DatabaseBackend)


def jobs_to_schedule() -> list[ScheduledJob]:
    """The jobs this configuration can run (development has no task database to prune)."""
    with_database = _uses_task_database()
    return [job for job in SCHEDULED_JOBS if with_database or not job.needs_task_database]


def job_for_command(command: str) -> ScheduledJob:
    for job in SCHEDULED_JOBS:
        if job.command == command:
            return job
    raise ValueError(f"{command!r} is not a scheduled job")


@task()
def scheduled_job_run(command: str, scheduler: str = "") -> str:
    """Run one scheduled job; what the command printed becomes the task's result.

    `scheduler` names the scheduler process that queued it (host:pid), so the
    results show which instance was running the schedule.
    """
    job = job_for_command(command)
    output = io.StringIO()
    call_command(job.command, stdout=output)
    return output.getvalue()


def scheduled_job_queue(job: ScheduledJob, scheduler: str) -> bool:
    """Queue one run of the job, unless the last one is still waiting for a worker.

    While no worker runs, each job waits in the queue once instead of piling
    up a run for every minute it was down.
    """
    if _uses_task_database() and _waiting_in_queue(job):
        logger.info("%s is still waiting for a worker; not queued again", job.command)
        return False
    scheduled_job_run.enqueue(command=job.command, scheduler=scheduler)
    return True


def _waiting_in_queue(job: ScheduledJob) -> bool:
    return (
        DBTaskResult.objects.ready()
        .filter(
            task_path=scheduled_job_run.module_path,
            args_kwargs__kwargs__command=job.command,
        )
        .exists()
    )
