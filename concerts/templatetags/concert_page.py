"""`{% concert_json_ld concert artist_name image_slot %}`: a concert page's MusicEvent
(concerts/structured_data.py) as rendered into its kept article (concerts/includes/concert_page.html), the
portrait's address left as `image_slot`, its last value: with a private bucket it is signed and expires,
so the page puts it in on each request (concerts/views.py, `concert_page`), in place of the last string
equal to the slot (an editor's text, earlier in the event, may be)."""

from django import template

from fansite.templatetags.json_ld import json_ld

from ..structured_data import music_event

register = template.Library()


@register.simple_tag
def concert_json_ld(concert, artist_name, image_slot):
    data = music_event(concert, artist_name)
    if "image" in data:  # last, so that no text before it can be taken for the slot
        del data["image"]
        data["image"] = [image_slot]
    return json_ld(data)
