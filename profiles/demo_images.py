"""Demo pictures drawn with Pillow at load time, so the demo needs no download and claims no photograph."""

import io
import math

from PIL import Image, ImageDraw, ImageFilter

NIGHT = (36, 28, 43)
PLUM = (74, 44, 78)
GOLD = (232, 201, 135)
WINE = (122, 31, 61)


def _gradient(size, top, bottom):
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return image


def _violin_outline(draw, cx, cy, scale, colour, width):
    """Two stacked ellipses and a neck: the silhouette of a violin body, drawn as line art."""
    upper = (cx - 0.8 * scale, cy - 1.6 * scale, cx + 0.8 * scale, cy - 0.1 * scale)
    lower = (cx - 1.0 * scale, cy - 0.4 * scale, cx + 1.0 * scale, cy + 1.6 * scale)
    draw.ellipse(upper, outline=colour, width=width)
    draw.ellipse(lower, outline=colour, width=width)
    draw.line([(cx, cy - 1.6 * scale), (cx, cy - 3.2 * scale)], fill=colour, width=width * 2)
    for side in (-1, 1):  # f-holes, as two short arcs
        x = cx + side * 0.38 * scale
        draw.arc((x - 0.12 * scale, cy - 0.5 * scale, x + 0.12 * scale, cy + 0.5 * scale), 80, 280 if side < 0 else 100,
                 fill=colour, width=max(1, width // 2))


def _strings(draw, size, colour, count=4, phase=0.0):
    width, height = size
    for i in range(count):
        points = []
        for x in range(0, width + 1, 8):
            y = height * (0.55 + 0.06 * i) + math.sin(x / width * math.pi * 2 + phase + i * 0.6) * height * 0.05
            points.append((x, y))
        draw.line(points, fill=colour, width=2)


def draw_artwork(size=(900, 1200), variant=0):
    image = _gradient(size, NIGHT, [PLUM, WINE, (46, 62, 88)][variant % 3])
    glow = Image.new("RGB", size, (0, 0, 0))
    glow_draw = ImageDraw.Draw(glow)
    w, h = size
    glow_draw.ellipse((w * 0.15, h * 0.2, w * 0.85, h * 0.8), fill=(90, 60, 40))
    image = Image.blend(image, glow.filter(ImageFilter.GaussianBlur(radius=min(size) // 6)), 0.35)
    draw = ImageDraw.Draw(image)
    _strings(draw, size, (*GOLD, 255), phase=variant)
    _violin_outline(draw, w * 0.5, h * (0.55 if h > w else 0.6), min(w, h) * 0.16, GOLD, max(2, min(size) // 180))
    return image


def artwork_bytes(size=(900, 1200), variant=0, fmt="JPEG"):
    buffer = io.BytesIO()
    draw_artwork(size, variant).save(buffer, fmt, quality=88)
    return buffer.getvalue()
