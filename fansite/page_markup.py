"""Markdown written by editors, turned into HTML that is safe to show as is (cleaned by fansite/sanitize.py)."""

import markdown
from django.conf import settings

from .sanitize import sanitize_html

# A page has its own <h1> (the title), so Markdown headings start at h2; no images (no way to ask for alt text),
# no raw HTML beyond what Markdown itself produces.
PAGE_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote", "code", "pre", "br", "hr"}
PAGE_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_page_html(html):
    return sanitize_html(html, tags=PAGE_TAGS, attributes=PAGE_ATTRIBUTES)


def render_markdown(text):
    html = markdown.markdown(text or "", output_format="html", extensions=["sane_lists"])
    # "# Heading" would be a second h1 on the page: keep it as a section heading instead of dropping it.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitize_page_html(html)


def render_body_in_every_language(instance, source="body", target="body_html"):
    """Fill `<target>_<lang>` from `<source>_<lang>` (Markdown, sanitised) for every language of the site:
    what a model with per-language columns (fansite/*/translation.py) stores on save."""
    for code, _name in settings.LANGUAGES:
        suffix = code.replace("-", "_")
        text = getattr(instance, f"{source}_{suffix}", None)
        setattr(instance, f"{target}_{suffix}", render_markdown(text) if text else "")
