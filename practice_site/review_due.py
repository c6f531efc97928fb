"""Which clinical pages are due for their periodic medical review."""

import datetime

from django.utils import timezone

from wagtail.models import Page

DUE_SOON_DAYS = 30


def pages_due_for_review(today: datetime.date | None = None) -> list:
    """Live pages with a review interval whose next review is overdue or due within 30 days,
    most overdue first."""
    from practice_site.models import MedicalReviewMixin

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    reviewable = [model for model in _page_models() if issubclass(model, MedicalReviewMixin)]
    due = []
    for model in reviewable:
        for page in model.objects.live().select_related("medical_reviewer"):
            if page.review_due <= horizon:
                due.append(page)
    return sorted(due, key=lambda page: page.review_due)


def _page_models():
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if model is not Page]
