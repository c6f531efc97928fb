"""The initial content's images: drawn by initial_content/artwork.py, set by the loader.

Every post, treatment, clinician and the home page gets its image and the practice
settings their logos, icon and share image; a second run draws nothing and keeps an
editor's choice; the originals stay small and come out the same every time.
"""

import hashlib
import io
from io import StringIO

import pytest
from PIL import Image as PillowImage

from django.core.management import call_command
from django.test import override_settings

from wagtail.images import get_image_model
from wagtail.models import Collection

from blog.models import BlogPage
from initial_content import artwork, content, practice_pages
from practice_site.content.models import (
    ClinicianPage,
    HomePage,
    PracticeSettings,
    TreatmentIndexPage,
    TreatmentPage,
)
from practice_site.editorial.demo_content import demo_clear, is_demo
from tests.factories import ImageFactory

Image = get_image_model()


@pytest.fixture(autouse=True)
def images_drawn(settings):
    """The loader draws its artwork here, as on a new install (the test settings do not)."""
    settings.INITIAL_CONTENT_IMAGES = True


MAX_TOTAL_BYTES = 3 * 1024 * 1024
POST_SLUGS = [content.TRD_ARTICLE["slug"], *(spec["slug"] for spec in content.RELATED_POSTS)]
TREATMENT_SLUGS = [spec["slug"] for spec in practice_pages.TREATMENTS]
# home, posts, treatments, the portrait placeholder, the share image and two logos.
IMAGE_COUNT = 1 + len(POST_SLUGS) + len(TREATMENT_SLUGS) + 4


def load() -> str:
    out = StringIO()
    call_command("load_initial_data", stdout=out)
    return out.getvalue()


def artwork_images():
    return Image.objects.filter(collection__name=content.ARTWORK_COLLECTION)


def opened(image) -> PillowImage.Image:
    """The image's original, read back through its storage."""
    with image.file.open("rb") as file:
        picture = PillowImage.open(io.BytesIO(file.read()))
        picture.load()
    return picture


def all_originals() -> dict[str, bytes]:
    originals = {
        "home": artwork.home_hero(),
        "portrait": artwork.portrait_placeholder(),
        "share": artwork.share_image("Demo Practice (replace in Settings)"),
        "logo": artwork.logo(),
        "logo dark": artwork.logo(dark=True),
    }
    originals.update({f"post {slug}": artwork.post_image(slug) for slug in POST_SLUGS})
    originals.update(
        {f"treatment {slug}": artwork.treatment_image(slug) for slug in TREATMENT_SLUGS}
    )
    return originals


# The drawings, without the database -------------------------------------------------


@pytest.fixture(scope="module")
def originals() -> dict[str, bytes]:
    return all_originals()


def test_the_same_seed_draws_the_same_bytes_and_another_seed_another_image(originals):
    assert artwork.home_hero() == originals["home"]
    assert artwork.post_image(POST_SLUGS[0]) == originals[f"post {POST_SLUGS[0]}"]
    assert artwork.treatment_image("tms") == originals["treatment tms"]
    assert artwork.logo(dark=True) == originals["logo dark"]
    assert len({hashlib.sha256(data).digest() for data in originals.values()}) == len(originals)


def test_the_originals_together_stay_under_3_mb(originals):
    assert len(originals) == IMAGE_COUNT
    assert sum(len(data) for data in originals.values()) < MAX_TOTAL_BYTES


@pytest.mark.parametrize(
    ("draw", "size", "format_"),
    [
        (artwork.home_hero, (1600, 1000), "JPEG"),
        (lambda: artwork.post_image("a-post"), (1600, 900), "JPEG"),
        (lambda: artwork.treatment_image("tms"), (1200, 800), "JPEG"),
        (artwork.portrait_placeholder, (640, 640), "JPEG"),
        (lambda: artwork.share_image("Riverbend Mood Clinic"), (1200, 630), "JPEG"),
        (artwork.logo, (512, 512), "PNG"),
        (lambda: artwork.logo(dark=True), (512, 512), "PNG"),
    ],
)
def test_each_image_has_its_size_and_format(draw, size, format_):
    picture = PillowImage.open(io.BytesIO(draw()))

    assert picture.size == size
    assert picture.format == format_


