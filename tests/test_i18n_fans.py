"""Contact, news, newsletter and concert alerts in English and Russian: their pages under both prefixes (the
old unprefixed addresses redirect), news posts and newsletters in each language with the English text as
fallback, and every e-mail (its subject, text, concert titles and links) in the language the person signed
up in."""

import re
import time
from datetime import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from fansite.alerts.models import AlertSubscription
from fansite.alerts.tasks import alerts_scan_once
from fansite.mailing.guard import STAMP_SALT
from fansite.newsletter.models import Newsletter, Subscriber, SubscriberStatus
from fansite.newsletter.services import newsletter_start
from tests.factories import make_concert, make_news_post, make_profile, make_venue

pytestmark = pytest.mark.django_db


def stamp():
    return signing.dumps(time.time() - 30, salt=STAMP_SALT)


@pytest.fixture
def moscow(db):
    make_profile(name_ru="Себастьен Калмурзаева")
    return make_venue(name="Great Hall", name_ru="Большой зал", city="Moscow", city_ru="Москва", country="RU",
                      timezone="Europe/Moscow")


@pytest.mark.parametrize("url_name,heading_ru", [
    ("contact:form", "Контакты"), ("newsletter:subscribe", "Рассылка"), ("news:list", "Новости"),
    ("alerts:subscribe", "Следить за её концертами"),
])
def test_fans_pages_exist_in_both_languages_and_old_addresses_redirect(client, moscow, url_name, heading_ru):
    with translation.override("ru"):
        russian = reverse(url_name)
    english = russian.replace("/ru/", "/en/", 1)
    assert russian.startswith("/ru/")
    html = client.get(russian).content.decode()
    assert '<html lang="ru">' in html and heading_ru in html
    assert f'hreflang="en" href="http://127.0.0.1:8000{english}"' in html
    assert '<html lang="en">' in client.get(english).content.decode()
    old = russian.removeprefix("/ru")
    assert client.get(old, HTTP_ACCEPT_LANGUAGE="ru")["Location"] == russian
    assert client.get(old, HTTP_ACCEPT_LANGUAGE="en")["Location"] == english


def test_the_calendar_archive_in_each_language(client, moscow):
    make_concert(venue=moscow, title="Tchaikovsky evening", title_ru="Вечер Чайковского",
                 local=datetime(2020, 12, 16, 19, 30))
    assert client.get("/concerts/calendar-archive.ics", HTTP_ACCEPT_LANGUAGE="ru")["Location"] == "/ru/concerts/calendar-archive.ics"
    russian = client.get("/ru/concerts/calendar-archive.ics").content.decode()
    english = client.get("/en/concerts/calendar-archive.ics").content.decode()
    assert "SUMMARY:Вечер Чайковского" in russian and "SUMMARY:Tchaikovsky evening" in english


def test_a_news_post_in_russian_and_english_text_marked_where_untranslated(client, moscow):
    make_news_post(title="A new season", title_ru="Новый сезон", slug="new-season", summary="Concerts announced.",
                   body="The **season** is announced.", body_ru="**Сезон** объявлен.")
    untranslated = make_news_post(title="Grammy nomination", slug="grammy", body="Best album.")
    html = client.get("/ru/news/new-season/").content.decode()
    assert "<h1>Новый сезон</h1>" in html and "<strong>Сезон</strong> объявлен." in html
    assert "<strong>season</strong>" in client.get("/en/news/new-season/").content.decode()
    listing = client.get("/ru/news/").content.decode()
    assert f'href="/ru/news/{untranslated.slug}/" lang="en">Grammy nomination</a>' in listing
    assert "Новый сезон" in client.get("/ru/search/", {"q": "сезон"}).content.decode()
    assert "A new season" in client.get("/en/search/", {"q": "Новый"}).content.decode()


