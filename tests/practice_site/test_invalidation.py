"""One rule refreshes both caches: every change a visitor could see replaces the content
version (fragments, routes) and purges the front cache, and nothing else does either.

Includes changes nobody makes by hand at the time: scheduled publishing and expiry,
and content with times of its own. Purges are observed through a recording backend,
as in test_frontend_cache.py.
"""

import datetime
import subprocess
import sys
from unittest import mock

import pytest

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from wagtail.admin.viewsets import viewsets
from wagtail.models import PageViewRestriction, Site
from wagtail.snippets import models as snippet_registry
from wagtail.snippets.models import register_snippet

from blog.models import BlogPage
from practice_site.caching.content_version import content_version
from practice_site.caching.invalidation import TimedVisibility, timed_changes_refresh
from practice_site.caching.release import release_id
from practice_site.content.models import CallToAction, ContactPage, PracticeSettings
from practice_site.content.services import inquiry_store
from practice_site.operations.scheduled_jobs import FREQUENT, job_for_command, scheduled_job_run
from tests.front_cache import paths, visit

pytestmark = pytest.mark.django_db

ARTICLE = "/blog/treatment-resistant-depression/"


# Two models the practice does not have. Their app has no migrations, so the test
# database gets their tables from the models as they are.


class Banner(models.Model):
    """Stands for a snippet model someone adds later."""

    text = models.CharField(max_length=100)

    class Meta:
        app_label = "practice_caching"

    def __str__(self):
        return self.text


class Notice(TimedVisibility, models.Model):
    """Stands for an alert shown until a date."""

    text = models.CharField(max_length=100)
    shown_until = models.DateTimeField()

    visibility_change_fields = ("shown_until",)

    class Meta:
        app_label = "practice_caching"

    def __str__(self):
        return self.text


@pytest.fixture
def banner_registered():
    """Banner registered as a snippet the way an app registers one, undone afterwards.

    Undone so that admin screens in later tests do not list a snippet whose admin
    URLs were never added; Wagtail's other registrations for it are harmless.
    """
    snippet_models = list(snippet_registry.SNIPPET_MODELS)
    registered_viewsets = list(viewsets.viewsets)
    register_snippet(Banner)
    yield
    snippet_registry.SNIPPET_MODELS[:] = snippet_models
    viewsets.viewsets[:] = registered_viewsets
    del Banner.snippet_viewset


def article() -> BlogPage:
    return BlogPage.objects.get(url_path="/home" + ARTICLE)


def later(**delta):
    """Pretend it is later by delta: Wagtail and Django read the time from timezone.now."""
    return mock.patch.object(
        timezone, "now", return_value=timezone.now() + datetime.timedelta(**delta)
    )


# A new snippet model needs no list ----------------------------------------------------


def test_a_snippet_model_registered_now_refreshes_both_caches_when_an_instance_changes(
    client, purged, banner_registered
):
    visit(client, "/", ARTICLE)
    version = content_version()

    banner = Banner.objects.create(text="Closed on Monday for the holiday")

    assert content_version() != version
    assert {"/", ARTICLE} <= paths(purged)

    version = content_version()
    purged.clear()
    banner.text = "Closed on Monday and Tuesday"
    banner.save()

    assert content_version() != version
    assert {"/", ARTICLE} <= paths(purged)


def test_a_model_that_is_no_snippet_changes_neither_cache(client, purged):
    visit(client, "/", ARTICLE)
    version = content_version()

    Banner.objects.create(text="Not registered, so shown nowhere")

    assert content_version() == version
    assert purged == []


# Each change refreshes both caches or neither ---------------------------------------


def practice_settings_saved():
    practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    practice.practice_name = "Harbour Lane Psychiatry"
    practice.save()


def site_renamed():
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Harbour Lane"
    site.save()


def tag_renamed():
    tag = article().tags.first()
    tag.name = "Renamed topic"
    tag.save()


def call_to_action_published():
    cta = CallToAction.objects.get()
    cta.heading = "Talk to us about a consultation"
    cta.save_revision().publish()


def post_published():
    post = article()
    post.title = "Depression that has not responded to treatment"
    post.save_revision().publish()


def password_put_on_the_post():
    PageViewRestriction.objects.create(
        page=article(), restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )


def post_draft_saved():
    post = article()
    post.title = "A draft title"
    post.save_revision()


def call_to_action_draft_saved():
    cta = CallToAction.objects.get()
    cta.heading = "A draft heading"
    cta.save_revision()


def post_locked():
    post = article()
    post.locked = True
    post.locked_at = timezone.now()
    post.save(update_fields=["locked", "locked_at"])


def inquiry_stored():
    inquiry_store(page=ContactPage.objects.get(), data={"name": "A visitor", "message": "Hi"})


def staff_account_added():
    get_user_model().objects.create_user("editor", password="a-long-password-1")


