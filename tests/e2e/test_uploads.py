"""An editor uploads a forged image in the admin, in Chromium, and is told why it is refused."""

import re

import pytest
from playwright.sync_api import expect

from wagtail.images.models import Image

from practice_site.editorial.roles import EDITORS
from tests.e2e.test_flows import make_user, sign_in
from tests.upload_files import forged_png

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REFUSAL = re.compile(r"header claims far more pixels than it could have.*40,000,000 pixels")


@pytest.fixture
def editor_page(open_page):
    make_user("imageeditor", EDITORS)
    page, log = open_page()
    sign_in(page, "imageeditor")
    return page, log


def forged_file():
    return {"name": "forged.png", "mimeType": "image/png", "buffer": forged_png()}


def test_forged_png_is_refused_on_the_add_an_image_page(editor_page):
    page, log = editor_page
    page.goto("/admin/images/add/")
    expect(page).to_have_title(re.compile("Add an image"))

    page.get_by_role("button", name=re.compile(r"^File")).set_input_files(forged_file())
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill("Forged")
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_text(REFUSAL)).to_be_visible()
    expect(page).to_have_title(re.compile("Add an image"))
    assert Image.objects.count() == 0
    assert log.errors() == []


def test_forged_png_is_refused_by_the_images_uploader(editor_page):
    page, log = editor_page
    page.goto("/admin/images/")
    page.get_by_role("link", name="Add an image").click()
    expect(page).to_have_url(re.compile(r"/admin/images/multiple/add/$"))

    page.locator("input[type=file][name='files[]']").set_input_files(forged_file())

    expect(page.get_by_text(REFUSAL)).to_be_visible()
    assert Image.objects.count() == 0
    assert log.errors() == []
