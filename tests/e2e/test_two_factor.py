"""Two-factor sign-in as an administrator does it, in Chromium: enroll an authenticator
app from the set-up page, sign out, sign in again with the password and the app's
current code; a wrong code is refused; a recovery code works once. And a Site
administrator resets a colleague's second factor from Settings → Users."""

import re
import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from django.core import mail

from practice_site.editorial.roles import EDITORS, SITE_ADMINISTRATORS
from tests.factories import staff_user
from tests.otp import app_code, fresh_app_code, key_from_setup_key

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password-9281"
DASHBOARD = re.compile(r"/admin/$")


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    # The live server runs in this process, so it sees the change.
    settings.TWO_FACTOR_REQUIRED = True


def enter_password(page: Page, username: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def enter_code(page: Page, code: str) -> None:
    expect(page).to_have_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()


def sign_out(page: Page) -> None:
    """Through the account menu at the foot of the admin's sidebar."""
    page.get_by_role("button", name=re.compile("siteadmin", re.IGNORECASE)).click()
    page.get_by_role("button", name="Log out").or_(
        page.get_by_role("link", name="Log out")
    ).click()
    expect(page).to_have_url(re.compile(r"/admin/login/"))


def test_administrator_enrolls_then_signs_in_with_a_code_and_a_recovery_code(
    open_page, assert_accessible
):
    admin = staff_user("siteadmin", SITE_ADMINISTRATORS, password=PASSWORD)
    page, log = open_page()

    # First sign-in: the password leads straight to setting up an app.
    enter_password(page, "siteadmin")
    expect(page).to_have_url(re.compile(r"/admin/two-factor/set-up/"))
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert page.locator("img.two-factor-qr-code").evaluate("image => image.naturalWidth") > 0
    assert_accessible(page)
    key = key_from_setup_key(page.locator(".two-factor-secret").inner_text())
    enrollment_code = app_code(key)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Code from the app").fill(enrollment_code)
    page.get_by_role("button", name="Finish setting up").click()

    expect(page).to_have_url(re.compile(r"/admin/two-factor/recovery-codes/"))
    expect(page.locator(".two-factor-recovery-codes code")).to_have_count(10)
    codes = page.locator(".two-factor-recovery-codes code").all_inner_texts()
    assert TOTPDevice.objects.get(user=admin, confirmed=True).bin_key == key
    page.get_by_role("link", name=re.compile("I have saved them")).click()
    expect(page).to_have_url(DASHBOARD)
    sign_out(page)

    # Second sign-in: the password, then a wrong code, then the app's current code.
    enter_password(page, "siteadmin")
    wrong = f"{(int(app_code(key)) + 1) % 1_000_000:06d}"
    enter_code(page, wrong)
    expect(page.locator(".messages .error")).to_contain_text("That code was not accepted")
    expect(page).to_have_url(re.compile(r"/admin/two-factor/verify/"))
    # Wagtail fades messages in; axe would measure the contrast halfway through.
    expect(page.locator(".messages ul")).to_have_css("opacity", "1")
    assert_accessible(page)
    # django-otp takes no code for a second after a wrong one, as a brake on guessing.
    time.sleep(1.1)
    enter_code(page, fresh_app_code(key, used_code=enrollment_code))
    expect(page).to_have_url(DASHBOARD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    sign_out(page)

    # Without the phone: a recovery code works, once.
    enter_password(page, "siteadmin")
    enter_code(page, codes[0])
    expect(page).to_have_url(DASHBOARD)
    expect(page.get_by_text("9 left")).to_be_visible()
    sign_out(page)
    enter_password(page, "siteadmin")
    enter_code(page, codes[0])
    expect(page.locator(".messages .error")).to_contain_text("That code was not accepted")
    expect(page).to_have_url(re.compile(r"/admin/two-factor/verify/"))

    assert log.errors() == []
    assert log.requests_elsewhere(page.url) == []


def test_site_administrator_resets_a_colleagues_second_factor_from_the_users_list(open_page):
    admin = staff_user("siteadmin", SITE_ADMINISTRATORS, password=PASSWORD)
    admin_app = TOTPDevice.objects.create(user=admin, name="Phone", confirmed=True)
    colleague = staff_user("editor", EDITORS, password=PASSWORD)
    TOTPDevice.objects.create(user=colleague, name="Phone", confirmed=True)
    page, log = open_page()
    enter_password(page, "siteadmin")
    enter_code(page, app_code(admin_app.bin_key))
    expect(page).to_have_url(DASHBOARD)
    mail.outbox.clear()

    page.goto("/admin/users/")
    page.get_by_role("button", name="More options for 'editor'").click()
    page.get_by_role("link", name="Reset two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reset two-factor sign-in")
    page.get_by_role("button", name="Reset two-factor sign-in").click()

    expect(page).to_have_url(re.compile(r"/admin/users/$"))
    expect(page.get_by_text("The second factor of editor was reset")).to_be_visible()
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    # Sent once the reset is committed, by the live server's thread.
    deadline = time.monotonic() + 5
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    [email] = mail.outbox
    assert email.to == [colleague.email]
    # The colleague's next sign-in leads to setting up an app again.
    colleague_page, _ = open_page()
    enter_password(colleague_page, "editor")
    expect(colleague_page).to_have_url(re.compile(r"/admin/two-factor/set-up/"))
    assert log.errors() == []
