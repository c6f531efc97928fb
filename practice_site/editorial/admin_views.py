import functools
import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from wagtail.models import Page, Site

from practice_site.content.models import PracticeSettings
from practice_site.edge.errors import error_response
from practice_site.editorial.models import LaunchConfirmation
from practice_site.editorial.review import (
    clinical_page_publish_without_review,
    is_clinical,
    may_publish_without_review,
)
from practice_site.editorial.review_due import pages_due_for_review
from practice_site.editorial.roles import is_site_administrator

logger = logging.getLogger(__name__)


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


class PublishWithoutReviewForm(forms.Form):
    reason = forms.CharField(
        label="Why publish without clinical review?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept in the page history with your name and the time.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason.")
        return reason


def publish_without_review(request, page_id):
    """A Site administrator's override: publish a clinical page's latest draft, unreviewed."""
    page = get_object_or_404(Page, id=page_id).specific
    if not is_clinical(page):
        raise Http404("Only blog posts and treatment pages go through clinical review.")
    if not (
        may_publish_without_review(request.user)
        and page.permissions_for_user(request.user).can_edit()
    ):
        # A plain 403 with the way forward, not Wagtail's redirect to the dashboard.
        return TemplateResponse(
            request,
            "practice_site/admin/publish_forbidden.html",
            {"clinical": True, "back_url": reverse("wagtailadmin_pages:edit", args=[page.pk])},
            status=403,
        )
    form = PublishWithoutReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        revision = clinical_page_publish_without_review(
            page, user=request.user, reason=form.cleaned_data["reason"]
        )
        if revision.approved_go_live_at:
            when = date_format(timezone.localtime(revision.approved_go_live_at), "F j, Y, g:i a")
            messages.warning(
                request,
                f"“{page.title}” is scheduled without clinical review for {when}; "
                "it will show no medical review line.",
            )
        else:
            messages.warning(
                request,
                f"“{page.title}” was published without clinical review; "
                "it shows no medical review line until a review approves it.",
            )
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return TemplateResponse(
        request,
        "practice_site/admin/publish_without_review.html",
        {"page": page, "form": form},
        status=400 if form.is_bound else 200,
    )


def _administrators_post_only(view):
    """Checklist actions: a POST by a Site administrator or superuser, else 405 or 403."""

    @functools.wraps(view)
    def wrapped(request):
        if request.method != "POST":
            response = error_response(request, 405)
            response["Allow"] = "POST"
            return response
        if not is_site_administrator(request.user):
            raise PermissionDenied
        view(request)
        return redirect("wagtailadmin_home")

    return wrapped


@_administrators_post_only
def launch_checklist_test_email(request):
    """Send the notification addresses a real e-mail now, through the configured backend."""
    site = Site.objects.get(is_default_site=True)
    practice = PracticeSettings.for_site(site)
    recipients = practice.notification_recipients
    if not recipients:
        messages.error(request, "No notification address is set, so no test e-mail was sent.")
        return
    listed = ", ".join(recipients)
    try:
        send_mail(
            subject=f"Test e-mail from the {practice.practice_name} website",
            message=(
                "This is a test. New inquiries on the website will be announced to this "
                "address in the same way, with a link to sign in:\n"
                f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('wagtailadmin_home')}"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    except Exception as error:
        logger.exception("Test e-mail to %s failed", listed)
        messages.error(
            request,
            f"The test e-mail to {listed} could not be sent: {type(error).__name__}: {error}",
        )
        return
    LaunchConfirmation.objects.update_or_create(
        site=site, defaults={"test_email_sent_at": timezone.now(), "test_email_sent_to": listed}
    )
    messages.success(request, f"Test e-mail sent to {listed}. Check that it arrived.")


@_administrators_post_only
def launch_checklist_crisis_line_checked(request):
    """Record that this administrator checked the crisis message, when, and its wording."""
    site = Site.objects.get(is_default_site=True)
    LaunchConfirmation.objects.update_or_create(
        site=site,
        defaults={
            "crisis_line_checked_at": timezone.now(),
            "crisis_line_checked_by": request.user,
            "crisis_line_checked_text": PracticeSettings.for_site(site).crisis_message,
        },
    )
    messages.success(request, "Thank you: the crisis line is recorded as checked.")
