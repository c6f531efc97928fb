"""The initial content's images: calm, abstract artwork drawn with Pillow at load time.

Made by this project for it and dedicated to the public domain under CC0 1.0
(docs/content.md, "Images"). Nothing here depicts a person: the clinician portrait is a
flat head-and-shoulders shape, plainly a placeholder, never a made-up photo of a
clinician or a patient.

Every function returns the bytes of an image file and draws the same bytes for the
same arguments (with the same Pillow): the variation comes from a seed string, such
as a post's slug, through a random generator of its own. Landscapes are drawn at half
size and enlarged with a smooth filter, which keeps them fast and their edges soft;
the logo is drawn at twice its size and reduced, for clean edges.

Imports only Pillow and the brand's default colors.
"""

import hashlib
import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from practice_site.content.brand import DEFAULT_ACCENT_COLOR, DEFAULT_BRAND_COLOR

HOME_HERO_SIZE = (1600, 1000)
POST_SIZE = (1600, 900)
TREATMENT_SIZE = (1200, 800)
PORTRAIT_SIZE = (640, 640)
SHARE_SIZE = (1200, 630)
LOGO_SIZE = (512, 512)

JPEG_QUALITY = 80
# Landscapes are drawn at 1/DRAW_SCALE of their size, the logo at SUPERSAMPLE times.
DRAW_SCALE = 2
SUPERSAMPLE = 2
# Blur radius of shapes' edges in the half-size drawing (Pillow fills without antialiasing).
EDGE_SOFTNESS = 0.9

RGB = tuple[int, int, int]

CREAM: RGB = (248, 244, 237)
MIST: RGB = (231, 238, 246)
SAND: RGB = (228, 214, 194)
WHITE: RGB = (255, 255, 255)
STONE: RGB = (150, 158, 168)


