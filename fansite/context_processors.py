from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .chrome import site_chrome
from .seo import canonical_url


def site(request):
    """Values every page needs. The frame (settings, menu, default share image) comes from one cache entry,
    so public pages keep a constant query count; nothing is read unless a template uses it."""
    chrome = SimpleLazyObject(site_chrome)  # one cache read per request, whichever values are used
    return {
        "SITE_URL": settings.SITE_URL,
        "site_settings": SimpleLazyObject(lambda: chrome.settings),
        "menu_pages": SimpleLazyObject(lambda: chrome.menu),
        "default_share_image": SimpleLazyObject(lambda: chrome.default_share_image),
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request)),
    }
