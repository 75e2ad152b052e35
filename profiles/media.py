"""Video and audio links: recognise the host and build a privacy-friendly embed from the link alone.

Only known hosts are embedded. YouTube goes through youtube-nocookie.com and Vimeo with dnt=1, and only
after the visitor clicks (static/js/media-embed.js); until then the page holds a plain link and makes no
request to either host. Audio files use <audio preload="none">, which fetches nothing before play.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{6,12}$")
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav")


@dataclass(frozen=True)
class Embed:
    kind: str  # "video" or "audio"
    provider: str  # "YouTube", "Vimeo" or "audio"
    link: str  # the page to open without JavaScript
    embed_src: str = ""  # the iframe address, loaded only on click


def _youtube_id(parts):
    host = parts.hostname or ""
    path = parts.path.strip("/").split("/")
    if host == "youtu.be":
        return path[0]
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if path[0] == "watch":
            return parse_qs(parts.query).get("v", [""])[0]
        if path[0] in {"embed", "shorts", "live", "v"} and len(path) > 1:
            return path[1]
    return None


def _vimeo_id(parts):
    host = parts.hostname or ""
    if host in {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}:
        digits = [segment for segment in parts.path.split("/") if segment.isdigit()]
        return digits[-1] if digits else None
    return None


def parse_media_url(url):
    """An Embed for a supported link, or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    video_id = _youtube_id(parts)
    if video_id and YOUTUBE_ID.match(video_id):
        return Embed(
            kind="video", provider="YouTube", link=f"https://www.youtube.com/watch?v={video_id}",
            embed_src=f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1&rel=0",
        )
    video_id = _vimeo_id(parts)
    if video_id and VIMEO_ID.match(video_id):
        return Embed(
            kind="video", provider="Vimeo", link=f"https://vimeo.com/{video_id}",
            embed_src=f"https://player.vimeo.com/video/{video_id}?autoplay=1&dnt=1",
        )
    if parts.scheme == "https" and parts.path.lower().endswith(AUDIO_EXTENSIONS):
        return Embed(kind="audio", provider="audio", link=url.strip())
    return None
