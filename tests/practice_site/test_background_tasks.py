"""Background work: run at once in development and tests, queued for the worker in production."""

import datetime
import logging
import signal
import time
from unittest import mock

import pytest
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from practice_site.content import forms as contact_forms

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings):
    """Production's task backend: tasks wait in the database for `db_worker`."""
    settings.TASKS = DATABASE_QUEUE


def run_worker_until_the_queue_is_empty():
    # In-process, inside the test's transaction: the worker's habit of closing
    # old connections between tasks would end that transaction. It also sets its
    # loggers' levels and signal handlers, which would outlive it in this process.
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = [signal.getsignal(number) for number in signals]
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
        for number, handler in zip(signals, handlers, strict=True):
            signal.signal(number, handler)


def contact_post(client):
    return client.post(
        "/contact/",
        {
            "name": "Alex Example",
            "contact_method": "email",
            "email": "alex@example.net",
            "best_time": "Evening",
            "consent": "on",
            "website": "",
            "form_started": contact_forms._signer.sign(str(time.time() - 30)),
        },
    )


def test_development_and_tests_run_tasks_at_once():
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"


def test_an_inquiry_notification_waits_in_the_queue_until_the_worker_sends_it(
    client, practice_settings, database_queue, django_capture_on_commit_callbacks
):
    practice_settings.notification_emails = "frontdesk@practice.example"
    practice_settings.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = contact_post(client)

    assert response.status_code == 302
    queued = DBTaskResult.objects.get(
        task_path="practice_site.content.tasks.inquiry_notification_send"
    )
    assert queued.status == "READY"
    # What waits in the database names the submission, not what the visitor wrote.
    assert "Alex" not in str(queued.args_kwargs)
    assert mail.outbox == []

    run_worker_until_the_queue_is_empty()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert [message.to for message in mail.outbox] == [["frontdesk@practice.example"]]
    assert "Alex" not in mail.outbox[0].body


def test_a_settings_change_queues_one_purge_of_everything_for_the_worker(
    practice_settings, database_queue, settings
):
    settings.WAGTAILFRONTENDCACHE = {"proxy": {"BACKEND": "tests.front_cache.RecordingBackend"}}

    practice_settings.practice_name = "Renamed Practice"
    practice_settings.save()

    queued = DBTaskResult.objects.filter(
        task_path="practice_site.caching.tasks.frontend_cache_purge_everything"
    )
    assert queued.count() == 1
    run_worker_until_the_queue_is_empty()
    assert queued.get().status == "SUCCESSFUL"


def test_a_failed_notification_is_retried_later_and_the_inquiry_is_kept(
    client, practice_settings, database_queue, django_capture_on_commit_callbacks, settings
):
    from wagtail.contrib.forms.models import FormSubmission

    practice_settings.notification_emails = "frontdesk@practice.example"
    practice_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        contact_post(client)
    settings.EMAIL_BACKEND = "tests.email_backends.FailingEmailBackend"

    run_worker_until_the_queue_is_empty()

    assert FormSubmission.objects.count() == 1
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)

    # The email server is back when the retry falls due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker_until_the_queue_is_empty()

    assert [message.to for message in mail.outbox] == [["frontdesk@practice.example"]]
