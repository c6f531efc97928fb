"""The admin hooks of the editorial workflow: review, permissions, dashboard panels, reports."""

from django.contrib import messages
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from practice_site.editorial import admin_views, claims, review
from practice_site.editorial.demo_content import demo_clear
from practice_site.editorial.launch_checklist import launch_checklist
from practice_site.editorial.review_due import pages_due_for_review
from practice_site.editorial.roles import is_site_administrator, user_change_refusal
from practice_site.editorial.scheduled_pages import scheduled_changes


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_risky_claims(request, page):
    """Show the claims guardrail's findings after saving; publishing is never blocked."""
    for finding in claims.risky_claims(claims.page_text(page.specific)):
        messages.warning(request, f"Check this wording before publishing: {finding}")


@hooks.register("filter_form_submissions_for_user")
def only_administrators_read_inquiries(user, editable_forms):
    """Least privilege: inquiries are personal data, so only Site administrators see them."""
    if is_site_administrator(user):
        return editable_forms
    return editable_forms.none()


@hooks.register("register_admin_urls")
def register_review_due_url():
    return [path("reports/review-due/", admin_views.review_due_report, name="review_due_report")]


@hooks.register("register_admin_urls")
def register_launch_checklist_urls():
    return [
        path(
            "launch-checklist/test-email/",
            admin_views.launch_checklist_test_email,
            name="launch_checklist_test_email",
        ),
        path(
            "launch-checklist/crisis-line-checked/",
            admin_views.launch_checklist_crisis_line_checked,
            name="launch_checklist_crisis_line_checked",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return MenuItem("Review due", reverse("review_due_report"), icon_name="date", order=150)


class ReviewDuePanel(Component):
    name = "review_due"
    order = 110

    def render_html(self, parent_context=None):
        return render_to_string(
            "practice_site/admin/review_due_panel.html", {"count": len(pages_due_for_review())}
        )


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel())


class LaunchChecklistPanel(Component):
    name = "launch_checklist"
    order = 50

    class Media:
        css = {"all": ["css/admin/launch_checklist.css"]}

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        return render_to_string(
            "practice_site/admin/launch_checklist_panel.html",
            {"items": launch_checklist()},
            request=self.request,
        )


class ScheduledPagesPanel(Component):
    """Pages due to go live or be unpublished, at times in the practice's time zone."""

    name = "scheduled_pages"
    order = 120

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context=None):
        changes, more = scheduled_changes(self.user)
        return render_to_string(
            "practice_site/admin/scheduled_pages_panel.html",
            {
                "changes": changes,
                "more": more,
                # The admin renders in the practice's zone (WAGTAIL_USER_TIME_ZONES).
                "time_zone": timezone.get_current_timezone_name(),
            },
        )


@hooks.register("construct_homepage_panels")
def add_scheduled_pages_panel(request, panels):
    panels.append(ScheduledPagesPanel(request.user))


@hooks.register("construct_homepage_panels")
def add_launch_checklist_panel(request, panels):
    if is_site_administrator(request.user):
        panels.append(LaunchChecklistPanel(request))


# An editor's save in the admin makes an object theirs: it is no longer demo content.
# Wagtail has a hook for each kind of save, so no model signal is needed (a signal
# would also fire for the loader's own saves and for saves from code).
@hooks.register("after_edit_page")
def clear_demo_mark_of_page(request, page):
    demo_clear(page)


@hooks.register("after_edit_snippet")
def clear_demo_mark_of_snippet(request, instance):
    demo_clear(instance)


@hooks.register("after_edit_setting")
def clear_demo_mark_of_setting(request, instance):
    demo_clear(instance)


def _asks_to_publish(request) -> bool:
    return request.method == "POST" and bool(request.POST.get("action-publish"))


