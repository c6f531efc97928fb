"""The demo mark: which objects are still as `load_initial_data` created them.

The loader marks each page, setting and snippet it creates; an editor's save in
the admin clears the mark (practice_site/editorial/wagtail_hooks.py). The launch checklist
reads the marks. Nothing here changes the content itself.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from wagtail.models import Page

from practice_site.editorial.models import DemoContent

# The practice settings a new install starts with. The checklist compares the
# live values with these, so a field an editor left unchanged still shows.
DEMO_PRACTICE_SETTINGS = {
    "practice_name": "Demo Practice (replace in Settings)",
    "short_name": "Demo Practice",
    "tagline": "Demo tagline: care for depression that has not responded to treatment",
    "phone": "(202) 555-0143",
    "email": "hello@example.com",
    "street_address": "100 Example Avenue, Suite 1",
    "address_locality": "Springfield",
    "address_region": "IL",
    "postal_code": "62701",
}


def _content_type(model: type[Model]) -> ContentType:
    # Every page type shares Page's key, so one lookup covers the whole tree.
    base = Page if issubclass(model, Page) else model
    return ContentType.objects.get_for_model(base)


def demo_mark(instance: Model) -> None:
    DemoContent.objects.get_or_create(
        content_type=_content_type(type(instance)), object_id=instance.pk
    )


def demo_clear(instance: Model) -> None:
    DemoContent.objects.filter(
        content_type=_content_type(type(instance)), object_id=instance.pk
    ).delete()


def is_demo(instance: Model) -> bool:
    return DemoContent.objects.filter(
        content_type=_content_type(type(instance)), object_id=instance.pk
    ).exists()


def demo_ids(model: type[Model]) -> QuerySet:
    """The marked primary keys of `model`, as a subquery for `pk__in`."""
    return DemoContent.objects.filter(content_type=_content_type(model)).values("object_id")
