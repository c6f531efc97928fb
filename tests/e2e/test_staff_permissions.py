"""A Site administrator managing staff in the admin, in Chromium: superusers are out of reach."""

import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from practice_site.editorial.roles import SITE_ADMINISTRATORS
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

    # A new account: the "Administrator" box cannot be ticked, and only the staff roles
    # are offered; the account is made without superuser rights.
    Group.objects.create(name="Finance")
    page.goto("/admin/users/new/")
    for name, value in [
        ("username", "newcolleague"),
        ("email", "newcolleague@practice.example"),
        ("first_name", "New"),
        ("last_name", "Colleague"),
        ("password1", "a-long-colleague-password-77"),
        ("password2", "a-long-colleague-password-77"),
    ]:
        page.locator(f'input[name="{name}"]').fill(value)
    page.locator("#tab-label-roles").click()
    expect(page.locator('input[name="is_superuser"]')).to_be_disabled()
    expect(page.get_by_text("Only a superuser can make someone a superuser.")).to_be_visible()
    expect(page.get_by_label("Finance")).to_have_count(0)
    page.get_by_label("Authors").check()
    page.locator("footer .actions button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/admin/users/$"))
    created = User.objects.get(username="newcolleague")
    assert not created.is_superuser
    assert list(created.groups.values_list("name", flat=True)) == ["Authors"]
    owner.refresh_from_db()
    assert owner.email == "owner@practice.example"
