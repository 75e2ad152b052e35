"""
Sanitising staff-entered HTML (rich text, or the HTML that Markdown renders to) with nh3.

Only what prose needs survives: paragraphs, emphasis, lists, quotes, headings below the page's h1,
links and images. Scripts, styles, event-handler attributes and `javascript:`/`data:` URLs are removed.
A template may mark a value `|safe` only when it went through `sanitize_html` (stored values are cleaned
when their row is saved, as `Page.save` does with the Markdown it renders).
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "s", "small", "sub", "sup", "mark",
    "abbr", "cite", "q", "code", "pre", "kbd", "blockquote",
    "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with everything inside them, not just unwrapped to text.
REMOVED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript"}


def sanitize_html(html: str, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES) -> str:
    """Staff HTML → HTML that is safe to render with `|safe`. Callers may narrow the allowed tags and
    attributes (never widen them past what is safe: no script, style or event attributes)."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(tags),
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes={tag: set(names) for tag, names in attributes.items()},
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
