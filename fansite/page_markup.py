"""Markdown written by editors, turned into HTML that is safe to show as is.

The lead will move the nh3 call into the shared fansite/sanitize.py; until then it lives in one function here.
"""

import markdown
import nh3

# A page has its own <h1> (the title), so Markdown headings start at h2; no images (no way to ask for alt text),
# no raw HTML beyond what Markdown itself produces.
ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote", "code", "pre", "br", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_page_html(html):
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")


def render_markdown(text):
    html = markdown.markdown(text or "", output_format="html", extensions=["sane_lists"])
    # "# Heading" would be a second h1 on the page: keep it as a section heading instead of dropping it.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitize_page_html(html)
