"""What Wagtail runs when a workflow is approved (settings.WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail imports the action while it defines its own WorkflowState model, before
any app's models can be imported, so this entry point loads the real one
(review.clinical_review_finish) when it is first called: the one import in a
function that the app keeps, because Wagtail's load order needs it.
"""


def clinical_review_finish(workflow_state, user=None) -> None:
    from practice_site.editorial.review import clinical_review_finish

    clinical_review_finish(workflow_state, user=user)
