"""Clinical review through the admin: every publish of a blog post or treatment page passes
the "Clinical review" task, the approval writes the review line, and only a Site
administrator may publish without it, with a reason kept in the page history."""

import datetime
import json
import time

import pytest

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateformat import format as date_format

from wagtail.models import PageLogEntry, WorkflowState
from wagtail.users.models import UserProfile

from blog.models import BlogPage
from practice_site.content.models import ClinicianPage
from practice_site.editorial.review import PUBLISH_WITHOUT_REVIEW
from practice_site.editorial.roles import AUTHORS, CLINICAL_REVIEWERS, EDITORS, SITE_ADMINISTRATORS
from tests.factories import BlogPageFactory, TreatmentPageFactory
from tests.html import parse
from tests.practice_site.test_staff_publishing import make_user, post_form

pytestmark = pytest.mark.django_db

REFUSAL = "published only when a clinical reviewer approves them"


@pytest.fixture
def blog(staff_site_tree):
    return staff_site_tree.blog


@pytest.fixture
def clinician(staff_site_tree):
    return staff_site_tree.prescriber


@pytest.fixture
def reviewer(clinician):
    """A Clinical reviewer whose account is linked to the psychiatrist's profile."""
    user = make_user("drdemo", CLINICAL_REVIEWERS, first_name="Dana", last_name="Demo")
    clinician.user = user
    clinician.save_revision().publish()
    return user


@pytest.fixture
def live_post(blog):
    """A published post with its history, as the editor left it."""
    return BlogPageFactory(parent=blog, title="Understanding depression", with_revision=True)


@pytest.fixture
def live_treatment(staff_site_tree):
    return TreatmentPageFactory(
        parent=staff_site_tree.treatment_index, title="Ketamine infusions", with_revision=True
    )


def today_line(clinician) -> str:
    return f"Medically reviewed by {clinician.name_with_degree} on "


def review_line(client, page):
    found = parse(client.get(page.url)).find(class_="medical-review")
    return " ".join(found.get_text(" ").split()) if found else None


def json_ld_webpage(client, page):
    html = parse(client.get(page.url))
    graph = json.loads(html.find("script", type="application/ld+json").string)["@graph"]
    return next(node for node in graph if node["@type"] == "MedicalWebPage")


