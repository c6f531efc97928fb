"""Uploaded images and documents are judged by their content, not their names.

Wagtail checks an upload's extension and, for images, its size and pixel count;
this module adds what it leaves out, for every way a file reaches the admin
(the add and edit forms, the multiple upload on "Add images" and "Add documents",
the choosers' upload tabs), because all of them build their forms on the base
classes named in settings (WAGTAILIMAGES_IMAGE_FORM_BASE, WAGTAILDOCS_DOCUMENT_FORM_BASE):

- an image's header is read (Pillow's `Image.open` reads only the header) and
  refused before anything decodes it: a header claiming too many pixels,
  counting every frame of an animation, or one that is not the format its
  extension names;
- a document must be what its extension says: a PDF starts with `%PDF-`, DOCX,
  XLSX and ODT are ZIP packages declaring the right content type, RTF starts
  with `{\\rtf`, and TXT and CSV decode as text with no HTML in them.

Refusals are form errors on the file field, so the admin shows them next to
the field and the multiple upload answers with its JSON error. Imports only
Django, Wagtail and Pillow.
"""

import os
import re
import zipfile

from PIL import Image

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# The Pillow reader for each image extension the site can allow.
IMAGE_FORMATS = {
    "avif": "AVIF",
    "gif": "GIF",
    "jpeg": "JPEG",
    "jpg": "JPEG",
    "png": "PNG",
    "webp": "WEBP",
}


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


class HeaderCheckedImageField(WagtailImageField):
    """Wagtail's image field, with the image's header judged before anything decodes it.

    Wagtail counts one frame per image (Willow's Pillow plugin does not see
    animation), and a header claiming billions of pixels makes Pillow raise
    DecompressionBombError where Wagtail does not expect it (a 500).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # With no limit (None) only Pillow's own bomb check, and so "image_bomb", applies.
        limit = f"{self.max_image_pixels:,}" if self.max_image_pixels else ""
        limit_sentence = f" Images can have at most {limit} pixels." if limit else ""
        self.error_messages.update(
            {
                "image_bomb": (
                    "This image’s header claims far more pixels than it could have; it "
                    f"cannot be opened safely.{limit_sentence} Please export it again at a "
                    "smaller size and upload that."
                ),
                "image_too_many_pixels": (
                    "This image is %(width)s × %(height)s pixels (%(total)s pixels); images "
                    f"can have at most {limit} pixels. Please make it smaller and upload it again."
                ),
                "animation_too_many_pixels": (
                    "This animation has %(frames)s frames of %(width)s × %(height)s pixels "
                    f"(%(total)s pixels in all); images can have at most {limit} pixels across "
                    "all their frames. Please shorten it, make it smaller, or upload a still "
                    "image."
                ),
                "unreadable_image": (
                    "This file is not a readable %(format)s image, although its name ends in "
                    ".%(extension)s: it is damaged, or another kind of file renamed. Please "
                    "upload the original image file."
                ),
                "misnamed_image": (
                    "This file is a %(actual)s image, although its name ends in "
                    ".%(extension)s. Please rename it to end in .%(actual_extension)s and "
                    "upload it again."
                ),
            }
        )

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "seek"):
            self.check_image_header(data)
        try:
            return super().to_python(data)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(self.error_messages["image_bomb"], code="image_bomb") from error

    def check_image_header(self, data) -> None:
        extension = _extension(data.name)
        pillow_format = IMAGE_FORMATS.get(extension)
        if pillow_format is None or extension not in self.allowed_image_extensions:
            # Wagtail's own extension check refuses it, or it is SVG (not a raster).
            return
        data.seek(0)
        try:
            # Only the format named by the extension may read it, so a PNG renamed
            # .jpg, or HTML renamed .gif, is refused here.
            with Image.open(data, formats=[pillow_format]) as image:
                width, height = image.size
                # From the header (APNG's acTL, WebP's and AVIF's containers) or, for
                # GIF, by walking the frame headers without decoding them.
                frames = getattr(image, "n_frames", 1)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(self.error_messages["image_bomb"], code="image_bomb") from error
        except Exception as error:
            # Pillow's readers raise many kinds of error for a malformed header.
            raise self.unreadable_image_error(data, extension, pillow_format) from error
        finally:
            data.seek(0)

        total = width * height * frames
        if self.max_image_pixels is None or total <= self.max_image_pixels:
            return
        code = "animation_too_many_pixels" if frames > 1 else "image_too_many_pixels"
        raise ValidationError(
            self.error_messages[code]
            % {
                "width": f"{width:,}",
                "height": f"{height:,}",
                "frames": f"{frames:,}",
                "total": f"{total:,}",
            },
            code=code,
        )

    def unreadable_image_error(self, data, extension, expected_format) -> ValidationError:
        """The refusal of a file its extension's reader cannot read, naming what it is if known."""
        actual = _image_format(data)
        actual_extension = next(
            (
                allowed
                for allowed in self.allowed_image_extensions
                if IMAGE_FORMATS.get(allowed) == actual
            ),
            None,
        )
        if actual_extension is None:
            return ValidationError(
                self.error_messages["unreadable_image"]
                % {"format": expected_format, "extension": extension},
                code="unreadable_image",
            )
        return ValidationError(
            self.error_messages["misnamed_image"]
            % {"actual": actual, "extension": extension, "actual_extension": actual_extension},
            code="misnamed_image",
        )