@pytest.mark.parametrize(
    ("change", "shows"),
    [
        (practice_settings_saved, True),
        (site_renamed, True),
        (tag_renamed, True),
        (call_to_action_published, True),
        (post_published, True),
        (password_put_on_the_post, True),
        (post_draft_saved, False),
        (call_to_action_draft_saved, False),
        (post_locked, False),
        (inquiry_stored, False),
        (staff_account_added, False),
    ],
)
def test_a_change_refreshes_both_caches_or_neither(client, purged, change, shows):
    visit(client, "/blog/", ARTICLE)
    version = content_version()

    change()

    assert (content_version() != version) is shows
    assert (ARTICLE in paths(purged)) is shows


def test_a_renamed_tag_shows_through_the_front_cache_too(client, purged):
    visit(client, ARTICLE)

    tag_renamed()

    assert ARTICLE in paths(purged)
    assert "Renamed topic" in client.get(ARTICLE).content.decode()


# Scheduled publishing and expiry -------------------------------------------------------


def test_a_post_going_live_on_schedule_refreshes_both_caches(client, purged):
    post = article().copy(
        update_attrs={"title": "Sleep and mood", "slug": "sleep-and-mood"}, keep_live=False
    )
    post.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    post.save_revision().publish()
    visit(client, "/", "/blog/")
    version = content_version()
    assert purged == []  # scheduled, not yet shown: nothing to refresh

    with later(hours=2):
        call_command("publish_scheduled")

    assert content_version() != version
    assert {"/blog/sleep-and-mood/", "/blog/", "/"} <= paths(purged)
    assert "Sleep and mood" in client.get("/blog/").content.decode()


def test_a_post_expiring_on_schedule_refreshes_both_caches(client, purged):
    post = article()
    post.expire_at = timezone.now() + datetime.timedelta(hours=1)
    post.save_revision().publish()
    visit(client, ARTICLE, "/blog/")
    version = content_version()
    purged.clear()

    with later(hours=2):
        call_command("publish_scheduled")

    assert content_version() != version
    assert {ARTICLE, "/blog/"} <= paths(purged)
    assert client.get(ARTICLE).status_code == 404
    assert ARTICLE not in client.get("/blog/").content.decode()


def test_a_call_to_action_published_on_schedule_refreshes_both_caches(client, purged):
    cta = CallToAction.objects.get()
    cta.heading = "Evening appointments from March"
    cta.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    cta.save_revision().publish()
    visit(client, "/", ARTICLE)
    version = content_version()
    assert purged == []

    with later(hours=2):
        call_command("publish_scheduled")

    assert content_version() != version
    assert {"/", ARTICLE} <= paths(purged)
    assert "Evening appointments from March" in client.get(ARTICLE).content.decode()


# Content with times of its own ------------------------------------------------------------


def test_content_hidden_at_a_time_of_its_own_refreshes_both_caches_once_that_time_comes(
    client, purged
):
    start = timezone.now()
    Notice.objects.create(
        text="Closed for the holiday", shown_until=start + datetime.timedelta(hours=1)
    )
    assert not timed_changes_refresh(now=start)  # the first look notes the time
    visit(client, "/", ARTICLE)
    version = content_version()
    purged.clear()

    assert not timed_changes_refresh(now=start + datetime.timedelta(minutes=30))
    assert content_version() == version
    assert purged == []

    assert timed_changes_refresh(now=start + datetime.timedelta(minutes=61))
    assert content_version() != version
    assert {"/", ARTICLE} <= paths(purged)

    version = content_version()
    assert not timed_changes_refresh(now=start + datetime.timedelta(minutes=62))
    assert content_version() == version


def test_the_scheduler_runs_the_timed_refresh_every_minute(client, purged):
    assert job_for_command("refresh_timed_content").schedule == FREQUENT
    timed_changes_refresh(now=timezone.now() - datetime.timedelta(minutes=5))
    Notice.objects.create(
        text="Closed this morning", shown_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    visit(client, ARTICLE)
    version = content_version()
    purged.clear()

    output = scheduled_job_run.call(command="refresh_timed_content")

    assert output.strip() == "Timed content changed: caches refreshed."
    assert content_version() != version
    assert ARTICLE in paths(purged)


# Fragments are shared by every app server on one release ------------------------------


def release_id_in_another_process(**environment) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from practice_site.caching.release import release_id; print(release_id())",
        ],
        cwd=django_settings.BASE_DIR,
        env={
            "DJANGO_SETTINGS_MODULE": "practice_site.settings.dev",
            "PATH": "/usr/bin:/bin",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_every_process_running_the_same_code_keys_fragments_on_the_same_release():
    assert release_id_in_another_process() == release_id()
    assert release_id_in_another_process(RELEASE_ID="4f2c9e1") == "4f2c9e1"
