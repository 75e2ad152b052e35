"""The site in English and Russian: addresses, the visitor's language, the switcher, caches per language,
the Russian text (dates, statuses, plurals), fallbacks marked lang="en", feeds and calendars per language,
search in both scripts, the admin in Russian, and catalogues that are complete and compiled."""

import re
from datetime import datetime

import pytest
from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize
from icalendar import Calendar

from concerts.models import Concert
from fansite.catalogues import compiled, mo_path, po_files, stale_mo_files, untranslated
from fansite.models import SiteSettings
from tests.factories import make_concert, make_profile, make_programme, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def moscow_concert(db):
    """A concert with its title, venue and programme in both languages."""
    make_profile(name_ru="Себастьен Калмурзаева", tagline_ru="Скрипачка")
    venue = make_venue(
        name="Great Hall of the Moscow Conservatory", name_ru="Большой зал Московской консерватории",
        city="Moscow", city_ru="Москва", country="RU",
    )
    concert = make_concert(  # Wednesday 17 December 2036: upcoming whatever today is
        venue=venue, slug="tchaikovsky-evening", title="Tchaikovsky evening", title_ru="Вечер Чайковского",
        local=datetime(2036, 12, 17, 19, 30),
    )
    items = make_programme(concert, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major"))
    work = items[0].work
    work.composer.name_ru = "Пётр Ильич Чайковский"
    work.composer.save()
    work.title_ru = "Концерт для скрипки с оркестром ре мажор"
    work.save()
    return concert


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --- Addresses and the visitor's language ---------------------------------------------------------


def test_every_public_page_exists_under_both_prefixes(client, moscow_concert):
    for code in ("en", "ru"):
        with translation.override(code):
            urls = [reverse("home"), reverse("concerts:upcoming"), moscow_concert.get_absolute_url(),
                    reverse("profiles:about"), reverse("search") + "?q=x"]
        for url in urls:
            assert url.startswith(f"/{code}/")
            assert f'<html lang="{code}">' in page(client, url)


def test_first_visit_follows_accept_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")["Location"] == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR")["Location"] == "/en/"  # not offered: the default


def test_old_addresses_redirect_and_subscriptions_keep_working(client, moscow_concert):
    response = client.get("/concerts/tchaikovsky-evening/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302 and response["Location"] == "/ru/concerts/tchaikovsky-evening/"
    assert client.get("/about/")["Location"] == "/en/about/"
    calendar = client.get("/concerts/calendar.ics", HTTP_ACCEPT_LANGUAGE="ru")
    assert calendar.status_code == 200 and b"SUMMARY:Tchaikovsky evening" in calendar.content  # unchanged: English
    feed = client.get("/concerts/feed/")
    assert feed.status_code == 200 and b"Tchaikovsky evening" in feed.content


def test_switcher_keeps_the_page_and_the_choice_sticks(client, moscow_concert):
    html = page(client, "/en/concerts/tchaikovsky-evening/")
    switch = re.search(r'<a href="(/language/ru/\?next=[^"]+)" hreflang="ru" lang="ru" rel="nofollow">Русский</a>', html)
    assert switch, "a plain link to the Russian version, no form, no script"
    response = client.get(switch.group(1).replace("&amp;", "&"))
    assert response.status_code == 302 and response["Location"] == "/ru/concerts/tchaikovsky-evening/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    # The choice beats the browser's Accept-Language on the next unprefixed visit.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/ru/"
    back = client.get("/language/en/?next=/ru/concerts/tchaikovsky-evening/")
    assert back["Location"] == "/en/concerts/tchaikovsky-evening/"
    assert client.get("/")["Location"] == "/en/"


def test_switcher_refuses_foreign_next_and_unknown_languages(client):
    assert client.get("/language/ru/?next=https://evil.example.com/")["Location"] == "/ru/"
    assert client.get("/language/xx/?next=/en/").status_code == 404


# --- Caches never mix languages -----------------------------------------------------------------------


@pytest.mark.parametrize("first", ["en", "ru"])
def test_page_cache_and_frame_keep_languages_apart_in_either_order(client, moscow_concert, first):
    SiteSettings.objects.create(site_title="The violinist", site_title_ru="Скрипачка")
    order = [first, "ru" if first == "en" else "en"]
    expected = {"en": ("Tchaikovsky evening", "The violinist"), "ru": ("Вечер Чайковского", "Скрипачка")}
    for _round in range(2):  # the second round is served from the page cache
        for code in order:
            html = page(client, f"/{code}/concerts/tchaikovsky-evening/")
            title, site_title = expected[code]
            assert f"<title>{title} — {site_title}</title>" in html, (code, re.findall("<title>.*</title>", html))
            assert f"<h1>{title}</h1>" in html


@pytest.mark.parametrize("first", ["en", "ru"])
def test_redirect_of_the_bare_address_follows_each_visitor_in_either_order(client, first):
    other = "ru" if first == "en" else "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE=first)["Location"] == f"/{first}/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE=other)["Location"] == f"/{other}/"


