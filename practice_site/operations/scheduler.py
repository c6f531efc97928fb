"""The scheduler process: queues the scheduled jobs at their times, one instance per site.

`manage.py run_scheduler` runs it (compose.yaml's scheduler service, `make
prod-local`). APScheduler keeps the timetable of practice_site/operations/scheduled_jobs.py;
this module makes sure that, however many schedulers are started, one queues
jobs at a time:

- Each scheduler tries to take a PostgreSQL advisory lock on a connection of its
  own, kept open. The one that gets it runs the timetable; the others stand by
  and try again every SCHEDULER_LOCK_RETRY_SECONDS.
- The lock lasts exactly as long as that connection. A holder that exits, crashes
  or is killed closes it, and PostgreSQL releases the lock at once; a standby
  takes over at its next try. A holder that freezes or is cut off falls silent,
  and PostgreSQL ends its connection after SCHEDULER_LOCK_TIMEOUT_SECONDS
  (idle_session_timeout), which frees the lock too.
- The holder asks PostgreSQL whether it still holds the lock every
  SCHEDULER_LOCK_CHECK_SECONDS and again before queuing each job. Once the
  connection is gone (PostgreSQL restarted, or ended it) it stops its timetable
  and stands by like the others, so two never queue jobs side by side.

The jobs themselves tolerate an extra run: publishing what is already live,
or deleting inquiries already deleted, changes nothing.

SQLite (development) has no such lock: run one scheduler there.
"""

import contextlib
import datetime
import logging
import os
import socket
import threading
import zoneinfo

import psycopg
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections

from practice_site.operations.scheduled_jobs import (
    FREQUENT,
    ScheduledJob,
    jobs_to_schedule,
    scheduled_job_queue,
)

logger = logging.getLogger(__name__)

# Advisory lock keys are per database, so each site's database has its own lock.
LOCK_KEY = 1_370_582_113
_LOCK_HELD_SQL = """
    SELECT EXISTS (
        SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
          AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = %s
    )
"""


class AdvisoryLock:
    """A PostgreSQL session advisory lock, held by a connection that nothing else uses.

    The connection is psycopg's own, outside Django's connection handling, so
    nothing closes or replaces it behind the lock's back. Its calls come from
    the scheduler's main thread and its job thread, one at a time.
    """

    def __init__(self, database_alias: str = DEFAULT_DB_ALIAS):
        self._params = connections[database_alias].get_connection_params()
        self._connection: psycopg.Connection | None = None
        self._held = False
        self._mutex = threading.Lock()

    def try_acquire(self) -> bool:
        with self._mutex:
            try:
                if self._connection is None:
                    self._connection = psycopg.connect(**self._params, autocommit=True)
                (held,) = self._connection.execute(
                    "SELECT pg_try_advisory_lock(%s)", [LOCK_KEY]
                ).fetchone()
                if held:
                    self._end_when_silent(self._connection)
            except psycopg.Error as error:
                logger.warning("Scheduler lock: PostgreSQL did not answer (%s)", error)
                self._drop()
                return False
            self._held = held
            return held

    def is_held(self) -> bool:
        """Ask PostgreSQL: a lost connection or an ended session means the lock is gone."""
        with self._mutex:
            if not self._held or self._connection is None:
                return False
            try:
                (held,) = self._connection.execute(_LOCK_HELD_SQL, [LOCK_KEY]).fetchone()
            except psycopg.Error:
                held = False
            if not held:
                self._drop()
            return held

    def release(self) -> None:
        with self._mutex:
            self._drop()

    def _end_when_silent(self, connection: psycopg.Connection) -> None:
        if connection.info.server_version < 140000:
            logger.warning(
                "Scheduler lock: PostgreSQL before 14 cannot end a silent holder's "
                "session; a frozen scheduler keeps the lock until it is restarted"
            )
            return
        connection.execute(
            "SELECT set_config('idle_session_timeout', %s, false)",
            [f"{settings.SCHEDULER_LOCK_TIMEOUT_SECONDS}s"],
        )

    def _drop(self) -> None:
        """Close the connection, which releases the lock if it was held."""
        self._held = False
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
            self._connection = None