def submit(client, user, post, **extra):
    """Submit the latest draft as it stands, as the footer's "Submit to Clinical review" does."""
    client.force_login(user)
    draft = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    response = client.post(
        f"/admin/pages/{post.pk}/edit/",
        post_form(draft.title, draft.slug, **{"action-submit": "submit", **extra}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkflowState.objects.get(object_id=str(post.pk), status="in_progress")


def approve(client, user, post, comment="Checked the facts."):
    task_state = WorkflowState.objects.get(
        object_id=str(post.pk), status="in_progress"
    ).current_task_state
    client.force_login(user)
    response = client.post(
        f"/admin/pages/workflow/action/{post.pk}/approve/{task_state.pk}/", {"comment": comment}
    )
    assert response.status_code in (200, 302)
    return task_state


def new_draft(client, blog, author, title="Sleep and mood", slug="sleep-and-mood"):
    client.force_login(author)
    client.post(f"/admin/pages/add/blog/blogpage/{blog.pk}/", post_form(title, slug))
    return BlogPage.objects.get(slug=slug)


def reviewed_post(client, blog, reviewer):
    author = make_user("author", AUTHORS)
    post = new_draft(client, blog, author)
    submit(client, author, post)
    approve(client, reviewer, post)
    post.refresh_from_db()
    assert post.live
    return post, author


class TestApproval:
    def test_records_the_reviewers_profile_and_the_date_in_the_approved_revision(
        self, client, blog, reviewer, clinician
    ):
        author = make_user("author", AUTHORS)
        post = new_draft(client, blog, author)
        submit(client, author, post)
        task_state = approve(client, reviewer, post)

        post.refresh_from_db()
        assert post.live
        # The live revision is the one the reviewer approved, and it carries the review.
        assert post.live_revision_id == task_state.revision_id
        content = post.live_revision.content
        assert content["medical_reviewer_name"] == clinician.name_with_degree
        assert content["last_reviewed"] == timezone.localdate().isoformat()
        today = date_format(timezone.localdate(), "F j, Y")
        client.logout()
        assert review_line(client, post) == f"{today_line(clinician)}{today}"
        webpage = json_ld_webpage(client, post)
        assert webpage["reviewedBy"]["name"] == clinician.title
        assert webpage["lastReviewed"] == timezone.localdate().isoformat()

    def test_a_reviewer_without_a_clinician_profile_is_named_by_their_full_name(
        self, client, blog
    ):
        author = make_user("author", AUTHORS)
        reviewer = make_user("reviewer", CLINICAL_REVIEWERS, first_name="Rae", last_name="Lee")
        post = new_draft(client, blog, author)
        submit(client, author, post)
        approve(client, reviewer, post)

        post.refresh_from_db()
        assert post.medical_reviewer_id is None
        client.logout()
        assert review_line(client, post).startswith("Medically reviewed by Rae Lee on ")
        assert json_ld_webpage(client, post)["reviewedBy"] == {
            "@type": "Person",
            "name": "Rae Lee",
        }

    def test_the_editor_shows_the_review_read_only_and_ignores_typed_in_values(
        self, client, blog, reviewer, clinician
    ):
        post, _ = reviewed_post(client, blog, reviewer)
        client.force_login(make_user("editor", EDITORS))

        response = client.get(f"/admin/pages/{post.pk}/edit/")
        for name in ("medical_reviewer", "medical_reviewer_name", "last_reviewed"):
            assert f'name="{name}"' not in response.content.decode()
        status = " ".join(parse(response).find(class_="medical-review-status").get_text().split())
        assert f"Live version: medically reviewed by {clinician.name_with_degree} on " in status

        other = ClinicianPage.objects.exclude(pk=post.medical_reviewer_id).first()
        forged = post_form(
            "Edited",
            post.slug,
            medical_reviewer=str(other.pk),
            last_reviewed="2020-01-01",
            medical_reviewer_name="Someone Else",
        )
        assert client.post(f"/admin/pages/{post.pk}/edit/", forged).status_code == 302
        post.refresh_from_db()
        draft = post.get_latest_revision().content
        assert draft["title"] == "Edited"
        assert draft["medical_reviewer_name"] == ""
        assert draft["medical_reviewer"] is None
        assert draft["last_reviewed"] is None

    def test_a_later_edit_needs_a_new_review_and_the_line_belongs_to_the_live_revision(
        self, client, blog, reviewer, clinician
    ):
        post, author = reviewed_post(client, blog, reviewer)
        first_approved = post.live_revision_id

        # The author changes the post: the draft has no review, the live page keeps the
        # reviewed content and its line.
        client.force_login(author)
        client.post(f"/admin/pages/{post.pk}/edit/", post_form("Sleep, mood and light", post.slug))
        client.logout()
        page = parse(client.get(post.url))
        assert page.h1.get_text(strip=True) == "Sleep and mood"
        assert page.find(class_="medical-review") is not None

        # It goes live only through a fresh approval, which records a fresh review.
        submit(client, author, post)
        approve(client, reviewer, post, comment="Checked the new section.")
        post.refresh_from_db()
        assert post.title == "Sleep, mood and light"
        assert post.live_revision_id != first_approved
        assert post.live_revision.content["medical_reviewer_name"] == clinician.name_with_degree
        client.logout()
        assert review_line(client, post).startswith(today_line(clinician))
        states = WorkflowState.objects.filter(object_id=str(post.pk), status="approved")
        assert states.count() == 2

    def test_approving_a_page_with_a_future_go_live_schedules_the_reviewed_revision(
        self, client, blog, reviewer, clinician
    ):
        author = make_user("author", AUTHORS)
        post = new_draft(client, blog, author, title="Scheduled", slug="scheduled")
        go_live = timezone.localtime() + datetime.timedelta(seconds=3)
        submit(client, author, post, go_live_at=go_live.strftime("%Y-%m-%d %H:%M:%S"))
        task_state = approve(client, reviewer, post)

        post.refresh_from_db()
        assert not post.live
        scheduled = post.scheduled_revision
        assert scheduled.pk == task_state.revision_id
        assert scheduled.content["medical_reviewer_name"] == clinician.name_with_degree
        assert PageLogEntry.objects.filter(page=post, action="wagtail.publish.schedule").exists()
        assert client.get("/blog/scheduled/").status_code == 404

        time.sleep(max(0, (go_live - timezone.localtime()).total_seconds()) + 1)
        call_command("publish_scheduled", verbosity=0)
        client.logout()
        post.refresh_from_db()
        assert post.live
        assert review_line(client, post).startswith(today_line(clinician))


class TestDirectPublishingIsRefused:
    @pytest.mark.parametrize("role", [EDITORS, SITE_ADMINISTRATORS, CLINICAL_REVIEWERS])
    def test_the_edit_view_offers_no_publish_and_refuses_a_posted_one(
        self, client, live_post, role
    ):
        client.force_login(make_user("staff", role))
        post = live_post
        edit_url = f"/admin/pages/{post.pk}/edit/"

        form = client.get(edit_url).content.decode()
        assert 'name="action-publish"' not in form
        assert 'name="action-submit"' in form

        response = client.post(
            edit_url, post_form("Changed title", post.slug, **{"action-publish": "publish"})
        )
        assert response.status_code == 403
        assert REFUSAL in response.content.decode()
        post.refresh_from_db()
        assert post.title == "Understanding depression"
        assert post.get_latest_revision().content["title"] == "Understanding depression"

    def test_an_editor_cannot_create_a_published_post_or_treatment(
        self, client, staff_site_tree, blog
    ):
        client.force_login(make_user("editor", EDITORS))

        response = client.post(
            f"/admin/pages/add/blog/blogpage/{blog.pk}/",
            post_form("Editor's note", "editors-note", **{"action-publish": "publish"}),
        )

        assert response.status_code == 403
        assert REFUSAL in response.content.decode()
        assert not BlogPage.objects.filter(slug="editors-note").exists()
        form = client.get(f"/admin/pages/add/blog/blogpage/{blog.pk}/").content.decode()
        assert 'name="action-publish"' not in form
        treatments = staff_site_tree.treatment_index
        form = client.get(
            f"/admin/pages/add/practice_site/treatmentpage/{treatments.pk}/"
        ).content.decode()
        assert 'name="action-publish"' not in form

    def test_bulk_publish_is_refused(self, client, live_post):
        post = live_post
        post.title = "An unreviewed change"
        post.save_revision()
        client.force_login(make_user("editor", EDITORS))
        url = f"/admin/bulk/wagtailcore/page/publish/?id={post.pk}&next=/admin/pages/"

        confirm = client.get(url)
        assert confirm.status_code == 200
        assert "permission to publish" in confirm.content.decode()
        response = client.post(url, {"include_descendants": ""})

        assert response.status_code == 403
        assert REFUSAL in response.content.decode()
        post.refresh_from_db()
        assert post.title == "Understanding depression"

    def test_bulk_publishing_the_blog_with_its_drafts_is_refused(self, client, blog):
        author = make_user("author", AUTHORS)
        draft = new_draft(client, blog, author)
        client.force_login(make_user("editor", EDITORS))
        url = f"/admin/bulk/wagtailcore/page/publish/?id={blog.pk}&next=/admin/pages/"

        response = client.post(url, {"include_descendants": "on"})

        assert response.status_code == 403
        draft.refresh_from_db()
        assert not draft.live

    def test_reverting_to_an_old_revision_and_publishing_it_is_refused(
        self, client, live_treatment
    ):
        treatment = live_treatment
        old = treatment.get_latest_revision()
        treatment.title = "TMS, newer"
        treatment.save_revision().publish()
        client.force_login(make_user("editor", EDITORS))
        url = f"/admin/pages/{treatment.pk}/revisions/{old.pk}/revert/"

        form = client.get(url).content.decode()
        assert 'name="action-publish"' not in form
        response = client.post(url, {"action-publish": "publish", "title": old.content["title"]})

        assert response.status_code == 403
        treatment.refresh_from_db()
        assert treatment.title == "TMS, newer"

    def test_scheduling_directly_is_refused(self, client, live_post):
        post = live_post
        client.force_login(make_user("editor", EDITORS))
        go_live = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")

        response = client.post(
            f"/admin/pages/{post.pk}/edit/",
            post_form("Later", post.slug, go_live_at=go_live, **{"action-publish": "publish"}),
        )

        assert response.status_code == 403
        post.refresh_from_db()
        assert post.scheduled_revision is None

    def test_the_approval_is_the_reviewers_only_way_to_publish(self, client, blog, reviewer):
        author = make_user("author", AUTHORS)
        post = new_draft(client, blog, author)
        submit(client, author, post)
        client.force_login(reviewer)
        form = client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
        assert 'name="action-publish"' not in form
        assert "Approve and Publish" in form


class TestPublishWithoutReview:
    def test_a_site_administrator_publishes_with_a_reason_kept_in_the_history(
        self, client, blog, reviewer, clinician
    ):
        post, author = reviewed_post(client, blog, reviewer)
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        client.force_login(admin)
        client.post(
            f"/admin/pages/{post.pk}/edit/", post_form("Sleep and mood, corrected", post.slug)
        )
        override_url = f"/admin/pages/{post.pk}/publish-without-review/"
        edit_form = client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
        assert f'href="{override_url}"' in edit_form

        assert client.get(override_url).status_code == 200
        empty = client.post(override_url, {"reason": "  "})
        assert empty.status_code == 400
        assert "Give a reason" in empty.content.decode() or "required" in empty.content.decode()
        post.refresh_from_db()
        assert post.title == "Sleep and mood"

        reason = "Typo in the dosage sentence; the reviewer is away until Monday."
        response = client.post(override_url, {"reason": reason})

        assert response.status_code == 302
        post.refresh_from_db()
        assert post.title == "Sleep and mood, corrected"
        entry = PageLogEntry.objects.get(page=post, action=PUBLISH_WITHOUT_REVIEW)
        assert entry.user == admin
        assert entry.data["reason"] == reason
        assert entry.revision_id == post.live_revision_id
        history = client.get(f"/admin/pages/{post.pk}/history/").content.decode()
        assert "Published without clinical review" in history
        assert reason in history
        site_history = client.get("/admin/reports/site-history/").content.decode()
        assert "Published without clinical review" in site_history
        client.logout()
        assert review_line(client, post) is None
        webpage = json_ld_webpage(client, post)
        assert "reviewedBy" not in webpage
        assert "lastReviewed" not in webpage

        # The next approval brings the line back.
        submit(client, author, post)
        approve(client, reviewer, post)
        client.logout()
        assert review_line(client, post).startswith(today_line(clinician))

    def test_with_a_future_go_live_the_override_schedules_the_unreviewed_draft(
        self, client, live_treatment
    ):
        treatment = live_treatment
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        go_live = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
        draft = treatment.get_latest_revision_as_object()
        draft.title = "TMS, updated"
        draft.go_live_at = go_live
        draft.save_revision(user=admin)
        client.force_login(admin)

        response = client.post(
            f"/admin/pages/{treatment.pk}/publish-without-review/",
            {"reason": "Clinic hours change with the new device."},
            follow=True,
        )

        assert "is scheduled without clinical review" in response.content.decode()
        treatment.refresh_from_db()
        assert treatment.title != "TMS, updated"
        assert treatment.scheduled_revision.content["title"] == "TMS, updated"
        entry = PageLogEntry.objects.get(page=treatment, action=PUBLISH_WITHOUT_REVIEW)
        assert entry.data["go_live_at"] == go_live.isoformat()

    def test_pages_that_need_no_review_have_no_override(self, client, staff_site_tree):
        client.force_login(make_user("siteadmin", SITE_ADMINISTRATORS))
        contact = staff_site_tree.contact
        response = client.get(f"/admin/pages/{contact.pk}/publish-without-review/")
        assert response.status_code == 404

    @pytest.mark.parametrize("role", [EDITORS, CLINICAL_REVIEWERS, AUTHORS])
    def test_other_roles_cannot_override(self, client, live_post, role):
        post = live_post
        client.force_login(make_user("staff", role))
        url = f"/admin/pages/{post.pk}/publish-without-review/"

        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "Because."}).status_code == 403
        assert not PageLogEntry.objects.filter(action=PUBLISH_WITHOUT_REVIEW).exists()


