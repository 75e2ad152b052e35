"""Absolute URLs for canonical links, link previews (Open Graph, Twitter cards), the sitemap and robots.txt."""

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
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


# Open Graph wants a territory; a language without one here gets its own code.
OG_LOCALES = {"en": "en_GB", "ru": "ru_RU", "de": "de_DE", "fr": "fr_FR"}


@dataclass(frozen=True)
class LanguageVersion:
    """The page in one of the site's languages: for hreflang alternates, og:locale and the switcher."""

    code: str
    name: str  # in its own language: “English”, “Русский”
    url: str  # absolute, like the canonical link
    is_current: bool

    @property
    def og_locale(self):
        return OG_LOCALES.get(self.code, self.code)


def language_versions(request):
    """[LanguageVersion] of the requested page, one per language in settings.LANGUAGES. The address is
    the canonical one (page numbers kept) with its language prefix swapped (`translate_url`); a page that
    does not resolve (404) keeps its own address."""
    current = translation.get_language()
    _scheme, _host, path, query, _fragment = urlsplit(canonical_url(request))
    versions = []
    for code, name in settings.LANGUAGES:
        translated = translate_url(path, code)
        versions.append(LanguageVersion(
            code=code, name=name, url=absolute_url(translated) + (f"?{query}" if query else ""),
            is_current=code == current,
        ))
    return versions


def x_default_url(versions):
    """The address for visitors of no listed language: the unprefixed one, which LocaleMiddleware sends to
    the visitor's language (Accept-Language, else the default), as the sitemap's x-default does."""
    default = next((v for v in versions if v.code == settings.LANGUAGE_CODE), versions[0])
    return default.url.replace(f"/{default.code}/", "/", 1)


def og_locale(language=None):
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return OG_LOCALES.get(language, language)
