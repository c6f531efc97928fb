"""The practice's brand: colors checked for contrast, a stylesheet whose address follows
the brand, the typeface's fonts served by the site, and both themes' defaults in step."""

import re
from pathlib import Path

import pytest

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

from practice_site.content import colors
from practice_site.content.brand import TYPEFACES, Brand
from practice_site.content.models import PracticeSettings
from tests.factories import ImageFactory
from tests.html import parse
from tests.practice_site.test_launch_checklist import settings_form

SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


# The arithmetic ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # The lightest gray that passes on white.
        ("#777777", "#ffffff", 4.48),
        ("#1d4e89", "#ffffff", 8.39),
    ],
)
def test_contrast_ratios_are_wcags(first, second, ratio):
    assert colors.contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)
    assert colors.contrast_ratio(second, first) == pytest.approx(ratio, abs=0.01)


def test_button_text_is_black_or_white_whichever_reads_better():
    assert colors.text_on("#1d4e89") == "#ffffff"
    assert colors.text_on("#f5c542") == "#000000"
    assert colors.text_on("#7290b5") == "#000000"


@pytest.mark.parametrize("brand", ["#1d4e89", "#0b6e4f", "#7a1f5c", "#5b4636", "#000000"])
def test_the_dark_themes_tone_reads_on_every_dark_background(brand):
    tone = Brand(brand_color=brand).theme(dark=True)["--color-brand"]
    for background in (colors.DARK_BACKGROUND, colors.DARK_SURFACE):
        assert colors.contrast_ratio(tone, background) >= colors.TEXT_CONTRAST
    # The same hue, lighter: not white unless it must be.
    assert tone != colors.WHITE


def test_buttons_text_reads_on_the_button_in_both_themes():
    for dark in (False, True):
        theme = Brand(brand_color="#0b6e4f").theme(dark=dark)
        for background, text in (
            ("--color-brand", "--color-on-brand"),
            ("--color-brand-hover", "--color-on-brand-hover"),
        ):
            ratio = colors.contrast_ratio(theme[background], theme[text])
            assert ratio >= colors.TEXT_CONTRAST, (dark, background)


# site.css and the brand stylesheet ---------------------------------------------------


def css_block(css: str, selector: str) -> dict[str, str]:
    start = css.index(selector + " {")
    body = css[start + len(selector) + 2 : css.index("}", start)]
    return dict(re.findall(r"(--[\w-]+|color-scheme):\s*([^;]+);", body))


def test_the_dark_theme_is_the_same_by_system_setting_and_by_choice():
    css = SITE_CSS.read_text()
    chosen = css_block(css, ':root[data-theme="dark"]')
    by_system = css_block(css, ':root:not([data-theme="light"])')
    assert chosen == by_system
    assert chosen["--color-bg"] == colors.DARK_BACKGROUND
    assert chosen["--color-surface"] == colors.DARK_SURFACE


def test_site_css_defaults_are_the_default_brands():
    """Pages without the brand stylesheet (nginx's own error pages) look like a new install."""
    css = SITE_CSS.read_text()
    light, dark = css_block(css, ":root"), css_block(css, ':root[data-theme="dark"]')
    brand = Brand(typeface="system")
    for name, value in brand.theme(dark=False).items():
        assert light[name] == value, name
    for name, value in brand.theme(dark=True).items():
        assert dark.get(name, light.get(name)) == value, name
    assert light["--color-surface"] == colors.LIGHT_SURFACE


pytestmark_db = pytest.mark.django_db


def stylesheet_url(client) -> str:
    return parse(client.get("/")).find("link", rel="stylesheet", href=re.compile("^/brand/"))[
        "href"
    ]


@pytestmark_db
def test_pages_link_the_brand_stylesheet_after_the_sites(client, site_tree):
    links = [link["href"] for link in parse(client.get("/")).find_all("link", rel="stylesheet")]
    assert links[0].startswith("/static/css/site")
    assert links[1] == f"/brand/{Brand.of(site_tree.settings).digest}.css"


@pytestmark_db
def test_the_brand_stylesheet_is_kept_for_a_year_and_holds_the_colors(client, site_tree):
    response = client.get(stylesheet_url(client))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    css = response.content.decode()
    assert f"--color-brand: {site_tree.settings.brand_color};" in css
    assert 'font-family: "Atkinson Hyperlegible"' in css


