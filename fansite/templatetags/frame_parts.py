"""`{% frame_part "name" %}…{% endframe_part %}`: a part of base.html that every page shares (the site's
name and menu, the footer), rendered once per `frame_parts_key` (fansite/page_frame.py: a hash of what the
parts show) and kept in this process's "frame" cache for FRAGMENT_CACHE_SECONDS.

Why not Django's `{% cache %}` tag, which does the same lookup: a page must never fail for its cache, and
that tag raises when its cache is not configured (a deployment's own CACHES) and reads the cache even
with a timeout of 0. Here a missing "frame" cache, a timeout of 0 or a request without the key (a
template rendered without the site's context processor) render the part, as if it were not kept."""

from django import template
from django.conf import settings
from django.core.cache import caches

register = template.Library()


class FramePartNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        seconds = settings.FRAGMENT_CACHE_SECONDS
        key = context.get("frame_parts_key")
        if seconds <= 0 or key is None or "frame" not in settings.CACHES:
            return self.nodelist.render(context)
        cache, key = caches["frame"], f"frame-part:{self.name}:{key}"
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, seconds)
        return html


@register.tag
def frame_part(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% frame_part \"name\" %} takes one quoted name")
    nodelist = parser.parse(("endframe_part",))
    parser.delete_first_token()
    return FramePartNode(bits[1][1:-1], nodelist)
