"""The base of every app's sitemap: addresses from SITE_URL, like canonical links, not from the request's Host.

Every page is listed once per language (settings.LANGUAGES), each entry with its `hreflang` alternates and
an `x-default` (the default language's address), as Google asks of multilingual sites.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
