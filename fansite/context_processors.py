from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .page_frame import frame_parts_key, site_frame
from .seo import canonical_url, language_versions, x_default_url


def site(request):
    """Values every page needs. `site` is the page frame (fansite/page_frame.py): who the site is about, its
    menu and its default share image, read once per request and only when a template uses it."""
    frame = getattr(request, "site_frame", None)
    if frame is None:  # a request that did not pass through SiteFrameMiddleware (a test's RequestFactory)
        frame = SimpleLazyObject(site_frame)
    # The page in every language: hreflang alternates, og:locale:alternate and the language switcher.
    # Worked out once for all three (two URL resolutions and reversals per language: 0.2 ms a page).
    versions = SimpleLazyObject(lambda: language_versions(request))
    return {
        "SITE_URL": settings.SITE_URL,
        "site": frame,
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request)),
        "language_versions": versions,
        "x_default_url": SimpleLazyObject(lambda: x_default_url(versions)),
        # base.html's header and footer, kept by what they show (fansite/templatetags/frame_parts.py).
        "frame_parts_key": SimpleLazyObject(lambda: frame_parts_key(request, frame)),
    }