@pytest.mark.parametrize("first", ["en", "ru"])
def test_calendar_is_stored_and_served_per_language_in_either_order(client, moscow_concert, first):
    other = "ru" if first == "en" else "en"
    summaries = {"en": b"SUMMARY:Tchaikovsky evening", "ru": "SUMMARY:Вечер Чайковского".encode()}
    for code in (first, other, first, other):
        body = client.get(f"/{code}/concerts/calendar.ics").content
        assert summaries[code] in body and summaries["ru" if code == "en" else "en"] not in body


def test_russian_pages_cost_the_same_queries_as_english(client, moscow_concert):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fansite.caching import content_version
    from fansite.views import home_extras

    for code in ("en", "ru"):
        page(client, f"/{code}/search/?q=warm")  # each language's page frame, built once
    home_extras(content_version())  # and home's recording, quote and news, kept for both languages
    for url in ("concerts/", "concerts/tchaikovsky-evening/", "about/", ""):
        counts = {}
        for code in ("en", "ru"):
            with CaptureQueriesContext(connection) as queries:
                page(client, f"/{code}/{url}")
            counts[code] = len(queries)
        # Listings: 1 or 2 for the concerts, 2 for their programmes and performers (prefetched).
        assert counts["ru"] == counts["en"] <= 7, (url, counts)


# --- Russian text ------------------------------------------------------------------------------------


def test_concert_page_in_russian_dates_status_and_programme(client, moscow_concert):
    html = page(client, "/ru/concerts/tchaikovsky-evening/")
    assert "среда, 17 декабря 2036 г., 19:30</time> <span class=\"tz\">по московскому времени</span>" in html
    assert "Билеты в продаже" in html and "Программа" in html and "Пётр Ильич Чайковский" in html
    assert "Добавить в календарь" in html and "Большой зал Московской консерватории" in html


def test_russian_plurals(client, moscow_concert):
    for n, words in [(1, "минуты"), (3, "минут"), (21, "минуты"), (90, "минут")]:
        Concert.objects.filter(pk=moscow_concert.pk).update(duration_minutes=n)
        client.get("/en/")  # any request; the page cache is keyed on content, so bump it:
        from fansite.page_cache import bump_content_version

        bump_content_version()
        assert f"Около {n} {words}" in page(client, "/ru/concerts/tchaikovsky-evening/")
    with translation.override("ru"):
        assert translation.ngettext("%(counter)s word", "%(counter)s words", 5) % {"counter": 5} == "5 слов"
        assert translation.ngettext("%(counter)s word", "%(counter)s words", 22) % {"counter": 22} == "22 слова"


def test_untranslated_text_falls_back_to_english_marked_lang_en(client, moscow_concert):
    plain = make_concert(venue=moscow_concert.venue, slug="only-english", title="Only in English")
    html = page(client, plain.get_absolute_url().replace("/en/", "/ru/"))
    assert '<h1 lang="en">Only in English</h1>' in html
    translated = page(client, "/ru/concerts/tchaikovsky-evening/")
    assert "<h1>Вечер Чайковского</h1>" in translated


def test_head_has_lang_hreflang_canonical_og_locale_per_language(client, moscow_concert):
    html = page(client, "/ru/concerts/tchaikovsky-evening/")
    site = settings.SITE_URL
    assert '<html lang="ru">' in html
    assert f'<link rel="canonical" href="{site}/ru/concerts/tchaikovsky-evening/">' in html
    assert f'<link rel="alternate" hreflang="en" href="{site}/en/concerts/tchaikovsky-evening/">' in html
    assert f'<link rel="alternate" hreflang="ru" href="{site}/ru/concerts/tchaikovsky-evening/">' in html
    # x-default: the unprefixed address, which opens in the visitor's language
    assert f'<link rel="alternate" hreflang="x-default" href="{site}/concerts/tchaikovsky-evening/">' in html
    assert '<meta property="og:locale" content="ru_RU">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    assert '"inLanguage":"ru"' in html and '"name":"Вечер Чайковского"' in html


def test_sitemap_lists_each_language_with_alternates(client, moscow_concert):
    site = settings.SITE_URL
    assert f"<loc>{site}/sitemap-concerts.xml</loc>" in client.get("/sitemap.xml").content.decode()
    xml = client.get("/sitemap-concerts.xml").content.decode()
    assert f"<loc>{site}/ru/concerts/tchaikovsky-evening/</loc>" in xml
    assert f'hreflang="ru" href="{site}/ru/concerts/tchaikovsky-evening/"' in xml
    assert f'hreflang="x-default" href="{site}/concerts/tchaikovsky-evening/"' in xml


