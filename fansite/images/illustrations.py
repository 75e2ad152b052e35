"""Abstract illustrations drawn with Pillow for the demo content (portrait, album cover, photos), so the
demo needs no download and claims no photograph.

Each picture is one motif taken from the violin (the scroll's spiral, the strings, the resonance of the
body, evening light on a stage) in fine gold line over a deep gradient, in the site's palette
(static/css/site.css: night, wine, gold). Lines are drawn at twice the size and scaled down, so they are
smooth; the result is a plain RGB image that goes through the same hardening and renditions as an upload.
"""

import io
import math
from enum import Enum

from PIL import Image, ImageDraw, ImageFilter

NIGHT = (36, 28, 43)
INK = (24, 18, 29)
PLUM = (74, 44, 78)
WINE = (122, 31, 61)
MIDNIGHT = (33, 40, 61)
GOLD = (232, 201, 135)
EMBER = (176, 92, 70)

SUPERSAMPLE = 2
BACKGROUND_SCALE = 4  # gradients and glows are made at a quarter of the size, then scaled up


class Motif(Enum):
    """What an illustration shows; each is composed for the shape it is used in."""

    PORTRAIT = "portrait"  # tall: the scroll's spiral above four strings, a wine glow behind
    RESONANCE = "resonance"  # square: rings spreading from the body of the instrument, one arc lit
    SCROLL = "scroll"  # a golden spiral, like a violin's scroll, on plum
    RIVER = "river"  # four strings flowing like a river, on wine
    EVENING = "evening"  # a low gold light over a stage's lines, on midnight blue