def _image_format(data) -> str | None:
    """The format Pillow recognizes in a file's header, whatever its name."""
    data.seek(0)
    try:
        with Image.open(data) as image:
            return image.format
    except Exception:  # Pillow raises many kinds of error for what it cannot read.
        return None
    finally:
        data.seek(0)


class PracticeImageForm(BaseImageForm):
    """The base of every image upload form in the admin (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the field itself (formfield_for_dbfield); a declared field
        # would also appear in the multiple upload's edit form, which has no file.
        field = self.fields.get("file")
        if field is not None:
            self.fields["file"] = HeaderCheckedImageField(
                label=field.label,
                required=field.required,
                widget=field.widget,
                max_length=field.max_length,
            )


# What a document's first bytes are when it is something that must never pass as
# a document, for the refusal message.
_KNOWN_CONTENTS = (
    (b"%PDF-", "a PDF document"),
    (b"{\\rtf", "an RTF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"#!", "a script"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
# Markup a browser would take for a web page (the HTML signatures of the WHATWG
# MIME sniffing standard, plus SVG and XML, which can carry scripts too).
_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|style|title|"
    r"meta|link|img|a|b|br|p|div|font|table|h1)(?=[\s>/])|<!--|<\?xml",
    re.IGNORECASE,
)
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_PACKAGE_PART = 1024 * 1024

DOCUMENT_LABELS = {
    "pdf": "PDF document",
    "docx": "Word document (DOCX)",
    "xlsx": "Excel workbook (XLSX)",
    "odt": "OpenDocument text (ODT)",
    "rtf": "RTF document",
    "txt": "plain text file",
    "csv": "CSV file",
}


def _describe(content: bytes) -> str | None:
    for signature, description in _KNOWN_CONTENTS:
        if content.startswith(signature):
            return description
    if _MARKUP.search(content[:4096].decode("latin-1")):
        return "a web page or other markup (HTML, SVG or XML)"
    return None


def _package_part(content: bytes, file, name: str) -> bytes | None:
    """One part of a ZIP package (DOCX, XLSX, ODT), if the file really is one."""
    # zipfile would also find an archive appended to other content (say, HTML).
    if not content.startswith(b"PK\x03\x04"):
        return None
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            info = package.getinfo(name)
            if info.file_size > _MAX_PACKAGE_PART:
                return None
            with package.open(info) as part:
                return part.read(_MAX_PACKAGE_PART)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, ValueError):
        return None


def _ooxml_checker(main_content_type: bytes):
    def is_ooxml(content, file):
        types = _package_part(content, file, "[Content_Types].xml")
        return types is not None and main_content_type in types

    return is_ooxml


def _is_odt(content, file):
    return _package_part(content, file, "mimetype") == b"application/vnd.oasis.opendocument.text"


def _text(content: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _is_plain_text(content, file):
    text = _text(content)
    return text is not None and not _TEXT_CONTROL.search(text) and not _MARKUP.search(text)


DOCUMENT_CHECKS = {
    "pdf": lambda content, file: content.startswith(b"%PDF-"),
    "rtf": lambda content, file: content.startswith(b"{\\rtf"),
    "docx": _ooxml_checker(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
    "xlsx": _ooxml_checker(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ),
    "odt": _is_odt,
    "txt": _is_plain_text,
    "csv": _is_plain_text,
}


def check_document_content(file) -> None:
    """Refuses a document whose content is not what its extension says it is."""
    extension = _extension(file.name)
    check = DOCUMENT_CHECKS.get(extension)
    if check is None:
        # Not an allowed extension: the document model's own check refuses it.
        return
    file.seek(0)
    # Documents are at most WAGTAILDOCS_MAX_UPLOAD_SIZE, checked before this.
    content = file.read()
    try:
        genuine = check(content, file)
    finally:
        file.seek(0)
    if genuine:
        return
    label = DOCUMENT_LABELS[extension]
    found = _describe(content)
    if extension in ("txt", "csv") and _MARKUP.search(_text(content) or ""):
        found = "a web page or other markup (HTML, SVG or XML)"
    message = f"This file is not a real {label}, although its name ends in .{extension}"
    message += f": its contents are {found}." if found else "."
    message += f" Please upload the original {label}."
    raise ValidationError(message, code="document_content_mismatch")


class PracticeDocumentForm(BaseDocumentForm):
    """The base of every document upload form in the admin (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def _post_clean(self):
        # After the document model's own extension check, so a file is judged on
        # its content only when its extension is allowed (refusing it earlier
        # would leave the model saying that an empty name has no allowed extension).
        super()._post_clean()
        file = self.cleaned_data.get("file")
        # Only a new upload: a document kept on edit was checked when it arrived.
        if "file" not in self.errors and isinstance(file, UploadedFile):
            try:
                check_document_content(file)
            except ValidationError as error:
                self.add_error("file", error)
