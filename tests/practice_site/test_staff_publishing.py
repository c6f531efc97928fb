"""The newsroom through the admin, as each role: write, submit, review, publish."""

import datetime
import time

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, BlogPage
from practice_site.content.models import TreatmentPage
from practice_site.editorial.review_due import pages_due_for_review
from practice_site.editorial.roles import AUTHORS, CLINICAL_REVIEWERS, EDITORS, SITE_ADMINISTRATORS
from tests.factories import BlogPageFactory, SiteTree, staff_user
from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def make_user(username, group_name=None, **extra):
    return staff_user(username, group_name, password=PASSWORD, **extra)


@pytest.fixture
def blog(staff_site_tree):
    return staff_site_tree.blog


def post_form(title, slug, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "A short summary.",
            "date": "2026-11-01",
            "body": streamfield([("paragraph", rich_text("<p>Careful words.</p>"))]),
            "references": streamfield([]),
            "authors": inline_formset([]),
            "related_post_links": inline_formset([]),
            "review_interval_months": "12",
            **extra,
        }
    )


# The two tests below are about what a new install gets from load_initial_data.


def test_roles_and_workflow_exist(site_content):
    names = set(Group.objects.values_list("name", flat=True))
    assert {AUTHORS, CLINICAL_REVIEWERS, EDITORS, SITE_ADMINISTRATORS} <= names
    blog = BlogIndexPage.objects.get()
    treatments = Page.objects.get(slug="treatments")
    assert blog.get_workflow().name == "Clinical review"
    assert treatments.get_workflow().name == "Clinical review"


def test_setup_roles_is_idempotent(site_content):
    before = {g.name: g.permissions.count() for g in Group.objects.all()}
    call_command("setup_roles", verbosity=0)
    assert {g.name: g.permissions.count() for g in Group.objects.all()} == before


