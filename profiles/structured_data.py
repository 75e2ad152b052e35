"""schema.org JSON-LD for the discography, safe to place inside <script type="application/ld+json">."""

import json

from django.conf import settings
from django.utils.safestring import mark_safe

from . import renditions

# Inside a <script> element "</script>" or "<!--" would end or confuse it; escaping <, > and & (and the
# two JavaScript line separators) keeps any text an editor types inert. The lead will merge this with
# the concerts helper.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_ld(data):
    return mark_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES))


def _absolute(url):
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def music_album(recording, artist_name):
    album = {
        "@type": "MusicAlbum",
        "@id": _absolute(recording.get_absolute_url()),
        "name": recording.title,
        "url": _absolute(recording.get_absolute_url()),
        "albumProductionType": "https://schema.org/StudioAlbum",
        "byArtist": {"@type": "Person", "name": artist_name},
    }
    if recording.description:
        album["description"] = recording.description
    if recording.year:
        album["datePublished"] = str(recording.year)
    if recording.label:
        album["recordLabel"] = {"@type": "Organization", "name": recording.label}
    cover = renditions.closest(recording.renditions, "square", "jpeg", 1600)
    if cover:
        album["image"] = _absolute(renditions.url(cover[2]))
    awards = [" – ".join(p for p in (a.name, a.category, a.get_result_display(), str(a.year or "")) if p)
              for a in recording.awards.all()]
    if awards:
        album["award"] = awards
    tracks = list(recording.tracks.all())
    if tracks:
        album["numTracks"] = len(tracks)
        album["track"] = {
            "@type": "ItemList",
            "numberOfItems": len(tracks),
            "itemListElement": [
                {"@type": "ListItem", "position": track.position, "item": {
                    "@type": "MusicRecording", "name": track.title,
                    **({"duration": track.duration_iso} if track.duration is not None else {}),
                    **({"recordingOf": {"@type": "MusicComposition", "name": track.title,
                                        "composer": {"@type": "Person", "name": track.composer}}}
                       if track.composer else {}),
                }}
                for track in tracks
            ],
        }
    links = [link.url for link in recording.links.all()]
    if links:
        album["sameAs"] = links
    return album


def discography(recordings, artist_name):
    return json_ld({"@context": "https://schema.org", "@graph": [music_album(r, artist_name) for r in recordings]})
