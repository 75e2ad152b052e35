"""`{% concert_json_ld concert artist_name image_slot %}`: a concert page's MusicEvent
(concerts/structured_data.py) as rendered into its kept article (concerts/includes/concert_page.html), the
portrait's address left as `image_slot`: with a private bucket it is signed and expires, so the page
puts it in on each request (concerts/views.py, `concert_page`)."""

from django import template

from fansite.templatetags.json_ld import json_ld

from ..structured_data import music_event

register = template.Library()


@register.simple_tag
def concert_json_ld(concert, artist_name, image_slot):
    data = music_event(concert, artist_name)
    if "image" in data:
        data["image"] = [image_slot]
    return json_ld(data)
