from django.contrib import messages
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from practice_site import admin_views, claims, rich_text
from practice_site.models import CallToAction
from practice_site.review_due import pages_due_for_review
from practice_site.roles import SITE_ADMINISTRATORS
from practice_site.scheduled_pages import scheduled_changes


@hooks.register("register_rich_text_features")
def register_practice_name_feature(features):
    features.register_embed_type(rich_text.PracticeNameEmbedHandler)
    features.register_editor_plugin(
        "draftail",
        rich_text.FEATURE_NAME,
        draftail_features.EntityFeature(
            {
                "type": rich_text.ENTITY_TYPE,
                "label": "Name",
                "description": "Practice name (follows Settings)",
            },
            js=["js/admin/practice_name_entity.js"],
            css={"all": ["css/admin/practice_name_entity.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate",
        rich_text.FEATURE_NAME,
        {
            "from_database_format": {
                f'embed[embedtype="{rich_text.EMBED_TYPE}"]': rich_text.PracticeNameElementHandler(
                    rich_text.ENTITY_TYPE
                )
            },
            "to_database_format": {
                "entity_decorators": {
                    rich_text.ENTITY_TYPE: rich_text.practice_name_entity_decorator
                }
            },
        },
    )


class CallToActionViewSet(SnippetViewSet):
    model = CallToAction
    icon = "pick"
    menu_label = "Calls to action"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "heading", "button_label", "live"]
    search_fields = ["name", "heading"]


register_snippet(CallToActionViewSet)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_risky_claims(request, page):
    """Show the claims guardrail's findings after saving; publishing is never blocked."""
    for finding in claims.risky_claims(claims.page_text(page.specific)):
        messages.warning(request, f"Check this wording before publishing: {finding}")


@hooks.register("filter_form_submissions_for_user")
def only_administrators_read_inquiries(user, editable_forms):
    """Least privilege: inquiries are personal data, so only Site administrators see them."""
    if user.is_superuser or user.groups.filter(name=SITE_ADMINISTRATORS).exists():
        return editable_forms
    return editable_forms.none()


@hooks.register("register_admin_urls")
def register_review_due_url():
    return [path("reports/review-due/", admin_views.review_due_report, name="review_due_report")]


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


def _asks_to_publish(request) -> bool:
    return request.method == "POST" and bool(request.POST.get("action-publish"))


def _publish_forbidden(request, back_url):
    # A plain 403, not Wagtail's usual redirect to the dashboard: the refusal is the answer.
    return TemplateResponse(
        request,
        "practice_site/admin/publish_forbidden.html",
        {"back_url": back_url},
        status=403,
    )


@hooks.register("before_create_page")
def refuse_publishing_new_pages_without_permission(request, parent_page, page_class):
    """An Author's forged "publish" is refused with 403 rather than quietly saved as a draft."""
    permissions = parent_page.permissions_for_user(request.user)
    if _asks_to_publish(request) and not permissions.can_publish_subpage():
        return _publish_forbidden(request, request.path)
    return None


@hooks.register("before_edit_page")
def refuse_publishing_without_permission(request, page):
    if _asks_to_publish(request) and not page.permissions_for_user(request.user).can_publish():
        return _publish_forbidden(request, request.path)
    return None
