"""The one place where structured data becomes JSON text safe inside a <script type="application/ld+json">.

The data is serialised with json.dumps; <, > and & are then written as \\u003c, \\u003e and \\u0026, which
JSON parsers read back unchanged but which can never close the script element (a title containing
"</script>" stays inside the JSON) nor start an HTML comment or entity. `{% json_ld %}`
(fansite/templatetags/json_ld.py) prints it.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

# U+2028/U+2029 are legal in JSON but end a line in older JavaScript parsers; escaped too.
_HTML_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def to_json_ld(data):
    """JSON text that is safe to place inside an HTML <script> element."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)
