"""Color arithmetic for the practice's brand: contrast ratios as WCAG 2.2 defines them.

The brand color is used unchanged for links and buttons on the light background, so the
settings form refuses one under 4.5:1 against white. The dark theme does not ask the
practice for a second color: it lightens the brand color until it reaches 4.5:1 against
the dark background. Button text is black or white, whichever contrasts more.
"""

import re

HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
BLACK = "#000000"
# The backgrounds links and buttons sit on (static/css/site.css: --color-bg and
# --color-surface, the cards' background), in each theme. A brand tone must reach 4.5:1 on
# both; the surface is the harder of the two.
LIGHT_SURFACE = "#f4f6f8"
DARK_BACKGROUND = "#14181d"
DARK_SURFACE = "#1e252d"
TEXT_CONTRAST = 4.5  # WCAG 1.4.3, normal text
UI_CONTRAST = 3.0  # WCAG 1.4.11, borders and other non-text parts


def rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def hex_color(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in (red, green, blue))


def relative_luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    return max((WHITE, BLACK), key=lambda text: contrast_ratio(text, background))


def mix(color: str, other: str, amount: float) -> str:
    """`color` moved `amount` (0 to 1) of the way towards `other`."""
    pairs = zip(rgb(color), rgb(other), strict=True)
    return hex_color(*(a + (b - a) * amount for a, b in pairs))


def tone_for_dark_background(color: str, background: str = DARK_SURFACE) -> str:
    """The first step from `color` towards white that reaches 4.5:1 on `background`."""
    for step in range(41):
        tone = mix(color, WHITE, step / 40)
        if contrast_ratio(tone, background) >= TEXT_CONTRAST:
            return tone
    return WHITE
