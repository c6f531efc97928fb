"""The one rule that keeps every cache fresh: which changes a visitor could see, and what follows.

What counts (`shows_to_visitors`, `_saved` and the other receivers below):
- pages, and their privacy restrictions, sites, settings, images, documents, tags
  and every snippet model (by Wagtail's snippet registry, so a model registered
  tomorrow counts without an edit here), and content with times of its own
  (TimedVisibility);
- but not a draft: a draft-state object (a page, a call to action) that is not live
  shows nothing until it is published, and saving a draft, a comment or a lock
  writes only Wagtail's own bookkeeping (EDITING_FIELDS). Publishing, unpublishing,
  scheduled publishing and expiry all go through Wagtail's publish and unpublish
  actions, which save the object (publish) or send `unpublished`;
- nor a new image or document, nor a changed one that nothing uses: they show only
  where content refers to them (Wagtail's reference index knows where), and that
  content's own change refreshes the caches. Content that lists images or documents
  by a query instead would have to count them itself;
- nor anything loaded raw from a fixture: restoring a backup refreshes everything
  itself (practice_site/operations/backup.py).

What follows (`content_changed`), for every change that counts, both at once:
- the content version is replaced, in the same transaction as the change
  (practice_site/caching/content_version.py), so every cached fragment and route is
  stale;
- with a front cache configured, the URLs showing the change are purged: for a page
  (or its privacy restriction) the page with everything below it, the listings above
  it and the pages that link to it (front_cache/affected_urls.py), or everything when
  settings or a snippet link to it; for anything else, which can appear on any page,
  every cached URL. A page leaving its addresses (moved, renamed, deleted) is purged
  there and its old URLs forgotten.

Content whose visibility changes at a time with nobody saving it (an alert shown
until a date, a license that lapses) subclasses TimedVisibility and names the fields
holding those times; the scheduled job `refresh_timed_content`
(practice_site/operations/scheduled_jobs.py) runs `timed_changes_refresh` every
minute, which refreshes both caches when one of those times has come since the last
run. Pages and snippets scheduled in Wagtail need nothing more: `publish_scheduled`
publishes and unpublishes through the same actions as the admin.
"""

import datetime
from typing import ClassVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone

from taggit.models import TagBase
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    DraftStateMixin,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
)
from wagtail.signals import page_slug_changed, pre_page_move, unpublished
from wagtail.snippets.models import get_snippet_models

from practice_site.caching import front_cache
from practice_site.caching.content_version import content_version_bump, timed_changes_checked
from practice_site.caching.front_cache.affected_urls import (
    page_path,
    urls_for_page_change,
    urls_under,
)
from practice_site.caching.front_cache.purge import purge_urls
from practice_site.caching.front_cache.url_registry import cached_urls, cached_urls_forget
from practice_site.caching.tasks import frontend_cache_purge_everything


class TimedVisibility:
    """For content that starts or stops showing at times of its own, with nobody saving it.

    List the fields holding those times (DateTimeFields) in `visibility_change_fields`,
    for example ("shown_from", "shown_until"); `visibility_changed_between` then finds
    an instance whose time fell in a window. Override it for a rule that is not a
    field holding a time. Both caches are refreshed (everything) within a minute of
    such a time, by the scheduled job `refresh_timed_content`.
    """

    visibility_change_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def visibility_changed_between(
        cls, after: datetime.datetime, until: datetime.datetime
    ) -> bool:
        """Does an instance start or stop showing after `after` and by `until`?"""
        due = Q()
        for name in cls.visibility_change_fields:
            due |= Q(**{f"{name}__gt": after, f"{name}__lte": until})
        return bool(due) and cls._default_manager.filter(due).exists()


# What counts ----------------------------------------------------------------------

# Wagtail's kinds of content a visitor can see, by their base classes: the practice's
# own models count through these (and snippets through Wagtail's registry), so none is
# named here.
VISIBLE_BASES = (
    Page,
    PageViewRestriction,
    Site,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
    AbstractDocument,
    TagBase,
    TimedVisibility,
)

# Shown only where content refers to them (a page, a setting, a snippet).
REFERRED_TO = (AbstractImage, AbstractDocument)

# What Wagtail writes when a draft is saved (RevisionMixin, DraftStateMixin, Page),
# a comment moves or an object is locked: nothing a visitor sees. A save of other
# fields counts; a field Wagtail adds later only makes its saves count too.
EDITING_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)