def _gradient(size, start, end, angle=90):
    """A linear gradient from `start` to `end` across the picture (angle 90: top to bottom)."""
    width, height = size
    # Made small and scaled up: a gradient has no detail to lose, and this keeps a picture's cost in its lines.
    small = (max(2, width // BACKGROUND_SCALE), max(2, height // BACKGROUND_SCALE))
    side = math.ceil(math.hypot(*small))  # turned by any angle, the square still covers the picture
    mask = Image.linear_gradient("L").resize((side, side), Image.Resampling.BILINEAR)
    mask = mask.rotate(90 - angle, resample=Image.Resampling.BILINEAR)
    left, top = (side - small[0]) // 2, (side - small[1]) // 2
    mask = mask.crop((left, top, left + small[0], top + small[1]))
    return Image.composite(Image.new("RGB", small, end), Image.new("RGB", small, start), mask)


def _glow(image, centre, radius, colour, strength):
    """A soft round light of `colour` at `centre` (fractions of the size), `radius` a fraction of the width."""
    width, height = image.size
    r = max(1, int(radius * width))
    spot = Image.radial_gradient("L").resize((2 * r, 2 * r), Image.Resampling.BILINEAR)
    # Pillow's radial gradient reaches 255 in the corners (181 at the middle of each side): the light
    # fades out at the middle of the side, so the square's edges never show.
    spot = spot.point(lambda v: int(255 * strength * max(0.0, 1 - v / 181) ** 2))
    mask = Image.new("L", image.size, 0)
    mask.paste(spot, (int(centre[0] * width) - r, int(centre[1] * height) - r))
    return Image.composite(Image.new("RGB", image.size, colour), image, mask)


class _LineLayer:
    """Gold line art on a transparent layer at SUPERSAMPLE times the size; `onto` scales it down and lays it
    over the background."""

    def __init__(self, size):
        self.size = size
        self.layer = Image.new("RGBA", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.layer)
        self.unit = min(size) * SUPERSAMPLE / 1000  # line widths are given per 1000 px of the short side

    def point(self, x, y):
        return (x * self.size[0] * SUPERSAMPLE, y * self.size[1] * SUPERSAMPLE)

    def line(self, points, width=1.5, alpha=255, colour=GOLD):
        self.draw.line([self.point(x, y) for x, y in points], fill=(*colour, alpha),
                       width=max(1, round(width * self.unit)), joint="curve")

    def circle(self, centre, radius, width=1.5, alpha=255, start=0, end=360, colour=GOLD):
        cx, cy = self.point(*centre)
        r = radius * self.size[0] * SUPERSAMPLE
        self.draw.arc((cx - r, cy - r, cx + r, cy + r), start, end, fill=(*colour, alpha),
                      width=max(1, round(width * self.unit)))

    def onto(self, background, blur=0):
        """The lines over `background` (made at 1/BACKGROUND_SCALE of the size), as the finished picture."""
        image = background.resize(self.size, Image.Resampling.BICUBIC).convert("RGBA")
        layer = self.layer.reduce(SUPERSAMPLE)  # a box filter: enough to smooth lines drawn at twice the size
        if blur:  # a faint halo under the line, as light on varnish (blurred small: it has no detail)
            small = layer.reduce(BACKGROUND_SCALE).filter(ImageFilter.GaussianBlur(max(1, blur / BACKGROUND_SCALE)))
            image = Image.alpha_composite(image, small.resize(self.size, Image.Resampling.BILINEAR))
        return Image.alpha_composite(image, layer).convert("RGB")


def _spiral(lines, centre, turns, start_radius, growth, width, alpha, aspect=1.0):
    """A logarithmic (golden) spiral from the centre outwards, as a violin's scroll winds."""
    points = []
    steps = int(turns * 120)
    for i in range(steps + 1):
        angle = i / 120 * 2 * math.pi
        radius = start_radius * math.exp(growth * angle)
        points.append((centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle) * aspect))
    lines.line(points, width=width, alpha=alpha)


def _strings(lines, count, x_top, x_bottom, spread_top, spread_bottom, y_top=0.0, y_bottom=1.0, width=1.2,
             alpha=150, sway=0.0, phase=0.0):
    """`count` strings from top to bottom, converging or spreading, each with an optional gentle sway."""
    for i in range(count):
        offset = i - (count - 1) / 2
        points = []
        for step in range(61):
            t = step / 60
            x = (x_top + offset * spread_top) * (1 - t) + (x_bottom + offset * spread_bottom) * t
            x += sway * math.sin(t * math.pi * 2 + phase + i * 0.5)
            points.append((x, y_top + (y_bottom - y_top) * t))
        lines.line(points, width=width, alpha=alpha)


def _portrait(size):
    width, height = size
    image = _gradient(size, INK, PLUM, angle=100)
    image = _glow(image, (0.7, 0.3), 0.75, WINE, 0.85)
    image = _glow(image, (0.62, 0.36), 0.28, EMBER, 0.35)
    lines = _LineLayer(size)
    aspect = width / height
    _spiral(lines, (0.6, 0.34), turns=3.2, start_radius=0.006, growth=0.2, width=2.4, alpha=235, aspect=aspect)
    _strings(lines, 4, 0.6, 0.44, 0.012, 0.05, y_top=0.47, y_bottom=1.02, width=1.3, alpha=170)
    for i, radius in enumerate((0.5, 0.62, 0.76)):
        lines.circle((0.6, 0.34), radius, width=0.9, alpha=70 - 18 * i, start=100, end=250)
    return lines.onto(image, blur=3)


def _resonance(size):
    image = _gradient(size, WINE, INK, angle=120)
    image = _glow(image, (0.38, 0.62), 0.6, EMBER, 0.45)
    lines = _LineLayer(size)
    for i in range(14):
        radius = 0.05 + i * 0.045
        lines.circle((0.38, 0.62), radius, width=1.1, alpha=max(30, 200 - i * 12))
    lines.circle((0.38, 0.62), 0.05 + 6 * 0.045, width=4, alpha=255, start=-75, end=15)
    return lines.onto(image, blur=2)


def _scroll(size):
    width, height = size
    image = _gradient(size, INK, PLUM, angle=80)
    image = _glow(image, (0.35, 0.45), 0.45, WINE, 0.7)
    lines = _LineLayer(size)
    _spiral(lines, (0.36, 0.46), turns=3.4, start_radius=0.005, growth=0.19, width=2.2, alpha=240, aspect=width / height)
    _strings(lines, 4, 0.74, 0.82, 0.03, 0.03, width=1.0, alpha=120)
    return lines.onto(image, blur=3)


def _river(size):
    image = _gradient(size, INK, WINE, angle=60)
    image = _glow(image, (0.55, 0.55), 0.55, EMBER, 0.35)
    lines = _LineLayer(size)
    for i in range(4):
        points = []
        for step in range(121):
            x = step / 120
            y = 0.38 + 0.07 * i + 0.09 * math.sin(x * math.pi * 1.6 + i * 0.35) * (0.6 + 0.4 * x)
            points.append((x, y))
        lines.line(points, width=1.8 - 0.25 * i, alpha=235 - 35 * i)
    return lines.onto(image, blur=3)


def _evening(size):
    image = _gradient(size, INK, MIDNIGHT, angle=90)
    image = _glow(image, (0.5, 0.78), 0.5, EMBER, 0.55)
    image = _glow(image, (0.5, 0.8), 0.22, GOLD, 0.45)
    lines = _LineLayer(size)
    for i in range(9):
        y = 0.8 + i * 0.024
        lines.line([(0.0, y), (1.0, y)], width=0.9, alpha=max(30, 150 - i * 14))
    for i in range(7):  # the light's rays
        angle = math.radians(200 + i * 23.3)
        lines.line([(0.5, 0.8), (0.5 + 0.9 * math.cos(angle), 0.8 + 0.9 * math.sin(angle))], width=0.7, alpha=45)
    return lines.onto(image, blur=2)


DRAW = {Motif.PORTRAIT: _portrait, Motif.RESONANCE: _resonance, Motif.SCROLL: _scroll, Motif.RIVER: _river,
        Motif.EVENING: _evening}


def illustration(motif, size):
    """The `motif` drawn at `size` (width, height), as an RGB image."""
    return DRAW[motif](size)


def illustration_bytes(motif, size, fmt="JPEG"):
    """The illustration encoded as `fmt`, ready for a HardenedImageField."""
    buffer = io.BytesIO()
    illustration(motif, size).save(buffer, fmt, quality=90)
    return buffer.getvalue()