def _publish_forbidden(request, back_url, *, page=None, page_class=None):
    # A plain 403, not Wagtail's usual redirect to the dashboard: the refusal is the answer.
    clinical = review.is_clinical(page if page is not None else page_class)
    override_url = None
    if clinical and page is not None and review.may_publish_without_review(request.user):
        override_url = reverse("publish_without_review", args=[page.pk])
    return TemplateResponse(
        request,
        "practice_site/admin/publish_forbidden.html",
        {
            "back_url": back_url,
            "clinical": clinical,
            "override_url": override_url,
        },
        status=403,
    )


@hooks.register("before_create_page")
def refuse_publishing_new_pages_without_permission(request, parent_page, page_class):
    """A forged or refused "publish" is answered with 403 rather than quietly saved as a draft:
    an Author's anywhere, and anyone's on a new clinical page (it needs Clinical review)."""
    permissions = parent_page.permissions_for_user(request.user)
    if _asks_to_publish(request) and (
        review.is_clinical(page_class) or not permissions.can_publish_subpage()
    ):
        return _publish_forbidden(request, request.path, page_class=page_class)
    return None


@hooks.register("before_edit_page")
def refuse_publishing_without_permission(request, page):
    """Covers the edit view and reverting to an old revision (the same view): a clinical
    page's tester refuses every direct publish, scheduling included."""
    if _asks_to_publish(request) and not page.permissions_for_user(request.user).can_publish():
        return _publish_forbidden(request, request.path, page=page)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_clinical_pages(request, action_type, objects, action_class_instance):
    """Wagtail would skip the pages it may not publish and report the rest as published;
    refuse the whole action instead, so nobody believes a clinical page went live."""
    if action_type != "publish" or action_class_instance.model is not Page:
        return None
    _, refused = action_class_instance.get_actionable_objects()
    selected = [*objects, *refused["items_with_no_access"]]
    clinical = [page for page in selected if review.is_clinical(page)]
    if action_class_instance.cleaned_form.cleaned_data.get("include_descendants"):
        # "Include descendants" would quietly skip the blog's unreviewed drafts.
        for page in objects:
            clinical += review.clinical_drafts_below(page)
    if clinical:
        return _publish_forbidden(
            request, action_class_instance.next_url, page_class=clinical[0].specific_class
        )
    return None


@hooks.register("register_admin_urls")
def register_publish_without_review_url():
    return [
        path(
            "pages/<int:page_id>/publish-without-review/",
            admin_views.publish_without_review,
            name="publish_without_review",
        )
    ]


class PublishWithoutReviewMenuItem(ActionMenuItem):
    """A link, not a submit button: the override has its own form asking for a reason."""

    label = "Publish without review…"
    name = "action-publish-without-review"
    icon_name = "warning"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and page is not None
            and not context["locked_for_user"]
            and review.is_clinical(page)
            and review.may_publish_without_review(context["request"].user)
        )

    def get_url(self, parent_context):
        return reverse("publish_without_review", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_publish_without_review_menu_item():
    return PublishWithoutReviewMenuItem(order=35)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    @actions.register_action(review.PUBLISH_WITHOUT_REVIEW)
    class PublishWithoutReviewFormatter(LogFormatter):
        label = "Publish without clinical review"

        def format_message(self, log_entry):
            return "Published without clinical review"

        def format_comment(self, log_entry):
            return f"Reason: {log_entry.data.get('reason', '')}"


# Managing users: Site administrators cannot create or take over a superuser
# (practice_site/editorial/roles.py, user_change_refusal).


def _user_change_refused(request, target):
    data = request.POST if request.method == "POST" else None
    reason = user_change_refusal(request.user, target, data)
    if reason is None:
        return None
    return TemplateResponse(
        request,
        "practice_site/admin/user_change_refused.html",
        {"reason": reason, "back_url": reverse("wagtailusers_users:index")},
        status=403,
    )


@hooks.register("before_create_user")
def refuse_superuser_creation(request):
    return _user_change_refused(request, None)


@hooks.register("before_edit_user")
@hooks.register("before_delete_user")
def refuse_superuser_takeover(request, user):
    return _user_change_refused(request, user)
