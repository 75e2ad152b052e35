"""A visitor with a Russian browser: Russian on arrival, the switcher to English and back on a concert
page, the Russian calendar file, a search for «Чайковский»; screenshots of the Russian pages."""

import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import DESKTOP, MOBILE, SCREENSHOTS
from tests.public_pages import load_site_content

pytestmark = pytest.mark.browser


def test_russian_visitor_lands_in_russian_switches_languages_downloads_the_calendar_and_searches(open_page):
    concert = load_site_content()
    page = open_page(DESKTOP, locale="ru-RU")  # Chromium then sends Accept-Language: ru-RU

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ru/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="Концерты", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Концерты")
    page.get_by_role("link", name="Бах и Чайковский в Большом зале", exact=True).click()
    expect(page.locator("main")).to_contain_text("по московскому времени")
    expect(page.locator("main")).to_contain_text("Пётр Ильич Чайковский")

    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/en/concerts/{concert.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(concert.title)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Русский", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/ru/concerts/{concert.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Бах и Чайковский в Большом зале")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Добавить в календарь")).click()
    [event] = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Бах и Чайковский в Большом зале"
    assert "/ru/concerts/" in str(event["URL"])

    page.get_by_role("searchbox", name="Поиск по сайту").fill("Чайковский")
    page.get_by_role("searchbox", name="Поиск по сайту").press("Enter")
    expect(page).to_have_url(re.compile(r"/ru/search/\?q="))
    expect(page.locator("main")).to_contain_text("Бах и Чайковский в Большом зале")

    # The choice sticks: the bare address now opens in Russian whatever the browser says.
    page.get_by_role("link", name="English", exact=True).click()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/$"))


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["375", "1280"])
def test_russian_pages_are_photographed(open_page, viewport):
    """The Russian home, concerts and concert pages fit the width; their screenshots go to test-artifacts/
    (docs/screenshots/ is written by `make screenshots`)."""
    concert = load_site_content()
    page = open_page(viewport, locale="ru-RU")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in [("home", "/ru/"), ("concerts", "/ru/concerts/"), ("concert", f"/ru/concerts/{concert.slug}/")]:
        assert page.goto(path).status == 200
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        page.screenshot(path=str(SCREENSHOTS / f"ru-{name}-{viewport['width']}.png"))