class TestAuthor:
    def test_can_save_a_draft_and_submit_it_but_not_publish(self, client, blog):
        client.force_login(make_user("author", AUTHORS))
        add_url = f"/admin/pages/add/blog/blogpage/{blog.pk}/"

        form = client.get(add_url)
        assert form.status_code == 200
        assert 'name="action-publish"' not in form.content.decode()
        assert 'name="action-submit"' in form.content.decode()

        response = client.post(add_url, post_form("Sleep and mood", "sleep-and-mood"))
        assert response.status_code == 302
        post = BlogPage.objects.get(slug="sleep-and-mood")
        assert not post.live
        assert post.revisions.count() == 1

        response = client.post(
            f"/admin/pages/{post.pk}/edit/",
            post_form("Sleep and mood", "sleep-and-mood", **{"action-submit": "submit"}),
        )
        assert response.status_code == 302
        state = WorkflowState.objects.get(object_id=str(post.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.current_task_state.task.name == "Clinical review"

    def test_publishing_is_refused_with_403(self, client, blog):
        client.force_login(make_user("author", AUTHORS))
        add_url = f"/admin/pages/add/blog/blogpage/{blog.pk}/"

        forged_create = client.post(
            add_url, post_form("Forged", "forged", **{"action-publish": "publish"})
        )
        assert forged_create.status_code == 403
        assert not BlogPage.objects.filter(slug="forged").exists()

        # Their own draft (Authors edit no one else's: test_staff_permissions.py).
        client.post(add_url, post_form("Own draft", "own-draft"))
        post = BlogPage.objects.get(slug="own-draft")
        forged_edit = client.post(
            f"/admin/pages/{post.pk}/edit/",
            post_form("Changed title", post.slug, **{"action-publish": "publish"}),
        )
        assert forged_edit.status_code == 403
        post.refresh_from_db()
        assert not post.live
        assert post.title == "Own draft"

    def test_cannot_read_form_submissions(self, client, staff_site_tree):
        client.force_login(make_user("author", AUTHORS))
        contact = staff_site_tree.contact

        # Wagtail answers a refused admin page by sending the user back to the dashboard.
        refused = client.get(f"/admin/forms/submissions/{contact.pk}/")
        assert refused.status_code == 302
        assert refused["Location"] == "/admin/"
        assert contact.title not in client.get("/admin/forms/").content.decode()


class TestClinicalReview:
    def submit_for_review(self, client, blog):
        client.force_login(make_user("author", AUTHORS))
        client.post(
            f"/admin/pages/add/blog/blogpage/{blog.pk}/",
            post_form("Sleep and mood", "sleep-and-mood", **{"action-submit": "submit"}),
        )
        return BlogPage.objects.get(slug="sleep-and-mood")

    def test_reviewer_approves_and_the_post_records_who_and_when(
        self, client, staff_site_tree, blog
    ):
        post = self.submit_for_review(client, blog)
        reviewer = make_user("drdemo", CLINICAL_REVIEWERS)
        clinician = staff_site_tree.prescriber
        clinician.user = reviewer
        clinician.save_revision().publish()
        client.force_login(reviewer)
        task_state = WorkflowState.objects.get(object_id=str(post.pk)).current_task_state

        response = client.post(
            f"/admin/pages/workflow/action/{post.pk}/approve/{task_state.pk}/",
            {"comment": "Checked the facts."},
        )

        assert response.status_code in (200, 302)
        post.refresh_from_db()
        assert post.live
        assert post.last_reviewed == timezone.localdate()
        assert post.medical_reviewer_id == clinician.pk
        line = parse(client.get(post.url)).find(class_="medical-review").get_text(" ", strip=True)
        assert line.startswith(f"Medically reviewed by {clinician.name_with_degree} on ")
        # It appears on the blog for visitors.
        client.logout()
        assert "Sleep and mood" in client.get("/blog/").content.decode()

    def test_author_cannot_approve(self, client, blog):
        post = self.submit_for_review(client, blog)
        task_state = WorkflowState.objects.get(object_id=str(post.pk)).current_task_state

        response = client.post(
            f"/admin/pages/workflow/action/{post.pk}/approve/{task_state.pk}/", {"comment": ""}
        )

        assert response.status_code != 200
        post.refresh_from_db()
        assert not post.live
        task_state.refresh_from_db()
        assert task_state.status == task_state.STATUS_IN_PROGRESS


class TestEditor:
    def test_can_publish_a_practice_page_directly(self, client, staff_site_tree):
        client.force_login(make_user("editor", EDITORS))
        page = staff_site_tree.privacy_policy

        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            nested_form_data(
                {
                    "title": page.title,
                    "slug": page.slug,
                    "intro": "Reading this site is not medical advice.",
                    "body": streamfield([("paragraph", rich_text("<p>Plain words.</p>"))]),
                    "action-publish": "publish",
                }
            ),
        )

        assert response.status_code == 302
        page.refresh_from_db()
        assert page.intro == "Reading this site is not medical advice."
        assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()

    def test_cannot_read_form_submissions_either(self, client, staff_site_tree):
        client.force_login(make_user("editor", EDITORS))
        contact = staff_site_tree.contact
        refused = client.get(f"/admin/forms/submissions/{contact.pk}/")
        assert refused.status_code == 302
        assert refused["Location"] == "/admin/"

    def test_site_administrator_can_read_form_submissions(self, client, staff_site_tree):
        client.force_login(make_user("siteadmin", SITE_ADMINISTRATORS))
        contact = staff_site_tree.contact
        assert client.get(f"/admin/forms/submissions/{contact.pk}/").status_code == 200


class TestReviewDue:
    def test_report_lists_exactly_the_posts_overdue_or_due_within_30_days(
        self, admin_client, site_tree
    ):
        today = timezone.localdate()
        # Everything reviewed recently (other sites' pages too) except the cases under test.
        for model in (BlogPage, TreatmentPage):
            model.objects.update(last_reviewed=today)
        overdue, due_soon, not_yet = site_tree.posts
        BlogPage.objects.filter(pk=overdue.pk).update(
            last_reviewed=today - datetime.timedelta(days=400)
        )
        BlogPage.objects.filter(pk=due_soon.pk).update(
            last_reviewed=today - datetime.timedelta(days=350)
        )
        BlogPage.objects.filter(pk=not_yet.pk).update(
            last_reviewed=today - datetime.timedelta(days=300)
        )

        assert [page.pk for page in pages_due_for_review()] == [overdue.pk, due_soon.pk]
        report = parse(admin_client.get("/admin/reports/review-due/"))
        rows = [row.a.get_text(strip=True) for row in report.select(".review-due-row")]
        assert rows == [overdue.title, due_soon.title]
        assert "(overdue)" in report.select(".review-due-row")[0].get_text()

        dashboard = parse(admin_client.get("/admin/"))
        assert "2 pages due for review" in dashboard.find(class_="review-due-panel").get_text(
            " ", strip=True
        )


def test_scheduled_post_goes_live_after_publish_scheduled(client, site_tree):
    blog = site_tree.blog
    post = BlogPage(title="Scheduled", slug="scheduled", intro="Soon.", body=[], live=False)
    blog.add_child(instance=post)
    post.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    post.save_revision().publish()
    post.refresh_from_db()
    assert not post.live

    call_command("publish_scheduled", verbosity=0)
    post.refresh_from_db()
    assert not post.live  # Not yet time.
    assert client.get("/blog/scheduled/").status_code == 404

    time.sleep(2.5)  # Wait for the go-live time to pass; nothing is mocked.
    call_command("publish_scheduled", verbosity=0)
    post.refresh_from_db()
    assert post.live
    assert client.get("/blog/scheduled/").status_code == 200


def test_changing_a_live_pages_slug_leaves_a_permanent_redirect(
    admin_client, site_tree, django_capture_on_commit_callbacks
):
    post = site_tree.posts[0]
    old_url = post.url
    post.slug = "tms-explained"
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()

    response = admin_client.get(old_url)

    assert response.status_code == 301
    assert response["Location"].endswith("/blog/tms-explained/")


def test_revisions_can_be_compared_and_reverted(admin_client, site_tree):
    post = BlogPageFactory(parent=site_tree.blog, title="The first title", with_revision=True)
    first = post.get_latest_revision()
    post.title = "A changed title"
    second = post.save_revision()
    second.publish()

    compare = admin_client.get(
        f"/admin/pages/{post.pk}/revisions/compare/{first.pk}...{second.pk}/"
    )
    assert compare.status_code == 200
    assert "A changed title" in compare.content.decode()

    revert = admin_client.get(f"/admin/pages/{post.pk}/revisions/{first.pk}/revert/")
    assert revert.status_code == 200
    assert "The first title" in revert.content.decode()


@pytest.mark.parametrize("page_type", SiteTree.PAGE_TYPES)
def test_preview_works_for_every_page_type(rf, admin_user, site_tree, page_type):
    page = site_tree.page(page_type)
    request = rf.get("/")
    request.user = admin_user

    response = page.make_preview_request(request, page.default_preview_mode)

    assert response.status_code == 200