def test_alerts_come_in_the_language_the_fan_signed_up_in(client, moscow, run_tasks, mailoutbox):
    response = client.post("/ru/alerts/", {"email": "fan@example.net", "where": "places", "cities": ["Moscow"],
                                           "consent": "on", "website": "", "stamp": stamp()})
    assert response.status_code == 302 and response["Location"].startswith("/ru/")
    assert AlertSubscription.objects.get().language == "ru"
    run_tasks()
    confirmation = mailoutbox[-1]
    assert confirmation.subject == "Подтвердите подписку на оповещения о концертах"
    assert "Подтвердите, что хотите получать оповещения о концертах: Москва." in confirmation.body
    assert AlertSubscription.objects.get().cities == ["Moscow"]  # kept in the default language
    link = re.search(r"http://127\.0\.0\.1:8000(/ru/alerts/confirm/[^/\s]+/)", confirmation.body).group(1)
    assert "получать оповещения о концертах (Москва) на адрес fan@example.net" in client.get(link).content.decode()
    assert client.post(link).status_code == 200

    translation.activate("en")  # the test's own writes go to the English columns, as the admin's would
    concert = make_concert(venue=moscow, title="Tchaikovsky evening", title_ru="Вечер Чайковского")
    assert alerts_scan_once() == 1
    alert = mailoutbox[-1]
    assert alert.subject == "Новый концерт рядом с вами"
    assert "Вечер Чайковского" in alert.body and "Tchaikovsky evening" not in alert.body
    assert f"http://127.0.0.1:8000/ru/concerts/{concert.slug}/" in alert.body
    assert f"http://127.0.0.1:8000/ru/concerts/{concert.slug}/calendar.ics" in alert.body
    assert alert.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/ru/alerts/unsubscribe/")
    assert translation.get_language() == "en"  # the worker's own language is left as it was


def test_the_newsletter_goes_out_in_each_subscribers_language(client, moscow, run_tasks, mailoutbox):
    response = client.post("/ru/newsletter/", {"email": "ru@example.net", "consent": "on", "website": "", "stamp": stamp()})
    assert response.status_code == 302
    run_tasks()
    confirmation = mailoutbox[-1]
    assert confirmation.subject == "Подтвердите подписку"
    assert re.search(r"http://127\.0\.0\.1:8000/ru/newsletter/confirm/[^/\s]+/", confirmation.body)
    Subscriber.objects.update(status=SubscriberStatus.CONFIRMED)
    translation.activate("en")  # the test's own writes go to the English columns
    Subscriber.objects.create(email="en@example.net", language="en", status=SubscriberStatus.CONFIRMED)
    Subscriber.objects.create(email="old@example.net", language="", status=SubscriberStatus.CONFIRMED)
    make_concert(venue=moscow, title="Tchaikovsky evening", title_ru="Вечер Чайковского")
    newsletter = Newsletter.objects.create(subject="Spring news", subject_ru="Весенние новости",
                                           body="A **new** season.", body_ru="**Новый** сезон.")
    mailoutbox.clear()
    newsletter_start(newsletter=newsletter)
    run_tasks()

    by_address = {message.to[0]: message for message in mailoutbox}
    russian, english, unknown = by_address["ru@example.net"], by_address["en@example.net"], by_address["old@example.net"]
    assert russian.subject == "Весенние новости" and english.subject == unknown.subject == "Spring news"
    russian_html, english_html = russian.alternatives[0].content, english.alternatives[0].content
    assert "<strong>Новый</strong> сезон." in russian_html and "Вечер Чайковского" in russian_html
    assert "<strong>new</strong>" in english_html and "Tchaikovsky evening" in english_html
    assert "/ru/newsletter/manage/" in russian.body and "/en/newsletter/manage/" in english.body


def test_a_newsletter_without_its_russian_text_falls_back_to_english(run_tasks, mailoutbox, db):
    Subscriber.objects.create(email="ru@example.net", language="ru", status=SubscriberStatus.CONFIRMED)
    newsletter_start(newsletter=Newsletter.objects.create(subject="Spring news", body="A new season."))
    run_tasks()
    [message] = mailoutbox
    assert message.subject == "Spring news" and "A new season." in message.body
