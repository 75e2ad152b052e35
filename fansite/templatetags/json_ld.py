"""The one place where structured data becomes a <script type="application/ld+json"> element.

The data is serialised with json.dumps; <, > and & are then written as \\u003c, \\u003e and \\u0026, which
JSON parsers read back unchanged but which can never close the script element (a title containing
"</script>" stays inside the JSON) nor start an HTML comment or entity.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# U+2028/U+2029 are legal in JSON but end a line in older JavaScript parsers; escaped too.
_HTML_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def to_json_ld(data):
    """JSON text that is safe to place inside an HTML <script> element."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)


@register.simple_tag
def json_ld(data):
    """{% json_ld data %}: a JSON-LD script element, or nothing when there is no data."""
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(to_json_ld(data)))
