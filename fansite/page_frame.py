"""What every page's frame shows (who the site is about, its menu, its default share image), read once.

The frame is the one source of the site's identity: its title is the site settings' title or else the
artist's name from her profile, its tagline and description likewise; no template, feed, calendar or the
admin types them out. `request.site_frame` (fansite/middleware.py) and the `site` template variable
(fansite/context_processors.py) both give it, built at most once per request.

Cache: building it costs three queries (settings, menu pages, the artist's profile); cached, pages pay
none for it (asserted in tests/test_site_settings.py). Each process also keeps the frames it has read
(`fansite.caching.KeptInProcess`), so a page pays no round trip to the cache server for it either
(tests/test_cache.py). The entry's key holds the page cache's content version (fansite/page_cache.py)
and the language, so any content change retires it with the cached pages and a Russian frame is never
shown on an English page; it also expires when a menu page's scheduled time comes, so a scheduled page
enters the menu on time.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.db.models import Q
from django.urls import get_script_prefix
from django.utils import timezone, translation

from profiles.models import ArtistProfile

from .caching import KeptInProcess
from .models import Page, SiteSettings
from .page_cache import content_version
from .publishing import PublicationState
from .seo import ShareImage, share_image

# The layout's own version ("v3": the frame and its validity, `KeptInProcess.read_or_build`) is in the key, so
# that after a deploy no frame stored by the previous code, in another shape, is read back.
CACHE_KEY = "page-frame:v3:{version}:{language}"
CACHE_SECONDS = 300

kept = KeptInProcess(max_age=CACHE_SECONDS)  # this process's copy of the entries it read (its docstring)


@dataclass
class MenuLink:
    label: str
    url: str


@dataclass
class SiteFrame:
    settings: SiteSettings
    artist_name: str = ""
    artist_tagline: str = ""
    artist_summary: str = ""
    menu: list[MenuLink] = field(default_factory=list)
    default_share_image: ShareImage | None = None
    # The artist's profile as far as the frame, the home page and `{% picture %}` read it (names, tagline,
    # short biography, portrait with its renditions and focal point), or None before one exists.
    artist_profile: ArtistProfile | None = None
    valid_until: datetime | None = None

    # Worked out once per frame (a frame is one language's: `site_frame`), not at each of a page's uses:
    # the translated settings' fallbacks cost 0.03 ms a read.
    @cached_property
    def title(self):
        """The site's name: the editor's title, else the artist's name, else the site's host name."""
        return self.settings.site_title or self.artist_name or urlsplit(django_settings.SITE_URL).hostname or ""

    @cached_property
    def tagline(self):
        return self.settings.tagline or self.artist_tagline

    @cached_property
    def description(self):
        return self.settings.description or self.artist_summary

    @property
    def artist_portrait(self):
        """The profile when it has a portrait (a concert page with no picture of its own shows it), else None."""
        return self.artist_profile if self.artist_profile and self.artist_profile.portrait else None

    @property
    def same_as(self):
        return self.settings.same_as

    @property
    def contact_email(self):
        return self.settings.contact_email


def build_site_frame(now=None):
    now = now or timezone.now()
    site_settings = SiteSettings.load()
    candidates = Page.objects.filter(is_published=True, show_in_menu=True).filter(
        Q(publish_until__isnull=True) | Q(publish_until__gt=now)
    ).only("title", "menu_title", "slug", "is_published", "publish_from", "publish_until")
    menu, changes = [], []
    for page in candidates:
        state = page.publication_state(now)
        if state == PublicationState.SCHEDULED:
            changes.append(page.publish_from)
        elif state == PublicationState.PUBLISHED:
            menu.append(MenuLink(page.menu_label, page.get_absolute_url()))
            if page.publish_until:
                changes.append(page.publish_until)
    profile = ArtistProfile.objects.only(
        "name", "tagline", "short_bio", "portrait", "portrait_alt", "renditions", "focal_x", "focal_y"
    ).first()
    portrait = share_image((profile.portrait, profile.portrait_alt)) if profile else None
    return SiteFrame(
        settings=site_settings,
        artist_name=profile.name if profile else "",
        artist_tagline=profile.tagline if profile else "",
        artist_summary=profile.short_bio if profile else "",
        menu=menu,
        default_share_image=share_image(
            (site_settings.default_share_image, site_settings.default_share_image_alt), portrait
        ),
        artist_profile=profile,
        valid_until=min(changes, default=None),
    )


def site_frame(version=None):
    """The frame as kept (this process's copy, else the shared cache), built and stored when missing or past
    a menu page's scheduled change. `version`: the content version the request read
    (`request_content_version`), else it is read here."""
    now = timezone.now()
    version = version or content_version()
    # Menu labels, the site's title and tagline are translated content: one frame per language.
    key = (CACHE_KEY.format(version=version, language=translation.get_language() or django_settings.LANGUAGE_CODE)
           if version is not None else None)  # None: the cache server is down; the frame is built, not stored
    return kept.read_or_build(key, lambda: build_site_frame(now), lambda frame: frame.valid_until, now)


def frame_parts_key(request, frame):
    """The key of base.html's shared parts (`{% frame_part %}`: the site's name and menu at the top, the
    footer) for this request: a hash of everything they show that is not fixed
    text. Fixed text comes with the deployed code, and the "frame" cache is this process's own, so a
    deploy starts it empty.

    What they read: the site's title and tagline, its menu pages, contact address and profile links (the
    frame), the language and the URL prefix (their links and words), and which menu entry is the current
    page (`aria-current`): the URL's namespace and name, and the path only when a menu page is at it.
    Rendered, the two parts were 0.7 ms of every page (some 30 links reversed, 30 strings translated);
    kept, a page pays one lookup in this process's memory for each. A template change inside them that
    reads anything else must add it here: tests/test_site_settings.py compares kept and rendered parts
    on every kind of page."""
    match = request.resolver_match
    menu = tuple((link.label, link.url) for link in frame.menu)
    path = request.path
    inputs = (
        translation.get_language(), get_script_prefix(), frame.title, frame.tagline, menu, frame.contact_email,
        tuple(frame.same_as), match.namespace if match else "", match.url_name if match else "",
        path if any(url == path for _label, url in menu) else "",
    )
    return hashlib.sha256(repr(inputs).encode()).hexdigest()
