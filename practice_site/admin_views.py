from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from practice_site.review_due import pages_due_for_review


def review_due_report(request):
    """Admin report: clinical pages overdue for medical review or due within 30 days."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    today = timezone.localdate()
    rows = [
        {"page": page, "due": page.review_due, "overdue": page.review_due < today}
        for page in pages_due_for_review(today)
    ]
    return TemplateResponse(
        request, "practice_site/admin/review_due_report.html", {"rows": rows, "today": today}
    )