# Where a change shows when it is not one page's: anywhere.
EVERYWHERE = "everywhere"


def shows_to_visitors(model: type) -> bool:
    """Can a change of an object of this model show on a page?"""
    return issubclass(model, VISIBLE_BASES) or model in get_snippet_models()


def _is_draft(instance) -> bool:
    return isinstance(instance, DraftStateMixin) and not instance.live


def _where_it_shows(instance):
    """The page whose addresses show the instance, or EVERYWHERE."""
    if isinstance(instance, Page):
        return instance
    if isinstance(instance, PageViewRestriction):
        return instance.page
    return EVERYWHERE


# What follows ---------------------------------------------------------------------


def content_changed(where=EVERYWHERE, *, leaving: bool = False) -> None:
    """Refresh both caches after a change a visitor could see.

    where: the page that changed (its addresses, the listings above it, the pages
    linking to it), or EVERYWHERE for content that can appear on any page.
    leaving: the page is about to leave its addresses (moved, renamed, deleted): they
    are purged and forgotten.
    """
    content_version_bump()
    if not front_cache.is_enabled():
        return
    if where is EVERYWHERE:
        frontend_cache_purge_everything.enqueue()
        return
    page = where.specific_deferred
    urls = urls_for_page_change(page)
    if urls is None:
        frontend_cache_purge_everything.enqueue()
    else:
        purge_urls(urls)
    if leaving and (path := page_path(page)) is not None:
        cached_urls_forget(urls_under(path, cached_urls()))


def timed_changes_refresh(now: datetime.datetime | None = None) -> bool:
    """Refresh both caches if content with times of its own changed since the last look.

    Returns whether it did. The first look only notes the time.
    """
    models = [model for model in apps.get_models() if issubclass(model, TimedVisibility)]
    if not models:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        since = timed_changes_checked(now)
        due = since is not None and any(
            model.visibility_changed_between(since, now) for model in models
        )
        if due:
            content_changed(EVERYWHERE)
    return due


# The signals that report changes ---------------------------------------------------


def _saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or not shows_to_visitors(sender) or _is_draft(instance):
        return
    if update_fields is not None and update_fields <= EDITING_FIELDS:
        return
    if isinstance(instance, REFERRED_TO) and (
        created or not ReferenceIndex.get_references_to(instance).exists()
    ):
        return
    content_changed(_where_it_shows(instance))


def _unpublished(sender, instance, **kwargs):
    # After the save, which saw a draft: the live object is gone.
    if shows_to_visitors(sender):
        content_changed(_where_it_shows(instance))


def _deleted(sender, instance, **kwargs):
    if not shows_to_visitors(sender) or isinstance(instance, Page) or _is_draft(instance):
        return  # pages are purged before they go (_page_deleting), while they have addresses
    if isinstance(instance, PageViewRestriction):
        try:
            page = instance.page
        except ObjectDoesNotExist:
            return  # its page is being deleted, and was purged by _page_deleting
        content_changed(page)
    else:
        content_changed(EVERYWHERE)


def _page_deleting(sender, instance, **kwargs):
    if instance.live:
        content_changed(instance, leaving=True)


def _page_moving(sender, instance, **kwargs):
    # Live or not: the pages below it move too. Its save at the new place follows.
    content_changed(instance, leaving=True)


def _page_slug_changed(sender, instance, instance_before, **kwargs):
    # Sent once the save at the new address has committed.
    content_changed(instance_before, leaving=True)


def signal_handlers_connect() -> None:
    """Connect the receivers; called once from CachingConfig.ready()."""
    # Menus and footer links live in settings, which Wagtail does not index for
    # references by default; indexed, a page they link to counts as site-wide.
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting | BaseGenericSetting):
            ReferenceIndex.register_model(model)

    uid = "practice_site.caching.invalidation."
    post_save.connect(_saved, dispatch_uid=uid + "saved")
    post_delete.connect(_deleted, dispatch_uid=uid + "deleted")
    unpublished.connect(_unpublished, dispatch_uid=uid + "unpublished")
    pre_delete.connect(_page_deleting, sender=Page, dispatch_uid=uid + "page_deleting")
    pre_page_move.connect(_page_moving, dispatch_uid=uid + "page_moving")
    page_slug_changed.connect(_page_slug_changed, dispatch_uid=uid + "page_slug_changed")
