"""Absolute URLs for canonical links, link previews (Open Graph, Twitter cards), the sitemap and robots.txt."""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import escape_uri_path


def absolute_url(path_or_url):
    """SITE_URL + path; URLs that are already absolute (object storage) are kept as they are."""
    return urljoin(settings.SITE_URL + "/", path_or_url)


def canonical_url(request):
    """The page's address without its query string, except a page number beyond the first."""
    url = absolute_url(escape_uri_path(request.path))
    page = request.GET.get("page", "")
    if page.isdigit() and page.isascii() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@dataclass(frozen=True)
class ShareImage:
    url: str
    alt: str = ""


def share_image(*candidates):
    """The first candidate that is an actual image: (image field, alt text) pairs or ShareImage objects."""
    for candidate in candidates:
        if isinstance(candidate, ShareImage):
            return candidate
        if candidate and candidate[0]:
            field, alt = candidate
            return ShareImage(absolute_url(field.url), alt or "")
    return None
