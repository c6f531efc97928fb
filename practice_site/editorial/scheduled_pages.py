"""Which pages are due to go live or be unpublished on schedule, for the admin's dashboard.

Wagtail keeps a scheduled go-live time on the revision waiting to be published
(`approved_go_live_at`) and an expiry time on the live page (`expire_at`); the
scheduler's publishing job acts on both (practice_site/operations/scheduled_jobs.py).
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast

from wagtail.models import Page, Revision
from wagtail.permissions import page_permission_policy

GOES_LIVE = "Goes live"
CHANGES_GO_LIVE = "Changes go live"
UNPUBLISHES = "Unpublishes"


@dataclass(frozen=True)
class ScheduledChange:
    page: Page
    change: str
    at: datetime


def scheduled_changes(user, limit: int = 20) -> tuple[list[ScheduledChange], bool]:
    """The soonest `limit` scheduled changes to pages the user can see; and whether there are more.

    Two queries, whatever the number of pages.
    """
    pages = page_permission_policy.explorable_instances(user)
    scheduled_revision = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        approved_go_live_at__isnull=False,
    ).order_by("approved_go_live_at")
    going_live = (
        pages.annotate(
            scheduled_go_live_at=Subquery(scheduled_revision.values("approved_go_live_at")[:1])
        )
        .filter(scheduled_go_live_at__isnull=False)
        .order_by("scheduled_go_live_at")[: limit + 1]
    )
    expiring = pages.live().filter(expire_at__isnull=False).order_by("expire_at")[: limit + 1]
    changes = [
        ScheduledChange(
            page, CHANGES_GO_LIVE if page.live else GOES_LIVE, page.scheduled_go_live_at
        )
        for page in going_live
    ] + [ScheduledChange(page, UNPUBLISHES, page.expire_at) for page in expiring]
    changes.sort(key=lambda change: change.at)
    return changes[:limit], len(changes) > limit
