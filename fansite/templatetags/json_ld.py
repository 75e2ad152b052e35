"""`{% json_ld data %}`: structured data as a <script type="application/ld+json"> element (fansite/seo/json_ld.py)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from fansite.seo.json_ld import to_json_ld

register = template.Library()


@register.simple_tag
def json_ld(data):
    """A JSON-LD script element, or nothing when there is no data."""
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(to_json_ld(data)))