def test_feed_and_calendars_in_russian(client, moscow_concert):
    feed = client.get("/ru/concerts/feed/").content.decode()
    assert "ближайшие концерты" in feed and "Вечер Чайковского, 17 декабря 2036 г., Москва" in feed
    assert 'xml:lang="ru"' in feed
    Concert.objects.filter(pk=moscow_concert.pk).update(status=Concert.Status.CANCELLED)
    moscow_concert.refresh_from_db()
    moscow_concert.save()
    event = Calendar.from_ical(client.get("/ru/concerts/tchaikovsky-evening/calendar.ics").content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Отменён: Вечер Чайковского"
    assert str(event["DESCRIPTION"]).startswith("Концерт отменён.")
    assert "/ru/concerts/tchaikovsky-evening/" in str(event["URL"])
    whole = Calendar.from_ical(client.get("/ru/concerts/calendar.ics").content)
    assert str(whole["X-WR-CALNAME"]).endswith("— концерты")


def test_static_error_pages_speak_the_visitors_language(rf):
    from fansite.errors import service_unavailable

    with translation.override("ru"):
        html = service_unavailable(rf.get("/ru/")).content.decode()
    assert '<html lang="ru">' in html and "Временно недоступно" in html and "Себастьен Калмурзаева" in html


# --- Search in both scripts ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("words", ["Чайковский", "Tchaikovsky"])
def test_search_finds_his_concerts_in_either_script_on_either_page(client, moscow_concert, language, words):
    make_concert(title="Bach only", title_ru="Только Бах")
    html = page(client, f"/{language}/search/?q={words}")
    found = "Вечер Чайковского" if language == "ru" else "Tchaikovsky evening"
    assert found in html and "Bach only" not in html and "Только Бах" not in html


# --- Editors -------------------------------------------------------------------------------------------


def test_admin_in_russian_with_missing_translation_filter_and_column(editor, moscow_concert):
    make_concert(venue=moscow_concert.venue, slug="only-english", title="Only in English")
    editor.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    url = reverse("admin:concerts_concert_changelist")
    html = editor.get(url).content.decode().lower()
    assert "перевод" in html and "нет перевода: русский" in html and "полный" in html
    missing = editor.get(url + "?missing_translation=ru").content.decode()
    assert "Only in English" in missing and "Tchaikovsky evening" not in missing
    form = editor.get(reverse("admin:concerts_concert_change", args=[moscow_concert.pk])).content.decode()
    assert 'name="title_en"' in form and 'name="title_ru"' in form


# --- Catalogues -----------------------------------------------------------------------------------------


def test_russian_catalogues_have_no_untranslated_or_fuzzy_entry():
    assert untranslated("ru") == []


def test_no_string_is_translated_two_ways_in_two_catalogues():
    """Django merges the catalogues and the first of settings.LOCALE_PATHS wins, so a string translated
    differently in two of them shows one translation everywhere: Russian pages said «время Sydney» after a
    concert's time, fansite's words for the admin, instead of concerts' «по местному времени (Sydney)». A
    word that means two things takes a context (`pgettext`) instead."""
    import polib

    seen, clashes = {}, []
    for po in po_files():
        if po.parent.parent.name != "ru":
            continue
        for entry in polib.pofile(str(po)).translated_entries():
            key = (entry.msgctxt, entry.msgid)
            words = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            if key in seen and seen[key][1] != words:
                clashes.append((key, seen[key], (po, words)))
            seen.setdefault(key, (po, words))
    assert clashes == []


def test_russian_field_labels_name_people_halls_and_headings_each_their_own_way():
    from concerts.models import Composer, Performer, Series, Venue, Work
    from fansite.contact.models import ContactMessage
    from fansite.models import Page
    from fansite.news.models import NewsPost
    from profiles.models import ArtistProfile, Award, Milestone

    def label(model, name):
        return str(model._meta.get_field(name).verbose_name)

    with translation.override("ru"):
        assert {label(model, "name") for model in (Composer, ArtistProfile, ContactMessage)} == {"имя"}
        assert {label(model, "name") for model in (Venue, Series, Award)} == {"название"}
        assert label(Performer, "name") == "имя или название"
        assert {label(model, "title") for model in (Concert, Work)} == {"название"}
        assert {label(model, "title") for model in (NewsPost, Page, Milestone)} == {"заголовок"}


def test_a_zone_without_a_name_of_its_own_reads_local_time_in_russian():
    from concerts.timezones import zone_label

    with translation.override("ru"):
        assert zone_label("Australia/Sydney") == "по местному времени (Sydney)"
        assert zone_label("Europe/Moscow") == "по московскому времени"


def test_remembered_dates_print_each_zone_language_and_format_as_django_does():
    """Dates in words are remembered (fansite/templatetags/translated.py): the same instant in two zones,
    the same moment in two languages, a naive time, a plain date and a non-date each print as Django's own
    formatter prints them, whichever was asked first."""
    from datetime import date, timezone as fixed_zone, timedelta
    from zoneinfo import ZoneInfo

    from django.template.defaultfilters import date as django_date
    from django.utils.formats import date_format

    from fansite.templatetags.translated import formatted_date, long_date

    instant = datetime(2036, 12, 17, 16, 30, tzinfo=ZoneInfo("UTC"))
    moments = [instant, instant.astimezone(ZoneInfo("Europe/Moscow")), instant.astimezone(ZoneInfo("America/New_York")),
               instant.astimezone(fixed_zone(timedelta(hours=3))), instant.astimezone(fixed_zone(timedelta(hours=3), "MSK")),
               datetime(2036, 12, 17, 19, 30), date(2036, 12, 17)]
    for _ in range(2):  # the second round is answered from memory
        for language in ("ru", "en"):
            with translation.override(language):
                for moment in moments:
                    for format_string in ("H:i T", "j M Y", "l j F Y")[0 if isinstance(moment, datetime) else 1:]:
                        assert formatted_date(moment, format_string) == django_date(moment, format_string)
                    weekday = date_format(moment, "l")
                    expected = date_format(moment, "l j F Y")
                    if language == "ru":
                        expected = expected.replace(weekday, weekday.lower(), 1)
                    assert long_date(moment, "l j F Y") == expected
                assert formatted_date("", "H:i") == "" and formatted_date(None, "H:i") == ""
    with translation.override("ru"):
        moscow = instant.astimezone(ZoneInfo("Europe/Moscow"))
        assert long_date(moscow, translation.gettext("l j F Y")) == "среда, 17 декабря 2036 г."
        assert formatted_date(instant.astimezone(ZoneInfo("America/New_York")), "H:i") == "11:30"


def test_compiled_catalogues_match_their_po_files():
    assert po_files(), "the catalogues are in the repository"
    assert stale_mo_files() == [], "run `manage.py update_translations --compile-only` (make messages) and commit"
    for po in po_files():
        assert mo_path(po).read_bytes() == compiled(po)


TEMPLATE_STRING = re.compile(r'\{% (?:translate|trans) "([^"]+)"|\b(?:_|gettext|ngettext)\(\s*["\']([^"\']+)["\']')
JINJA2_TEMPLATES = settings.BASE_DIR / "templates" / "jinja2"


def test_every_template_string_is_in_the_russian_catalogue():
    import polib

    known = {entry.msgid for po in po_files() if po.parent.parent.name == "ru" for entry in polib.pofile(str(po)) if entry.translated()}
    missing = []
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        for msgid in (django or jinja2 for django, jinja2 in TEMPLATE_STRING.findall(template.read_text())):
            if msgid not in known:
                missing.append((template.name, msgid))
    assert missing == []


def test_templates_compile_in_russian():
    with translation.override("ru"):
        for template in (settings.BASE_DIR / "templates").rglob("*.html"):
            if template.is_relative_to(JINJA2_TEMPLATES):
                engines["jinja2"].get_template(str(template.relative_to(JINJA2_TEMPLATES)))
            else:
                get_template(str(template.relative_to(settings.BASE_DIR / "templates")))


def test_makemessages_extracts_the_jinja2_templates_strings():
    """makemessages reads every .html file as a Django template (templatize): it must find the strings of
    the Jinja2 ones too, or the next `make messages` (no_obsolete) would drop their translations."""
    for template in JINJA2_TEMPLATES.rglob("*.html"):
        source = template.read_text()
        marked = {django or jinja2 for django, jinja2 in TEMPLATE_STRING.findall(source)}
        assert marked, template
        extracted = set(re.findall(r'_\("([^"]+)"\)', templatize(source, origin=str(template))))
        assert marked <= extracted, (template.name, marked - extracted)


def test_listing_filters_show_and_accept_either_languages_names(client, moscow_concert):
    from datetime import timedelta

    from django.utils import timezone

    make_concert(venue=moscow_concert.venue, slug="last-winter", title="Last winter", title_ru="Прошлой зимой",
                 starts_at=timezone.now() - timedelta(days=30))
    html = page(client, "/ru/concerts/past/")
    # Countries are ISO codes, named in the page's language (django-countries).
    assert '<option value="Москва">Москва</option>' in html and '<option value="RU">Россия</option>' in html
    assert "Прошлой зимой" in page(client, "/ru/concerts/past/?city=Москва")
    assert "Прошлой зимой" in page(client, "/ru/concerts/past/?city=Moscow")  # kept across the switcher
    assert "Last winter" in page(client, "/en/concerts/past/?city=Москва")
