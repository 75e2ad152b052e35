"""docs/screenshots/ holds every public page at 375 and 1280 px in each language, small, and the README's
"What it looks like" table shows them all (`make screenshots`, scripts/screenshots.py, takes them again)."""

import importlib.util
import io
import random
import re

import pytest
from django.conf import settings
from PIL import Image

from tests.public_pages import load_site_content, public_pages

spec = importlib.util.spec_from_file_location("screenshots", settings.BASE_DIR / "scripts" / "screenshots.py")
screenshots = importlib.util.module_from_spec(spec)
spec.loader.exec_module(screenshots)


def readme_table():
    text = (settings.BASE_DIR / "README.md").read_text()
    return text.split(screenshots.TABLE_START, 1)[1].split(screenshots.TABLE_END, 1)[0]


@pytest.mark.django_db
def test_the_readme_shows_every_public_page_in_each_language_and_width():
    load_site_content()
    table = readme_table()
    expected = set()
    for label, _path, _status in public_pages():
        language, page = (label.split("-", 1) if label.startswith("ru-") else (settings.LANGUAGE_CODE, label))
        for width, _height, _cap in screenshots.VIEWPORTS:
            expected.add(f"docs/screenshots/{language}-{page}-{width}.png")
    referenced = set(re.findall(r'src="(docs/screenshots/[^"]+\.png)"', table))
    assert expected <= referenced, f"run `make screenshots`: missing {sorted(expected - referenced)}"


def test_every_screenshot_in_the_readme_is_a_small_png_of_its_width():
    caps = {width: cap for width, _height, cap in screenshots.VIEWPORTS}
    referenced = sorted(set(re.findall(r'src="(docs/screenshots/[^"]+\.png)"', readme_table())))
    assert referenced
    for name in referenced:
        path = settings.BASE_DIR / name
        assert path.exists(), name
        assert path.stat().st_size <= screenshots.MAX_BYTES, name
        width = int(re.search(r"-(\d+)\.png$", name).group(1))
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width == width and image.height <= caps[width], name


def test_a_busy_screenshot_is_reduced_below_the_limit():
    """A page full of detail (noise is the worst case) still comes out at 150 KB or less."""
    rng = random.Random(16)
    image = Image.new("RGB", (1280, 1800), (250, 247, 242))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) if i % 7 == 0 else (250, 247, 242)
                   for i in range(1280 * 1800)])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    small = screenshots.small_png(buffer.getvalue())
    with Image.open(io.BytesIO(small)) as result:
        assert result.mode == "P" and result.size == (1280, 1800)
    assert len(small) <= screenshots.MAX_BYTES or len(Image.open(io.BytesIO(small)).getcolors(256) or []) <= 32