def _rgb(hex_color: str) -> RGB:
    value = hex_color.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """a at t=0, b at t=1."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


@dataclass(frozen=True)
class Palette:
    brand: RGB
    accent: RGB

    @classmethod
    def default(cls) -> "Palette":
        return cls(_rgb(DEFAULT_BRAND_COLOR), _rgb(DEFAULT_ACCENT_COLOR))


def _random(seed: str) -> random.Random:
    # Not hash(): Python salts it per process.
    seed_number = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")
    return random.Random(seed_number)  # noqa: S311 - artwork, not secrets


# Drawing ------------------------------------------------------------------------------


def _gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    """A vertical gradient from top to bottom: one column, widened."""
    height = size[1]
    last = max(1, height - 1)
    column = bytes(channel for y in range(height) for channel in _mix(top, bottom, y / last))
    return Image.frombytes("RGB", (1, height), column).resize(size, Image.Resampling.NEAREST)


def _radial_mask(diameter: int, strength: float, falloff: float = 2.0) -> Image.Image:
    """An "L" disc: strength*255 at the center, fading to 0 at the rim."""
    table = [round(255 * strength * ((255 - v) / 255) ** falloff) for v in range(256)]
    return Image.radial_gradient("L").point(table).resize((diameter, diameter))


def _glow(canvas: Image.Image, center, radius: int, color: RGB, strength: float) -> None:
    diameter = max(2, 2 * radius)
    canvas.paste(color, (center[0] - radius, center[1] - radius), _radial_mask(diameter, strength))


def _rays(canvas: Image.Image, center, rng: random.Random, color: RGB) -> None:
    """Soft beams of light from the sun, fading with distance; drawn at half size, as blurred."""
    width, height = canvas.size[0] // 2, canvas.size[1] // 2
    center = (center[0] // 2, center[1] // 2)
    layer = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(layer)
    length = 2 * max(width, height)
    count = rng.randint(5, 9)
    start = rng.uniform(0, math.tau / count)
    for n in range(count):
        angle = start + n * math.tau / count + rng.uniform(-0.12, 0.12)
        spread = rng.uniform(0.035, 0.07)
        points = [center]
        for edge in (angle - spread, angle + spread):
            points.append(
                (center[0] + length * math.cos(edge), center[1] + length * math.sin(edge))
            )
        draw.polygon(points, fill=round(255 * rng.uniform(0.10, 0.2)))
    layer = layer.filter(ImageFilter.GaussianBlur(max(1, width // 120)))
    fade = Image.new("L", (width, height), 0)
    reach = max(width, height)
    fade.paste(_radial_mask(2 * reach, 1.0, falloff=1.2), (center[0] - reach, center[1] - reach))
    mask = ImageChops.multiply(layer, fade).resize(canvas.size, Image.Resampling.BILINEAR)
    canvas.paste(color, (0, 0), mask)


def _ridge(width: int, base: float, rng: random.Random, *, waves: bool, height: int):
    """The top edge of a hill or wave: a sum of a few sines."""
    terms = []
    for k in range(3):
        if waves:
            frequency = rng.uniform(1.2, 3.2) * (k + 1)
            amplitude = height * rng.uniform(0.012, 0.03) / (k + 1)
        else:
            frequency = rng.uniform(0.4, 1.3) * (k + 1)
            amplitude = height * rng.uniform(0.03, 0.08) / (k + 1)
        terms.append((frequency, amplitude, rng.uniform(0, math.tau)))
    step = max(1, width // 200)
    return [
        (x, base + sum(a * math.sin(math.tau * f * x / width + p) for f, a, p in terms))
        for x in range(-step, width + 2 * step, step)
    ]


def _fill_below(canvas: Image.Image, ridge, top: RGB, bottom: RGB) -> None:
    """Fills the area under the ridge with a gradient from top to bottom."""
    width, height = canvas.size
    # From just above the ridge's highest point, where its softened edge begins.
    y0 = max(0, min(int(min(y for _, y in ridge)) - 3, height - 1))
    mask = Image.new("L", (width, height - y0), 0)
    shape = [(x, y - y0) for x, y in ridge] + [(width, height - y0), (0, height - y0)]
    ImageDraw.Draw(mask).polygon(shape, fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(EDGE_SOFTNESS))
    canvas.paste(_gradient((width, height - y0), top, bottom), (0, y0), mask)


def _landscape_image(size: tuple[int, int], seed: str, palette: Palette) -> Image.Image:
    """Sky, sun, light and layered hills or waves; a different scene for every seed."""
    rng = _random(seed)
    width, height = size[0] // DRAW_SCALE, size[1] // DRAW_SCALE
    brand, accent = palette.brand, palette.accent
    mood = rng.choice(("dawn", "day", "dusk"))
    if mood == "dawn":
        sky_top, sky_bottom = _mix(MIST, brand, 0.18), _mix(CREAM, accent, 0.16)
    elif mood == "day":
        sky_top, sky_bottom = _mix(MIST, brand, 0.28), _mix(MIST, WHITE, 0.6)
    else:
        sky_top, sky_bottom = _mix(_mix(MIST, brand, 0.45), SAND, 0.15), _mix(SAND, accent, 0.2)
    canvas = _gradient((width, height), sky_top, sky_bottom)

    sun = (round(width * rng.uniform(0.18, 0.82)), round(height * rng.uniform(0.22, 0.5)))
    sun_radius = round(min(width, height) * rng.uniform(0.06, 0.1))
    _glow(canvas, sun, sun_radius * 5, _mix(CREAM, accent, 0.3), 0.55)
    if rng.random() < 0.7:
        _rays(canvas, sun, rng, _mix(WHITE, CREAM, 0.5))
    sun_layer = Image.new("L", canvas.size, 0)
    ImageDraw.Draw(sun_layer).ellipse(
        [sun[0] - sun_radius, sun[1] - sun_radius, sun[0] + sun_radius, sun[1] + sun_radius],
        fill=230,
    )
    sun_layer = sun_layer.filter(ImageFilter.GaussianBlur(EDGE_SOFTNESS))
    canvas.paste(_mix(CREAM, accent, 0.42), (0, 0), sun_layer)

    # A few soft circles drifting in the sky.
    for _ in range(rng.choice((0, 2, 3, 4))):
        radius = round(min(width, height) * rng.uniform(0.04, 0.12))
        center = (round(width * rng.random()), round(height * rng.uniform(0.1, 0.45)))
        _glow(canvas, center, radius, WHITE, rng.uniform(0.25, 0.45))

    waves = rng.random() < 0.4
    layers = rng.randint(3, 5)
    for n in range(layers):
        depth = n / (layers - 1)  # 0 far, 1 near
        base = height * (0.5 + 0.36 * depth + rng.uniform(-0.03, 0.03))
        tone = _mix(_mix(sky_bottom, MIST, 0.6), brand, 0.2 + 0.66 * depth)
        if rng.random() < 0.25 and 0 < n < layers - 1:
            tone = _mix(tone, _mix(SAND, accent, 0.25), 0.45)  # a warm field now and then
        _fill_below(
            canvas,
            _ridge(width, base, rng, waves=waves, height=height),
            tone,
            _mix(tone, brand, 0.25),
        )
    return canvas.resize(size, Image.Resampling.BILINEAR)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# The images ---------------------------------------------------------------------------


def landscape(seed: str, size: tuple[int, int], palette: Palette | None = None) -> bytes:
    """A JPEG landscape of the given size, different for every seed."""
    return _jpeg(_landscape_image(size, seed, palette or Palette.default()))


def home_hero(palette: Palette | None = None) -> bytes:
    return landscape("home", HOME_HERO_SIZE, palette)


def post_image(slug: str, palette: Palette | None = None) -> bytes:
    return landscape(f"post:{slug}", POST_SIZE, palette)


def treatment_image(slug: str, palette: Palette | None = None) -> bytes:
    return landscape(f"treatment:{slug}", TREATMENT_SIZE, palette)


def portrait_placeholder(palette: Palette | None = None) -> bytes:
    """A flat head-and-shoulders shape on a soft background: a placeholder, not a person."""
    palette = palette or Palette.default()
    width, height = PORTRAIT_SIZE
    canvas = _gradient(PORTRAIT_SIZE, _mix(MIST, palette.brand, 0.08), CREAM)
    _glow(canvas, (width // 2, height * 2 // 5), width * 2 // 5, WHITE, 0.6)
    big = (width * SUPERSAMPLE, height * SUPERSAMPLE)
    mask = Image.new("L", big, 0)
    draw = ImageDraw.Draw(mask)
    s = SUPERSAMPLE
    head_radius, head_y = 112 * s, 258 * s
    draw.ellipse(
        [
            big[0] // 2 - head_radius,
            head_y - head_radius,
            big[0] // 2 + head_radius,
            head_y + head_radius,
        ],
        fill=255,
    )
    draw.ellipse([118 * s, 408 * s, 522 * s, 820 * s], fill=255)
    mask = mask.resize(PORTRAIT_SIZE, Image.Resampling.LANCZOS)
    tone = _mix(_mix(palette.brand, STONE, 0.6), CREAM, 0.35)
    canvas.paste(tone, (0, 0), mask)
    return _jpeg(canvas)


def logo(palette: Palette | None = None, *, dark: bool = False) -> bytes:
    """A rising sun over two waves on a transparent square: the practice's mark.

    `dark` draws it in lighter tones, for dark backgrounds.
    """
    palette = palette or Palette.default()
    sun, waves = palette.accent, palette.brand
    if dark:
        sun, waves = _mix(palette.accent, (255, 214, 160), 0.55), _mix(palette.brand, WHITE, 0.62)
    s = SUPERSAMPLE
    size = (LOGO_SIZE[0] * s, LOGO_SIZE[1] * s)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    cx, horizon, radius = 256 * s, 292 * s, 118 * s
    draw.pieslice(
        [cx - radius, horizon - radius, cx + radius, horizon + radius], 180, 360, fill=sun
    )
    ray_width = 22 * s
    for angle in (200, 235, 270, 305, 340):
        inner, outer = radius + 28 * s, radius + 74 * s
        points = [
            (cx + r * math.cos(math.radians(angle)), horizon + r * math.sin(math.radians(angle)))
            for r in (inner, outer)
        ]
        draw.line(points, fill=sun, width=ray_width)
        for x, y in points:
            half = ray_width / 2
            draw.ellipse([x - half, y - half, x + half, y + half], fill=sun)
    wave_width = 30 * s
    for row, (y, span) in enumerate(((338 * s, 170 * s), (404 * s, 138 * s))):
        points = [
            (
                cx + x,
                y + 14 * s * math.sin(math.tau * (x / (2 * span)) * 1.5 + row * math.pi),
            )
            for x in range(-span, span + 1, 4 * s)
        ]
        draw.line(points, fill=waves, width=wave_width, joint="curve")
        for x, y_end in (points[0], points[-1]):
            half = wave_width / 2
            draw.ellipse([x - half, y_end - half, x + half, y_end + half], fill=waves)
    # Reduce with premultiplied alpha, so the edges do not darken.
    image = image.convert("RGBa").resize(LOGO_SIZE, Image.Resampling.LANCZOS).convert("RGBA")
    return _png(image)


def _font(font_path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if font_path:
        try:
            return ImageFont.truetype(font_path, size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def _fit_lines(draw, text: str, font_path, max_width: int, sizes=(64, 58, 52, 46, 40)):
    """The largest font size at which text fits max_width in one line, or else in two."""
    words = text.split()
    for lines_allowed in (1, 2):
        for size in sizes:
            font = _font(font_path, size)
            lines = _wrap(draw, words, font, max_width)
            if len(lines) <= lines_allowed:
                return font, lines
    font = _font(font_path, sizes[-1])
    return font, _wrap(draw, words, font, max_width)[:2]


def _wrap(draw, words: list[str], font, max_width: int) -> list[str]:
    lines: list[str] = []
    for word in words:
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def share_image(
    practice_name: str, font_path: str | None = None, palette: Palette | None = None
) -> bytes:
    """The default image for shared links: a landscape with the practice's name on a panel.

    font_path is a TrueType, OpenType or WOFF2 font (the practice's typeface, bold);
    without one, or if it cannot be read, Pillow's own font is used.
    """
    palette = palette or Palette.default()
    canvas = _landscape_image(SHARE_SIZE, "share", palette).convert("RGBA")
    width, height = SHARE_SIZE
    margin, padding = 56, 48
    overlay = Image.new("RGBA", SHARE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    font, lines = _fit_lines(draw, practice_name, font_path, width - 2 * (margin + padding))
    ascent, descent = font.getmetrics()
    line_height = round((ascent + descent) * 1.12)
    text_width = max(round(draw.textlength(line, font=font)) for line in lines)
    box_height = line_height * len(lines) + 2 * padding
    top = height - margin - box_height
    draw.rounded_rectangle(
        [margin, top, margin + text_width + 2 * padding, height - margin],
        radius=20,
        fill=(*CREAM, 232),
    )
    draw.rectangle(
        [margin + 22, top + 24, margin + 29, height - margin - 24], fill=(*palette.accent, 255)
    )
    for n, line in enumerate(lines):
        draw.text(
            (margin + padding, top + padding + n * line_height),
            line,
            font=font,
            fill=(*palette.brand, 255),
        )
    return _jpeg(Image.alpha_composite(canvas, overlay).convert("RGB"))
