"""Scheduling in the admin as an editor does it.

Times typed and shown are the practice's, and the dashboard says what is due.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from wagtail.models import Revision

from practice_site.content.models import StandardPage
from practice_site.editorial.roles import EDITORS
from tests.e2e.test_flows import STAFF_PASSWORD, sign_in
from tests.factories import staff_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_editor_schedules_changes_in_new_york_time_and_the_dashboard_lists_them(
    open_page, assert_accessible, without_autosave
):
    editor = staff_user("editor", EDITORS, password=STAFF_PASSWORD)
    # A page Editors publish themselves; clinical pages are scheduled by their review.
    post = StandardPage.objects.get(slug="fees-and-insurance")
    page, log = open_page()
    sign_in(page, editor.username)

    page.goto(f"/admin/pages/{post.pk}/edit/")
    page.locator("#id_title").fill("Fees: the new version")
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.get_by_role("dialog", name="Set publishing schedule")
    # What an editor in the practice types: half past ten in the morning, New York time.
    dialog.locator("#id_go_live_at").fill("2031-01-15 10:30")
    # The date picker stays open over the button: go on by keyboard, as many do.
    dialog.get_by_role("button", name="Save schedule").press("Enter")
    expect(page.get_by_text("has been updated")).to_be_visible()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Schedule to publish").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/$"))

    # Stored as the moment it is in New York (15:30 UTC in January), shown back the same way.
    scheduled = Revision.objects.get(approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at == datetime.datetime(
        2031, 1, 15, 15, 30, tzinfo=datetime.UTC
    )
    page.goto("/admin/")
    panel = page.get_by_role("region", name="Scheduled")
    row = panel.get_by_role("row").filter(
        has=page.get_by_role("link", name="Fees: the new version")
    )
    expect(row).to_contain_text("Changes go live")
    expect(row).to_contain_text("Wed, Jan 15, 2031, 10:30 AM EST")
    expect(panel).to_contain_text("When (America/New_York)")
    assert_accessible(page)
    assert log.errors() == []
    # The visitor still sees the live version until then.
    visitor, _ = open_page()
    visitor.goto(post.url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(post.title)
