"""Clinical review: the only ways a clinical page (blog post, treatment page) goes live.

- Approval in the "Clinical review" workflow: Wagtail calls `clinical_review_finish`
  (settings.WAGTAIL_FINISH_WORKFLOW_ACTION), which writes the reviewer and date into the
  approved revision and then publishes it, or schedules it when it has a future go-live time.
- A Site administrator's override (`clinical_page_publish_without_review`): publishes the
  latest revision without a review line and records who, when and why in the audit log.

Every other publish of a clinical page is refused by its permission tester
(practice_site.content.models.mixins) and by the admin hooks in wagtail_hooks.py.

Wagtail reaches `clinical_review_finish` through workflow_action.py, which it
imports before any models exist.
"""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import get_page_models

from practice_site.content.models import ClinicianPage, MedicalReviewMixin
from practice_site.editorial.roles import SITE_ADMINISTRATORS

PUBLISH_WITHOUT_REVIEW = "practice_site.publish_without_review"


def is_clinical(page_or_class) -> bool:
    if isinstance(page_or_class, type):
        cls = page_or_class
    else:
        # Pages know their specific class; other objects in a workflow (snippets) are theirs.
        cls = getattr(page_or_class, "specific_class", None) or type(page_or_class)
    return issubclass(cls, MedicalReviewMixin)


def clinical_drafts_below(page) -> list:
    """The clinical pages under `page` that are not live (what a bulk publish would add)."""
    clinical_models = [model for model in get_page_models() if is_clinical(model)]
    return list(page.get_descendants().not_live().type(*clinical_models))


def may_publish_without_review(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=SITE_ADMINISTRATORS).exists()
    )


def reviewer_of(user) -> tuple:
    """(clinician page or None, the name the review line shows) for an approving user."""
    clinician = ClinicianPage.objects.filter(user=user).first()
    if clinician is not None:
        return clinician, clinician.name_with_degree
    return None, user.get_full_name() or user.get_username()


def medical_review_record(revision, user) -> None:
    """Write the reviewer and today's date into the revision the reviewer approved."""
    clinician, name = reviewer_of(user)
    revision.content.update(
        {
            "medical_reviewer": clinician.pk if clinician else None,
            "medical_reviewer_name": name,
            "last_reviewed": timezone.localdate().isoformat(),
        }
    )
    revision.save(update_fields=["content"])


def clinical_review_finish(workflow_state, user=None) -> None:
    """Wagtail's end of an approved workflow, with the review recorded first for clinical pages.

    Wagtail publishes the latest revision (what the reviewer saw and approved); when that
    revision has a go-live time in the future, publishing schedules it instead, so the
    scheduled revision is the reviewed one.
    """
    revision = workflow_state.content_object.get_latest_revision()
    if not is_clinical(workflow_state.content_object) or user is None:
        revision.publish(user=user)
        return
    medical_review_record(revision, user)
    # Approval is the permission: the page's tester refuses every other publish.
    revision.publish(user=user, skip_permission_checks=True)


@transaction.atomic
def clinical_page_publish_without_review(page, *, user, reason: str):
    """Publish (or schedule) a clinical page's latest revision with no medical review line.

    Returns the published revision. A revision that carries an earlier approval is copied
    without it first, so the public page shows no review line until a review approves it.
    Any workflow in progress is cancelled, as Wagtail does when an editor publishes.
    """
    page = page.specific
    revision = page.get_latest_revision()
    draft = revision.as_object() if revision else page
    if revision is None or draft.has_medical_review:
        draft.medical_review_clear()
        revision = draft.save_revision(user=user, log_action=True)
    workflow_state = page.current_workflow_state
    if workflow_state is not None:
        workflow_state.cancel(user=user)
    revision.publish(user=user, skip_permission_checks=True)
    revision.refresh_from_db()
    log(
        instance=page,
        action=PUBLISH_WITHOUT_REVIEW,
        user=user,
        revision=revision,
        data={
            "reason": reason,
            "go_live_at": revision.approved_go_live_at.isoformat()
            if revision.approved_go_live_at
            else None,
        },
    )
    return revision
