"""The practice's brand as CSS: its colors and typeface, from Settings → Practice → Brand.

static/css/site.css holds the design and reads the brand through custom properties
(--color-brand and the rest); this module writes the small stylesheet that sets them for
one site. Its address carries a digest of its text (/brand/<digest>.css), so browsers and
the front cache keep it for a year and a brand change is a new address. Saving the
settings refreshes the cached pages (practice_site/caching/invalidation.py), which then
name the new address. No inline styles: the strict Content-Security-Policy allows none.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils.functional import cached_property

from practice_site.content import colors

# The site's own mark, for browser tabs until the practice uploads a logo or icon.
DEFAULT_ICON = "images/favicon.svg"
# Renditions of the site icon (or logo): the browser tab's and the phone home screen's.
TAB_ICON_FILTER = "fill-32x32|format-png"
HOME_SCREEN_ICON_FILTER = "fill-180x180|format-png"
DEFAULT_BRAND_COLOR = "#1d4e89"
DEFAULT_ACCENT_COLOR = "#b45309"
SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'


@dataclass(frozen=True)
class Typeface:
    label: str
    family: str  # The name in font-family; empty for the visitor's system font.
    folder: str = ""  # Under static/fonts/, with the woff2 files and their license.
    fallback: str = SYSTEM_FONTS

    # (weight, style, file): the latin subsets of @fontsource, enough for English and Spanish.
    faces = (
        ("400", "normal", "latin-400-normal"),
        ("700", "normal", "latin-700-normal"),
        ("400", "italic", "latin-400-italic"),
    )
    # Fontsource's latin subset; a letter outside it comes from the system fallback.
    unicode_range = (
        "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, "
        "U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, "
        "U+FEFF, U+FFFD"
    )

    @property
    def stack(self) -> str:
        return f'"{self.family}", {self.fallback}' if self.family else self.fallback

    def file_url(self, file: str) -> str:
        return static(f"fonts/{self.folder}/{self.folder}-{file}.woff2")

    @property
    def preload_urls(self) -> list[str]:
        """The faces nearly every page uses (regular and bold), for <link rel=preload>."""
        if not self.family:
            return []
        return [self.file_url(file) for _, style, file in self.faces if style == "normal"]

    def font_faces(self) -> list[str]:
        if not self.family:
            return []
        return [
            "@font-face {\n"
            f'  font-family: "{self.family}";\n'
            f"  font-style: {style};\n"
            f"  font-weight: {weight};\n"
            # With the regular and bold faces preloaded (base.html), they are there for the
            # first paint; a face that is late is skipped rather than swapped in, so the
            # text never reflows under the reader (no layout shift).
            "  font-display: optional;\n"
            f'  src: url("{static(f"fonts/{self.folder}/{self.folder}-{file}.woff2")}")'
            ' format("woff2");\n'
            f"  unicode-range: {self.unicode_range};\n"
            "}"
            for weight, style, file in self.faces
        ]


TYPEFACES = {
    "atkinson-hyperlegible": Typeface(
        "Atkinson Hyperlegible (sans-serif, made for legibility)",
        "Atkinson Hyperlegible",
        "atkinson-hyperlegible",
    ),
    "source-sans-3": Typeface("Source Sans 3 (sans-serif)", "Source Sans 3", "source-sans-3"),
    "lora": Typeface(
        "Lora (serif)", "Lora", "lora", fallback='Georgia, "Times New Roman", Times, serif'
    ),
    "system": Typeface("The visitor's system font (nothing to download)", ""),
}
DEFAULT_TYPEFACE = "atkinson-hyperlegible"
TYPEFACE_CHOICES = [(key, typeface.label) for key, typeface in TYPEFACES.items()]


def validate_hex_color(value: str) -> None:
    if not colors.HEX_COLOR.match(value or ""):
        raise ValidationError(
            "Enter a color as # and six hexadecimal digits, for example #1d4e89."
        )


@dataclass(frozen=True)
class Brand:
    """The tones a theme needs, worked out from the two colors the practice chose."""

    brand_color: str = DEFAULT_BRAND_COLOR
    accent_color: str = DEFAULT_ACCENT_COLOR
    typeface: str = DEFAULT_TYPEFACE

    @classmethod
    def of(cls, practice) -> "Brand":
        """The practice's brand; a value the form would refuse falls back to the default."""

        def color(value: str, default: str) -> str:
            return value if colors.HEX_COLOR.match(value or "") else default

        return cls(
            brand_color=color(practice.brand_color, DEFAULT_BRAND_COLOR),
            accent_color=color(practice.accent_color, DEFAULT_ACCENT_COLOR),
            typeface=practice.typeface if practice.typeface in TYPEFACES else "system",
        )

    def theme(self, dark: bool) -> dict[str, str]:
        brand = colors.tone_for_dark_background(self.brand_color) if dark else self.brand_color
        accent = self.accent_color
        if dark and colors.contrast_ratio(accent, colors.DARK_SURFACE) < colors.UI_CONTRAST:
            accent = colors.tone_for_dark_background(accent)
        # Hover: further from the background, so it stays readable.
        hover = colors.mix(brand, colors.WHITE if dark else colors.BLACK, 0.25)
        return {
            "--color-brand": brand,
            "--color-brand-hover": hover,
            "--color-on-brand": colors.text_on(brand),
            "--color-on-brand-hover": colors.text_on(hover),
            "--color-accent": accent,
        }

    @cached_property
    def css(self) -> str:
        def block(selector: str, properties: dict[str, str], indent: str = "") -> str:
            lines = [f"{indent}  {name}: {value};" for name, value in properties.items()]
            return f"{indent}{selector} {{\n" + "\n".join(lines) + f"\n{indent}}}"

        typeface = TYPEFACES[self.typeface]
        light = {**self.theme(dark=False), "--font-body": typeface.stack}
        dark = self.theme(dark=True)
        parts = [
            "/* The practice's brand (Settings → Practice → Brand), made by the site. */",
            *typeface.font_faces(),
            block(":root", light),
            block(':root[data-theme="dark"]', dark),
            "@media (prefers-color-scheme: dark) {\n"
            + block(':root:not([data-theme="light"])', dark, indent="  ")
            + "\n}",
        ]
        return "\n\n".join(parts) + "\n"

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.css.encode()).hexdigest()[:16]
