"""`send_review_reminders`: one e-mail per page and due date, to the last reviewer or else
to the Clinical reviewers group."""

import datetime
from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from blog.models import BlogPage
from practice_site.content.models import ClinicianPage, TreatmentPage
from practice_site.content.models.mixins import add_months
from practice_site.editorial.models import ReviewReminder
from practice_site.editorial.review_due import review_reminders_send
from practice_site.editorial.roles import AUTHORS, CLINICAL_REVIEWERS, EDITORS
from tests.practice_site.test_clinical_review import approve, submit
from tests.practice_site.test_staff_publishing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_recently_reviewed(staff_site_tree):
    """Every clinical page (other sites' too) reviewed today, so only the page a test makes
    due is due. Returns the site tree the tests take their pages from."""
    today = timezone.localdate()
    for model in (BlogPage, TreatmentPage):
        model.objects.update(last_reviewed=today, medical_reviewer_name="A reviewer")
    return staff_site_tree


def run_reminders() -> str:
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    return out.getvalue()


def make_due(page, *, reviewer=None, days_overdue=1):
    last = add_months(timezone.localdate(), -page.review_interval_months) - datetime.timedelta(
        days=days_overdue
    )
    type(page).objects.filter(pk=page.pk).update(
        last_reviewed=last, medical_reviewer=reviewer, medical_reviewer_name="A reviewer"
    )
    page.refresh_from_db()
    return page


def test_the_last_reviewer_gets_one_reminder_however_often_the_job_runs(
    all_recently_reviewed, client
):
    reviewer = make_user("drdemo", CLINICAL_REVIEWERS)
    make_user("colleague", CLINICAL_REVIEWERS)
    clinician = all_recently_reviewed.prescriber
    ClinicianPage.objects.filter(pk=clinician.pk).update(user=reviewer)
    post = make_due(all_recently_reviewed.posts[1], reviewer=clinician)
    mail.outbox.clear()

    first = run_reminders()
    second = run_reminders()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reviewer.email]
    assert message.subject == f"Medical review due: {post.title}"
    assert f"http://testserver/admin/pages/{post.pk}/edit/" in message.body
    assert "1 reminder(s) sent" in first
    assert "0 reminder(s) sent, 1 already sent" in second
    reminder = ReviewReminder.objects.get(page=post)
    assert reminder.due_on == post.review_due
    assert reminder.sent_to == reviewer.email

    # A new review moves the due date: when that date comes, a new reminder goes out.
    # Authors edit only their own posts; an Editor sends a published one back for review.
    editor = make_user("editor", EDITORS)
    submit(client, editor, post)
    approve(client, reviewer, post)
    post.refresh_from_db()
    assert post.last_reviewed == timezone.localdate()
    mail.outbox.clear()
    assert review_reminders_send(timezone.localdate()).sent == []

    # (Every other page was reviewed today too, so they fall due that day as well.)
    report = review_reminders_send(post.review_due)

    assert post.pk in [page.pk for page in report.sent]
    about_post = [message for message in mail.outbox if post.title in message.subject]
    assert [message.to for message in about_post] == [[reviewer.email]]
    assert ReviewReminder.objects.filter(page=post).count() == 2


def test_without_a_linked_reviewer_the_clinical_reviewers_group_is_reminded(
    all_recently_reviewed,
):
    first = make_user("reviewer-one", CLINICAL_REVIEWERS)
    second = make_user("reviewer-two", CLINICAL_REVIEWERS)
    make_user("author", AUTHORS)
    treatment = make_due(all_recently_reviewed.treatments[1])
    mail.outbox.clear()

    run_reminders()

    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([first.email, second.email])
    assert treatment.title in mail.outbox[0].subject


def test_pages_not_yet_due_get_no_reminder(all_recently_reviewed):
    make_user("reviewer", CLINICAL_REVIEWERS)
    make_due(all_recently_reviewed.treatments[1], days_overdue=-5)
    mail.outbox.clear()

    assert "0 reminder(s) sent" in run_reminders()
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()


def test_a_failed_email_is_tried_again_on_the_next_run(all_recently_reviewed, settings):
    make_user("reviewer", CLINICAL_REVIEWERS)
    treatment = make_due(all_recently_reviewed.treatments[1])
    settings.EMAIL_BACKEND = "tests.email_backends.FailingEmailBackend"

    with pytest.raises(Exception, match="Could not send the reminder"):
        run_reminders()
    assert not ReviewReminder.objects.filter(page=treatment).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    run_reminders()
    assert len(mail.outbox) == 1