def test_the_logo_is_transparent_around_the_mark_and_lighter_for_dark_backgrounds():
    light = PillowImage.open(io.BytesIO(artwork.logo()))
    dark = PillowImage.open(io.BytesIO(artwork.logo(dark=True)))

    for logo in (light, dark):
        assert logo.mode == "RGBA"
        assert logo.getpixel((0, 0))[3] == 0
        assert logo.getpixel((256, 250))[3] == 255  # the sun

    def brightness(logo):
        grey, alpha = logo.convert("L").tobytes(), logo.getchannel("A").tobytes()
        opaque = [g for g, a in zip(grey, alpha, strict=True) if a > 200]
        return sum(opaque) / len(opaque)

    assert brightness(dark) > brightness(light) + 40


def test_the_share_image_shows_the_name_it_is_given():
    assert artwork.share_image("Riverbend Mood Clinic") != artwork.share_image(
        "Harbor Light Psychiatry"
    )


# The loader -------------------------------------------------------------------------


@pytest.fixture
def practice_settings(initial_artwork):
    return PracticeSettings.for_site(initial_artwork)


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_every_post_treatment_clinician_and_the_home_page_has_its_image(initial_artwork):
    home = HomePage.objects.get(pk=initial_artwork.root_page_id)
    assert home.hero_image.collection.name == content.ARTWORK_COLLECTION
    assert (home.hero_image.width, home.hero_image.height) == artwork.HOME_HERO_SIZE
    assert home.hero_heading == content.HOME_PAGE["hero_heading"]
    assert home.hero_secondary_page_id == TreatmentIndexPage.objects.child_of(home).get().pk
    # The live page's values are in its latest revision too, where the editor starts.
    latest = home.get_latest_revision_as_object()
    assert (latest.hero_image_id, latest.hero_secondary_page_id) == (
        home.hero_image_id,
        home.hero_secondary_page_id,
    )

    posts = BlogPage.objects.filter(slug__in=POST_SLUGS)
    assert posts.count() == len(POST_SLUGS)
    for post in posts:
        assert post.hero_image is not None, post.slug
        assert post.hero_image_decorative, post.slug
        assert opened(post.hero_image).size == artwork.POST_SIZE
    assert len({post.hero_image.file_hash for post in posts}) == len(POST_SLUGS)

    treatments = TreatmentPage.objects.filter(slug__in=TREATMENT_SLUGS)
    assert treatments.count() == len(TREATMENT_SLUGS)
    for treatment in treatments:
        assert treatment.image is not None, treatment.slug
        assert (treatment.image.width, treatment.image.height) == artwork.TREATMENT_SIZE
    assert len({treatment.image_id for treatment in treatments}) == len(TREATMENT_SLUGS)

    clinicians = ClinicianPage.objects.all()
    assert clinicians.count() == len(practice_pages.CLINICIANS)
    for clinician in clinicians:
        assert clinician.photo is not None, clinician.slug
        # A photo needs alt text (ClinicianPage.clean): the placeholder says what it is.
        assert clinician.photo.description == content.PORTRAIT_PLACEHOLDER_DESCRIPTION
        clinician.full_clean()


@pytestmark_db
def test_the_practice_settings_have_logos_icon_and_share_image(practice_settings):
    logo, logo_dark = practice_settings.logo, practice_settings.logo_dark
    assert logo is not None and logo_dark is not None
    assert logo.pk != logo_dark.pk
    assert practice_settings.icon_id == logo.pk
    assert opened(logo).mode == "RGBA"
    assert opened(logo).size == artwork.LOGO_SIZE
    share = practice_settings.default_share_image
    assert (share.width, share.height) == artwork.SHARE_SIZE
    assert share.file_size == share.file.size
    for image in (logo, logo_dark, share):
        assert image.collection.name == content.ARTWORK_COLLECTION


