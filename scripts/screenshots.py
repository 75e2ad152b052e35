#!/usr/bin/env python
"""Screenshots of every public page (tests/public_pages.py) at 375 and 1280 px, in English and Russian, into
docs/screenshots/, and the table of them in the README's "What it looks like" section. `make screenshots`.

The site runs on a fresh SQLite database in a temporary folder, filled as the tests fill it (the demo
content plus one concert with a programme and a news post), served by `manage.py runserver --insecure` with
DEBUG off, as under `make run`; Debian's Chromium takes the pictures through Playwright. Each picture is the
full page up to a height cap, reduced to a palette of colours so that it stays small (150 KB at most, or
with 32 colours if even that is larger).
"""

import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
OUTPUT = PROJECT / "docs" / "screenshots"
README = PROJECT / "README.md"
TABLE_START, TABLE_END = "<!-- screenshots:start -->", "<!-- screenshots:end -->"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# (width, height of the window, the tallest picture kept)
VIEWPORTS = [(375, 740, 2400), (1280, 900, 1800)]
MAX_BYTES = 150_000
PALETTE_SIZES = (256, 128, 64, 32)  # fewer colours until the file is small enough


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_site(folder, port):
    """The environment of a site on a fresh database in `folder`, migrated and filled; returns
    [(language, label, path)] of its public pages."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST"}},
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}", "MEDIA_ROOT": str(folder / "media"), "DEBUG": "0",
        "SITE_URL": f"http://127.0.0.1:{port}", "DJANGO_SETTINGS_MODULE": "fansite.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from tests.public_pages import load_site_content, public_pages

    call_command("migrate", verbosity=0)
    load_site_content()
    prefixes = tuple(f"{code}-" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    pages = []
    for label, path, _status in public_pages():
        language = label.split("-", 1)[0] if label.startswith(prefixes) else settings.LANGUAGE_CODE
        pages.append((language, label.removeprefix(f"{language}-"), path))
    connections.close_all()
    return env, pages


def serve(env, port):
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("screenshots: the site did not start")


def small_png(png, max_bytes=MAX_BYTES):
    """The screenshot as a palette PNG, with as many colours as fit in `max_bytes`."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    for colours in PALETTE_SIZES:
        buffer = io.BytesIO()
        # Dithered, so the gradients of the pictures do not break into bands.
        image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG).save(
            buffer, "PNG", optimize=True)
        if buffer.tell() <= max_bytes:
            break
    return buffer.getvalue()


def photograph(base_url, pages):
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height, cap in VIEWPORTS:
            context = browser.new_context(viewport={"width": width, "height": height}, base_url=base_url)
            page = context.new_page()
            for language, label, path in pages:
                page.goto(path, wait_until="load")
                # Pictures further down load lazily; a screenshot should show them as a reader scrolling would.
                page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
                page.wait_for_load_state("networkidle")
                full_height = page.evaluate("document.documentElement.scrollHeight")
                png = page.screenshot(full_page=True,
                                      clip={"x": 0, "y": 0, "width": width, "height": min(full_height, cap)})
                target = OUTPUT / f"{language}-{label}-{width}.png"
                target.write_bytes(small_png(png))
                written.append(target)
                print(f"{target.relative_to(PROJECT)}  {target.stat().st_size // 1024} KB")
            context.close()
        browser.close()
    return written


def readme_table(pages):
    """The README's table of thumbnails: one row per page, a column per language and width."""
    languages = list(dict.fromkeys(language for language, _label, _path in pages))
    labels = list(dict.fromkeys(label for _language, label, _path in pages))
    widths = [width for width, _height, _cap in VIEWPORTS]
    header = "| page | " + " | ".join(f"{language} {width} px" for language in languages for width in widths) + " |"
    lines = [header, "|---" * (1 + len(languages) * len(widths)) + "|"]
    for label in labels:
        cells = []
        for language in languages:
            for width in widths:
                name = f"docs/screenshots/{language}-{label}-{width}.png"
                cells.append(f'<a href="{name}"><img src="{name}" width="{60 if width < 1000 else 120}" '
                             f'alt="{label}, {language}, {width} px"></a>')
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def update_readme(pages):
    text = README.read_text()
    if TABLE_START not in text or TABLE_END not in text:
        sys.exit(f"screenshots: README.md has no {TABLE_START} … {TABLE_END} section to fill")
    table = f"{TABLE_START}\n{readme_table(pages)}\n{TABLE_END}"
    README.write_text(re.sub(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), lambda _m: table, text, flags=re.S))


def main():
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="fansite-screenshots-") as folder:
        env, pages = prepare_site(Path(folder), port)
        server = serve(env, port)
        try:
            photograph(f"http://127.0.0.1:{port}", pages)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    update_readme(pages)


if __name__ == "__main__":
    main()
