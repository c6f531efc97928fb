"""A Site administrator managing staff in the admin, in Chromium: superusers are out of reach."""

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model

from practice_site.roles import SITE_ADMINISTRATORS
from tests.e2e.test_flows import STAFF_PASSWORD, make_user, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_site_administrator_cannot_make_or_take_over_a_superuser(open_page):
    User = get_user_model()
    owner = User.objects.create_superuser("owner", "owner@practice.example", STAFF_PASSWORD)
    make_user("siteadmin", SITE_ADMINISTRATORS)
    page, _ = open_page()
    sign_in(page, "siteadmin")

    # The superuser's account: refused, nothing to fill in.
    page.goto(f"/admin/users/edit/{owner.pk}/")
    expect(page.get_by_text("Only a superuser can change or delete a superuser.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_count(0)

    # A new account ticked "Administrator": refused, nobody created.
    page.goto("/admin/users/new/")
    for name, value in [
        ("username", "intruder"),
        ("email", "intruder@example.net"),
        ("first_name", "In"),
        ("last_name", "Truder"),
        ("password1", "a-long-intruder-password-77"),
        ("password2", "a-long-intruder-password-77"),
    ]:
        page.locator(f'input[name="{name}"]').fill(value)
    page.locator("#tab-label-roles").click()
    page.locator('input[name="is_superuser"]').check()
    page.locator("footer .actions button[type=submit]").first.click()

    expect(page.get_by_text("Only a superuser can make someone a superuser.")).to_be_visible()
    assert not User.objects.filter(username="intruder").exists()
    owner.refresh_from_db()
    assert owner.email == "owner@practice.example"