@pytestmark_db
def test_the_originals_in_the_library_stay_under_3_mb(initial_artwork):
    images = artwork_images()

    assert images.count() == IMAGE_COUNT
    assert sum(image.file.size for image in images) < MAX_TOTAL_BYTES


@pytestmark_db
def test_a_second_run_draws_no_image_and_keeps_an_editors_replacement(initial_artwork):
    home = HomePage.objects.get(pk=initial_artwork.root_page_id)
    article = BlogPage.objects.get(slug=content.TRD_ARTICLE["slug"])
    photo = ImageFactory(title="The practice's own photo")
    # An editor's own choices; code, not the admin, so the demo marks stay: only the
    # fields being filled in keeps them.
    article.hero_image = photo
    article.save_revision().publish()
    practice = PracticeSettings.for_site(initial_artwork)
    practice.logo = photo
    practice.save()
    assert is_demo(article) and is_demo(practice)
    image_ids = set(Image.objects.values_list("pk", flat=True))

    output = load()

    assert "0 created" in output
    assert set(Image.objects.values_list("pk", flat=True)) == image_ids
    article.refresh_from_db()
    assert article.hero_image_id == photo.pk
    assert PracticeSettings.for_site(initial_artwork).logo_id == photo.pk
    home.refresh_from_db()
    assert home.hero_image.title == content.ARTWORK_TITLES["home"]


@pytestmark_db
def test_an_emptied_field_of_demo_content_is_filled_with_the_same_image(initial_artwork):
    """An install loaded before the images existed gets them, without drawing them twice."""
    treatment = TreatmentPage.objects.get(slug="tms")
    artwork_image = treatment.image
    treatment.image = None
    treatment.save_revision().publish()
    practice = PracticeSettings.for_site(initial_artwork)
    practice.default_share_image = None
    practice.save()
    image_count = Image.objects.count()

    load()

    treatment.refresh_from_db()
    assert treatment.image_id == artwork_image.pk
    assert treatment.get_latest_revision_as_object().image_id == artwork_image.pk
    assert PracticeSettings.for_site(initial_artwork).default_share_image is not None
    assert Image.objects.count() == image_count


@pytestmark_db
def test_a_field_an_editor_emptied_and_saved_stays_empty(initial_artwork):
    post = BlogPage.objects.get(slug=POST_SLUGS[1])
    post.hero_image = None
    post.save_revision().publish()
    demo_clear(post)  # what the admin's after_edit_page hook does
    practice = PracticeSettings.for_site(initial_artwork)
    practice.logo_dark = None
    practice.save()
    demo_clear(practice)

    load()

    post.refresh_from_db()
    assert post.hero_image is None
    assert PracticeSettings.for_site(initial_artwork).logo_dark is None


@pytestmark_db
def test_a_page_with_a_draft_is_left_alone(initial_artwork):
    clinician = ClinicianPage.objects.get(slug=practice_pages.ARTICLE_AUTHOR_SLUG)
    clinician.photo = None
    clinician.save_revision().publish()
    clinician.bio = "<p>A draft not yet published.</p>"
    clinician.save_revision()

    load()

    clinician.refresh_from_db()
    assert clinician.photo is None


@pytestmark_db
def test_a_new_install_draws_each_image_once_through_the_configured_storage(initial_artwork):
    Image.objects.all().delete()
    Collection.objects.filter(name=content.ARTWORK_COLLECTION).delete()
    for post in BlogPage.objects.all():
        assert post.hero_image_id is None
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        load()
        images = list(artwork_images())
        assert len(images) == IMAGE_COUNT
        assert {image.file.storage.__class__.__name__ for image in images} == {"InMemoryStorage"}
        for image in images:
            assert opened(image).size == (image.width, image.height)
        load()
        assert artwork_images().count() == IMAGE_COUNT
    assert Collection.objects.filter(name=content.ARTWORK_COLLECTION).count() == 1
