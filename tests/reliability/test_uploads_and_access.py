"""Uploads are checked before they are stored; staff-only things stay staff-only."""

import io

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from blog.models import BlogIndexPage
from tests.factories import BlogPageFactory

pytestmark = pytest.mark.django_db


def png_bytes(width, height) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def upload_image(admin_client, name, content, content_type="image/png"):
    return admin_client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": "1",
            "description": "A test image",
        },
    )


class TestImageUploads:
    def test_a_real_image_is_accepted(self, admin_client, site_content):
        response = upload_image(admin_client, "ok.png", png_bytes(200, 100))
        assert response.status_code == 302
        assert Image.objects.filter(title="ok.png").exists()

    def test_svg_is_refused(self, admin_client, site_content):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        response = upload_image(admin_client, "icon.svg", svg, "image/svg+xml")
        assert response.status_code == 200  # The form again, with the error.
        assert not Image.objects.filter(title="icon.svg").exists()

    def test_a_non_image_with_an_image_extension_is_refused(self, admin_client, site_content):
        response = upload_image(admin_client, "fake.jpg", b"#!/bin/sh\necho not an image\n")
        assert response.status_code == 200
        assert not Image.objects.filter(title="fake.jpg").exists()

    def test_a_decompression_bomb_is_refused(self, admin_client, site_content, settings):
        # A few kilobytes of PNG that would unpack to 64 million pixels.
        settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
        response = upload_image(admin_client, "bomb.png", png_bytes(8000, 8000))
        assert response.status_code == 200
        assert "pixels" in response.content.decode()
        assert not Image.objects.filter(title="bomb.png").exists()

    def test_a_file_over_the_size_limit_is_refused(self, admin_client, site_content, settings):
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
        big = io.BytesIO()
        PILImage.effect_noise((200, 200), 64).convert("RGB").save(big, format="PNG")
        response = upload_image(admin_client, "big.png", big.getvalue())
        assert response.status_code == 200
        assert not Image.objects.filter(title="big.png").exists()


class TestDocuments:
    def test_only_allowed_extensions_are_accepted(self, admin_client, site_content):
        for name, allowed in [("notice.pdf", True), ("payload.html", False), ("run.exe", False)]:
            admin_client.post(
                "/admin/documents/add/",
                {
                    "title": name,
                    "file": SimpleUploadedFile(name, b"%PDF-1.4 test"),
                    "collection": "1",
                },
            )
            assert Document.objects.filter(title=name).exists() is allowed, name

    def test_documents_download_with_a_strict_policy(self, client, site_content):
        document = Document.objects.create(
            title="Fees", file=SimpleUploadedFile("fees.pdf", b"%PDF-1.4 fees")
        )

        response = client.get(document.url)

        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert "default-src 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


class TestAnonymousAccess:
    @pytest.mark.parametrize(
        "url",
        [
            "/admin/",
            "/admin/pages/",
            "/admin/forms/",
            "/admin/settings/practice_site/practicesettings/1/",
            "/admin/users/",
            "/admin/reports/review-due/",
            "/admin/snippets/practice_site/calltoaction/",
        ],
    )
    def test_admin_urls_send_visitors_to_sign_in(self, client, site_content, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_previews_drafts_and_submissions_are_out_of_reach(self, client, site_content):
        blog = BlogIndexPage.objects.get()
        draft = BlogPageFactory(parent=blog, slug="secret-draft", live=False)
        contact = Page.objects.get(slug="contact")

        assert client.get("/blog/secret-draft/").status_code == 404
        for url in [
            f"/admin/pages/{draft.pk}/view_draft/",
            f"/admin/pages/{draft.pk}/edit/preview/",
            f"/admin/forms/submissions/{contact.pk}/",
        ]:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/"), url

    def test_admin_is_not_indexed(self, client, site_content):
        response = client.get("/admin/login/")
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "X-Robots-Tag" not in client.get("/").headers


def test_security_txt(client, practice_settings, settings):
    settings.SECURITY_CONTACT = "mailto:security@practice.example"

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Contact: mailto:security@practice.example" in body
    assert "Expires: " in body
    assert "Canonical: http://testserver/.well-known/security.txt" in body
