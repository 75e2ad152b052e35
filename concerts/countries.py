"""Countries of venues: ISO 3166 codes (django-countries), and the code a name in any language stands for."""

from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django_countries import countries

from .timezones import country_codes

# Names people write that are neither django-countries' nor tzdata's name of the country, in any language.
ALIASES = {
    "usa": "US", "u.s.a.": "US", "us": "US", "united states": "US", "america": "US", "сша": "US",
    "соединённые штаты": "US", "соединенные штаты": "US", "uk": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "britain": "GB", "англия": "GB", "великобритания": "GB",
    "russian federation": "RU", "российская федерация": "RU", "south korea": "KR", "korea": "KR",
    "republic of korea": "KR", "южная корея": "KR", "корея": "KR", "holland": "NL", "голландия": "NL",
    "czech republic": "CZ", "чехия": "CZ", "türkiye": "TR", "turkey": "TR", "турция": "TR",
}


@lru_cache(maxsize=1)
def _codes_by_name():
    found = {key.lower(): code for key, code in country_codes().items()}
    for code, _name in countries:
        found[code.lower()] = code
        if alpha3 := countries.alpha3(code):
            found[alpha3.lower()] = code
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                found[str(name).lower()] = code
    found.update(ALIASES)
    return found


def country_code(text):
    """The ISO 3166-1 alpha-2 code `text` names ("Russia", "Россия", "RU", "RUS", "США" → "RU"/"US"), or ""
    when it names no country. Case and surrounding spaces do not matter."""
    if not isinstance(text, str):
        return ""
    return _codes_by_name().get(" ".join(text.split()).lower(), "")


def country_name(code, language=None):
    """The country's name for its code in `language` (default: the active one), or "" for an unknown code."""
    if not code:
        return ""
    return _country_name(code, language or translation.get_language() or settings.LANGUAGE_CODE)


@lru_cache(maxsize=1024)
def _country_name(code, language):
    """Kept per process: a name depends only on the code, the language and the installed catalogues, and
    django-countries took 0.03 ms to find one, once in each listing row (a tenth of the row's time)."""
    if code not in countries:
        return ""
    with translation.override(language):
        return str(countries.name(code))
