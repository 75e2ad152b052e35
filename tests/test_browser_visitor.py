"""A visitor in a real Chromium: browsing, the calendar download, filters, small screens, keyboard focus."""

import re
from pathlib import Path

import icalendar
import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError, expect

from tests.browser_fixtures import DESKTOP, MOBILE, SCREENSHOTS
from tests.factories import local, make_concert, make_venue
from tests.public_pages import load_site_content, public_pages

pytestmark = pytest.mark.browser

NARROWEST = {"width": 320, "height": 640}


def test_visitor_goes_from_home_to_a_concert_and_downloads_its_calendar_file(page):
    concert = load_site_content()

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Concerts", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Concerts")
    page.get_by_role("link", name=concert.title, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(concert.title)
    expect(page.locator("main")).to_contain_text("Partita No. 2 in D minor")
    expect(page.locator("main")).to_contain_text("Moscow time")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Add to calendar")).click()
    download = download_info.value

    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    [event] = calendar.walk("VEVENT")
    assert concert.title in str(event["SUMMARY"])
    assert event.decoded("DTSTART") == concert.starts_at
    assert event["DTSTART"].params["TZID"] == "Europe/Moscow"


def test_visitor_filters_past_concerts_by_year(page):
    venue = make_venue(name="Great Hall", city="Moscow")
    make_concert(venue=venue, title="Recital of 2021", local=local(2021, 5, 14))
    make_concert(venue=venue, title="Recital of 2023", local=local(2023, 10, 2))

    page.goto(reverse("concerts:past"))
    page.get_by_label("Year").select_option("2021")
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"[?&]year=2021"))
    expect(page.locator("main")).to_contain_text("Recital of 2021")
    expect(page.locator("main")).not_to_contain_text("Recital of 2023")


def test_every_public_page_fits_small_and_large_screens_and_is_photographed(open_page):
    """No horizontal scrolling from 320 px up; screenshots at 375 and 1280 px go to test-artifacts/."""
    load_site_content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    overflowing = {}
    for viewport in (NARROWEST, MOBILE, DESKTOP):
        page = open_page(viewport)
        for label, path, status in public_pages():
            response = page.goto(path)
            assert response.status == status, path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                overflowing[f"{label}@{viewport['width']}"] = width
            if viewport is not NARROWEST:
                shot = SCREENSHOTS / f"{label}-{viewport['width']}.png"
                page.screenshot(path=shot, full_page=True)
                assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert overflowing == {}


def test_navigation_works_on_a_375_px_screen_without_javascript(open_page):
    """The phone header is one bar at most a tenth of the screen high; its Menu button opens the menu (and
    the one search box) with JavaScript off, and every link in it leads to its page."""
    load_site_content()
    page = open_page(MOBILE, java_script_enabled=False)
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= MOBILE["height"] / 10, header
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav).to_be_hidden()
    expect(page.get_by_role("searchbox")).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("searchbox")).to_be_visible()
    names = main_nav.get_by_role("link").all_inner_texts()
    assert {"Home", "Biography", "Concerts", "Past concerts"} <= set(names)

    for name in names:
        page.goto("/")
        page.get_by_text("Menu", exact=True).click()
        link = main_nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_in_viewport()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"], name
        assert box["height"] >= 24, f"{name}: touch target under 24 px high"
        link.click()
        page.get_by_text("Menu", exact=True).click()
        current = main_nav.get_by_role("link", name=name, exact=True)
        expect(current).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_wide_screens_show_the_navigation_without_a_menu_button(page):
    load_site_content()
    page.goto("/")
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Biography", exact=True)).to_be_visible()
    expect(page.get_by_role("searchbox")).to_be_visible()


FOCUS_STATE = """() => {
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {tag: el.tagName, id: el.id, href: el.getAttribute('href'), className: el.className,
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          top: box.top, bottom: box.bottom, left: box.left, right: box.right};
}"""


def test_keyboard_focus_is_visible_and_the_skip_link_comes_first(page):
    load_site_content()
    for label, path, _ in public_pages():
        page.goto(path)
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STATE)
        assert focused["href"] == "#main", f"{label}: first Tab lands on {focused}"
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, f"{label}: {focused}"
        assert focused["top"] >= 0 and focused["bottom"] <= DESKTOP["height"], f"{label}: skip link off screen"
        page.keyboard.press("Enter")
        # The jump to #main (and the focus it moves) is the browser's navigation, which may finish after
        # the key press returns on a busy machine: wait for it, then check.
        try:
            page.wait_for_function("document.activeElement && document.activeElement.id === 'main'", timeout=5000)
        except PlaywrightTimeoutError:
            pass
        assert page.evaluate("document.activeElement.id") == "main", label

    # Every later stop of the keyboard on the home page shows a focus ring too.
    page.goto("/")
    for _ in range(8):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STATE)
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, focused
