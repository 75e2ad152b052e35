"""What every page's frame needs (site settings, menu pages, the default share image), cached as one entry.

Filling it costs three queries; after that pages pay none for it. Saving the settings, a page or the artist
profile drops the entry (see apps.py). The entry also expires when a menu page's scheduled time comes, so
a scheduled page enters the menu on time without anything running.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from .publishing import PublicationState
from .seo import ShareImage, share_image

CACHE_KEY = "fansite:chrome:v2"
CACHE_SECONDS = 300

logger = logging.getLogger(__name__)


@dataclass
class MenuLink:
    label: str
    url: str


@dataclass
class SiteChrome:
    settings: object
    menu: list = field(default_factory=list)
    default_share_image: ShareImage | None = None
    valid_until: datetime | None = None


def build_chrome(now=None):
    from profiles.models import ArtistProfile

    from .models import Page, SiteSettings

    now = now or timezone.now()
    settings = SiteSettings.load()
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
    profile = ArtistProfile.objects.only("name", "portrait", "portrait_alt").first()
    portrait = share_image((profile.portrait, profile.portrait_alt)) if profile else None
    return SiteChrome(
        settings=settings,
        menu=menu,
        default_share_image=share_image((settings.default_share_image, settings.default_share_image_alt), portrait),
        valid_until=min(changes, default=None),
    )


def site_chrome():
    now = timezone.now()
    try:
        chrome = cache.get(CACHE_KEY)
    except Exception:  # the cache server is down: build the frame from the database, serve the page
        logger.exception("Page frame cache unavailable")
        return build_chrome(now)
    if chrome is None or (chrome.valid_until and chrome.valid_until <= now):
        chrome = build_chrome(now)
        timeout = CACHE_SECONDS
        if chrome.valid_until:
            timeout = max(1, min(timeout, int((chrome.valid_until - now).total_seconds()) + 1))
        try:
            cache.set(CACHE_KEY, chrome, timeout)
        except Exception:
            logger.exception("Could not store the page frame in the cache")
    return chrome


def invalidate_chrome(**kwargs):
    try:
        cache.delete(CACHE_KEY)
    except Exception:  # the cache server is down: the edit itself must still be saved
        logger.exception("Could not drop the cached page frame after a change")