@pytestmark_db
def test_a_new_brand_color_is_a_new_stylesheet_address(client, site_tree):
    before = stylesheet_url(client)
    site_tree.settings.brand_color = "#0b6e4f"
    site_tree.settings.save()

    after = stylesheet_url(client)
    assert after != before
    assert "--color-brand: #0b6e4f;" in client.get(after).content.decode()
    # A page saved before the change, still open somewhere, is sent to the new address.
    old = client.get(before)
    assert old.status_code == 302
    assert old["Location"] == after
    assert "no-store" in old["Cache-Control"] or "no-cache" in old["Cache-Control"]


@pytestmark_db
@pytest.mark.parametrize("typeface", [key for key, face in TYPEFACES.items() if face.family])
def test_each_typefaces_fonts_are_served_by_the_site(client, site_tree, typeface):
    site_tree.settings.typeface = typeface
    site_tree.settings.save()
    page = parse(client.get("/"))
    preloads = [link["href"] for link in page.find_all("link", rel="preload")]
    assert len(preloads) == 2
    css = client.get(stylesheet_url(client)).content.decode()
    fonts = re.findall(r'url\("([^"]+)"\)', css)
    assert len(fonts) == 3 and set(preloads) <= set(fonts)
    for url in fonts:
        assert url.startswith("/static/fonts/")
        assert finders.find(url.removeprefix("/static/")), url
    folder = Path(finders.find(fonts[0].removeprefix("/static/"))).parent
    assert "SIL Open Font License" in (folder / "OFL.txt").read_text()


@pytestmark_db
def test_the_system_font_downloads_nothing(client, site_tree):
    site_tree.settings.typeface = "system"
    site_tree.settings.save()
    assert parse(client.get("/")).find_all("link", rel="preload") == []
    css = client.get(stylesheet_url(client)).content.decode()
    assert "@font-face" not in css and "--font-body: system-ui" in css


# The settings form in the admin -------------------------------------------------------


def save_brand(client, site, **changes):
    practice = PracticeSettings.for_site(site)
    return client.post(
        f"/admin/settings/practice_site/practicesettings/{site.pk}/",
        settings_form(practice, **changes),
    )


@pytestmark_db
def test_the_settings_form_refuses_a_brand_color_that_is_hard_to_read(admin_client, site_tree):
    response = save_brand(admin_client, site_tree.site, brand_color="#7a9cc6")
    assert response.status_code == 200
    errors = " ".join(
        e.get_text(" ", strip=True) for e in parse(response).select(".error-message")
    )
    ratio = colors.contrast_ratio("#7a9cc6", colors.WHITE)
    assert f"#7a9cc6 measures {ratio:.2f}:1 against white" in errors
    assert PracticeSettings.for_site(site_tree.site).brand_color != "#7a9cc6"


@pytestmark_db
def test_the_settings_form_refuses_what_is_not_a_color(admin_client, site_tree):
    response = save_brand(admin_client, site_tree.site, accent_color="orange")
    assert response.status_code == 200
    assert "six hexadecimal digits" in response.content.decode()


@pytestmark_db
def test_a_readable_brand_color_is_saved_and_shown(admin_client, client, site_tree):
    response = save_brand(admin_client, site_tree.site, brand_color="#0b6e4f")
    assert response.status_code == 302
    assert "--color-brand: #0b6e4f;" in client.get(stylesheet_url(client)).content.decode()


@pytestmark_db
def test_an_svg_logo_is_refused(site_tree):
    svg = ImageFactory(file__filename="logo.svg")
    site_tree.settings.logo = svg
    assert svg.is_svg()
    with pytest.raises(Exception, match="SVG"):
        site_tree.settings.full_clean()


@pytestmark_db
def test_the_logo_gives_the_tab_and_home_screen_icons(client, site_tree):
    site_tree.settings.logo = ImageFactory()
    site_tree.settings.save()
    head = parse(client.get("/")).head
    icon = head.find("link", rel="icon")
    touch = head.find("link", rel="apple-touch-icon")
    assert icon["type"] == "image/png" and icon["sizes"] == "32x32"
    assert touch["sizes"] == "180x180"
    # Renditions made from the logo, in the media storage (nginx serves them in production).
    for link in (icon, touch):
        assert default_storage.exists(link["href"].removeprefix(settings.MEDIA_URL))
