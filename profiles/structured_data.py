"""schema.org data about the artist: Person for the biography, MusicAlbum for the discography.

These functions return plain dicts; `{% json_ld %}` (fansite/seo/json_ld.py) is the one place that
serialises them safely into a <script type="application/ld+json"> element.
"""

from django.utils import translation
from django.utils.translation import gettext
from fansite.images import renditions
from fansite.seo import absolute_url


def person(profile, awards, same_as=()):
    """`same_as`: the artist's official profiles elsewhere (SiteSettings.social_links). Addresses come from
    SITE_URL, like the canonical link, whatever Host the request came in on."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": profile.name,
        "url": absolute_url(profile.get_absolute_url()),
        "jobTitle": profile.tagline or gettext("Violinist"),
        "description": profile.short_bio,
        "sameAs": list(same_as),
        # Person has no inLanguage; the page about her (a CreativeWork) says which language this text is in.
        "mainEntityOfPage": {"@type": "ProfilePage", "inLanguage": translation.get_language()},
    }
    if profile.birth_place:
        data["birthPlace"] = {"@type": "Place", "name": profile.birth_place}
    if profile.portrait:
        data["image"] = absolute_url(profile.portrait.url)
    # schema.org has no separate property for nominations; the text says the result ("(nominated)"), so a
    # nomination is never presented as a win.
    award_texts = [str(award) for award in awards]
    if award_texts:
        data["award"] = award_texts
    return data


def music_album(recording, artist_name):
    album = {
        "@type": "MusicAlbum",
        "@id": absolute_url(recording.get_absolute_url()),
        "name": recording.title,
        "inLanguage": translation.get_language(),
        "url": absolute_url(recording.get_absolute_url()),
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
        album["image"] = absolute_url(cover.url)
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
    return {"@context": "https://schema.org", "@graph": [music_album(r, artist_name) for r in recordings]}