class TestWorkflowEmails:
    def test_reviewers_hear_of_submissions_and_authors_of_approvals_and_rejections(
        self, client, blog, reviewer
    ):
        author = make_user("author", AUTHORS)
        make_user("other-editor", EDITORS)
        post = new_draft(client, blog, author)
        mail.outbox.clear()
        # Nobody had to opt in: Wagtail's notification preferences start switched on.
        for user in (author, reviewer):
            profile = UserProfile.get_for_user(user)
            assert profile.submitted_notifications and profile.approved_notifications
            assert profile.rejected_notifications

        submit(client, author, post)
        assert [message.to for message in mail.outbox] == [[reviewer.email]]
        assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL
        assert "Sleep and mood" in mail.outbox[0].subject

        mail.outbox.clear()
        task_state = WorkflowState.objects.get(
            object_id=str(post.pk), status="in_progress"
        ).current_task_state
        client.force_login(reviewer)
        client.post(
            f"/admin/pages/workflow/action/{post.pk}/reject/{task_state.pk}/",
            {"comment": "Please cite the trial."},
        )
        assert [message.to for message in mail.outbox] == [[author.email]]
        assert "Please cite the trial." in mail.outbox[0].body

        submit(client, author, post)
        mail.outbox.clear()
        approve(client, reviewer, post)
        assert [message.to for message in mail.outbox] == [[author.email]]
        assert "approved" in mail.outbox[0].subject.lower()