class NoLock:
    """SQLite: one machine, one scheduler; nothing to coordinate with."""

    def try_acquire(self) -> bool:
        return True

    def is_held(self) -> bool:
        return True

    def release(self) -> None:
        pass


def scheduler_lock():
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        return AdvisoryLock()
    logger.warning("Scheduler: not on PostgreSQL, so nothing stops a second scheduler")
    return NoLock()


def scheduler_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def daily_time() -> tuple[int, int]:
    """SCHEDULER_DAILY_AT as (hour, minute)."""
    try:
        parsed = datetime.time.fromisoformat(settings.SCHEDULER_DAILY_AT)
    except ValueError:
        raise ImproperlyConfigured(
            f"SCHEDULER_DAILY_AT must be a time such as 03:00, not {settings.SCHEDULER_DAILY_AT!r}"
        ) from None
    return parsed.hour, parsed.minute


def lock_timings_check() -> None:
    """A healthy holder must speak to PostgreSQL more often than its silence ends the lock."""
    if settings.SCHEDULER_LOCK_CHECK_SECONDS >= settings.SCHEDULER_LOCK_TIMEOUT_SECONDS:
        raise ImproperlyConfigured(
            "SCHEDULER_LOCK_CHECK_SECONDS must be shorter than SCHEDULER_LOCK_TIMEOUT_SECONDS, "
            "or PostgreSQL would end the holder's lock while it is working"
        )


def job_trigger(job: ScheduledJob, time_zone: zoneinfo.ZoneInfo):
    if job.schedule == FREQUENT:
        return IntervalTrigger(seconds=settings.SCHEDULER_FREQUENT_SECONDS, timezone=time_zone)
    if settings.SCHEDULER_DAILY_EVERY_SECONDS:
        return IntervalTrigger(seconds=settings.SCHEDULER_DAILY_EVERY_SECONDS, timezone=time_zone)
    hour, minute = daily_time()
    return CronTrigger(hour=hour, minute=minute, timezone=time_zone)


def timetable_build(lock, jobs: list[ScheduledJob], identity: str) -> BackgroundScheduler:
    time_zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    timetable = BackgroundScheduler(
        timezone=time_zone,
        # One thread: a job only queues a task, and the lock's connection is
        # used by one caller at a time anyway.
        executors={"default": ThreadPoolExecutor(1)},
        # A run missed while the process was busy or asleep happens late, once.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    now = datetime.datetime.now(time_zone)
    for job in jobs:
        # Frequent jobs also run on taking over, so nothing waits a whole interval.
        start = {"next_run_time": now} if job.schedule == FREQUENT else {}
        timetable.add_job(
            _queue_while_holding,
            job_trigger(job, time_zone),
            args=[lock, job, identity],
            id=job.command,
            name=job.command,
            **start,
        )
    return timetable


def _queue_while_holding(lock, job: ScheduledJob, identity: str) -> None:
    if not lock.is_held():
        logger.warning("Scheduler %s: lock lost; %s not queued", identity, job.command)
        return
    close_old_connections()
    try:
        scheduled_job_queue(job, identity)
    finally:
        close_old_connections()


def scheduler_run(stop: threading.Event) -> None:
    """Run the timetable while this process holds the lock; stand by otherwise. Until stop."""
    identity = scheduler_identity()
    jobs = jobs_to_schedule()
    # A bad setting stops the process now, not at the first daily run.
    daily_time()
    lock_timings_check()
    lock = scheduler_lock()
    standing_by = False
    while not stop.is_set():
        if not lock.try_acquire():
            if not standing_by:
                logger.info(
                    "Scheduler %s: another scheduler holds the lock; standing by", identity
                )
                standing_by = True
            stop.wait(settings.SCHEDULER_LOCK_RETRY_SECONDS)
            continue
        standing_by = False
        logger.info(
            "Scheduler %s: holds the lock; running %s",
            identity,
            ", ".join(job.command for job in jobs),
        )
        timetable = timetable_build(lock, jobs, identity)
        timetable.start()
        try:
            while not stop.wait(settings.SCHEDULER_LOCK_CHECK_SECONDS):
                if not lock.is_held():
                    logger.warning("Scheduler %s: lost the lock; standing by", identity)
                    break
        finally:
            timetable.shutdown(wait=False)
            lock.release()
    logger.info("Scheduler %s: stopped", identity)
