"""Recording a clinical review when a reviewer approves a page in the workflow."""

from django.utils import timezone

from wagtail.models import TaskState

from practice_site.roles import CLINICAL_REVIEW


def medical_review_record(workflow_state) -> None:
    """After "Clinical review" approves a page, record the reviewer and date on it.

    The workflow has already published the approved revision; the reviewer and
    date go into a new revision, published at once, so the page's history shows
    the change. A reviewer without a clinician profile leaves the reviewer empty
    but still sets the date.
    """
    page = workflow_state.content_object.specific
    if not hasattr(page, "last_reviewed"):
        return
    approval = (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            task__name=CLINICAL_REVIEW,
            status=TaskState.STATUS_APPROVED,
        )
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    if approval is None:
        return
    reviewer = approval.finished_by
    page = page.get_latest_revision_as_object()
    page.last_reviewed = timezone.localdate(approval.finished_at)
    page.medical_reviewer = getattr(reviewer, "clinician_page", None)
    revision = page.save_revision(user=reviewer, log_action=True)
    if page.live:
        revision.publish(user=reviewer)
