"""The admin pages under the policy without inline scripts
(CONTENT_SECURITY_POLICY_ADMIN_STRICT), in Chromium: an administrator signs in, is
sent to enroll an authenticator app, asks for a password reset, and opens the
listings that get the strict policy, and nothing on the way is blocked."""

import re

import pytest
from playwright.sync_api import expect

from practice_site.editorial.roles import SITE_ADMINISTRATORS
from tests.factories import staff_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password-5530"


def assert_strict_and_unblocked(page, response, page_log, *, console_clean=True):
    directives = dict(
        part.strip().split(" ", 1)
        for part in response.headers["content-security-policy"].split(";")
    )
    assert directives["script-src"] == "'self'", response.url
    page.wait_for_load_state("networkidle")
    assert page_log.csp_violations() == [], page.url
    if console_clean:
        assert page_log.errors() == [], page.url


def test_signing_in_and_enrolling_runs_without_inline_scripts(page, page_log, settings):
    settings.TWO_FACTOR_REQUIRED = True
    staff_user("siteadmin", SITE_ADMINISTRATORS, password=PASSWORD)

    response = page.goto("/admin/login/")
    assert_strict_and_unblocked(page, response, page_log)
    page.get_by_label("Username").fill("siteadmin")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_response(re.compile(r"/admin/two-factor/set-up/")) as enroll:
        page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()

    expect(page).to_have_url(re.compile(r"/admin/two-factor/set-up/"))
    assert_strict_and_unblocked(page, enroll.value, page_log)


def test_the_password_reset_form_runs_without_inline_scripts(page, page_log):
    response = page.goto("/admin/password_reset/")
    assert_strict_and_unblocked(page, response, page_log)

    page.get_by_label(re.compile("Email", re.IGNORECASE)).fill("nobody@example.com")
    with page.expect_response(re.compile(r"/admin/password_reset/done/")) as done:
        page.get_by_role("button", name=re.compile("Reset", re.IGNORECASE)).click()

    assert_strict_and_unblocked(page, done.value, page_log)


def test_the_listings_with_the_strict_policy_run_without_inline_scripts(
    page, page_log, settings, django_user_model
):
    # A superuser, who may open every one of them.
    django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    for path in sorted(settings.CSP_ADMIN_STRICT_PATHS):
        response = page.goto(path)
        assert response.status == 200, path
        assert response.url.endswith(path), response.url
        # The account page's time-zone menu logs a RangeError in Debian's
        # Chromium whatever the policy; only what the policy blocks counts here.
        assert_strict_and_unblocked(page, response, page_log, console_clean=False)
