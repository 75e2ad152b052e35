"""The repertoire and a work page in a real Chromium, on a phone and a desktop screen and printed: no
sideways scrolling; the printout leaves out the site's header and footer. Screenshots in
test-artifacts/screenshots/ for a person to look at."""

import pytest

from concerts.models import Work
from tests.browser_fixtures import DESKTOP, MOBILE, SCREENSHOTS
from tests.public_pages import load_site_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["375", "1280"])
def test_repertoire_and_work_pages_fit_the_screen(open_page, viewport):
    load_site_content()
    work = Work.objects.get(catalogue_number="Op. 35")
    page = open_page(viewport)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in [("repertoire", "/en/repertoire/"), ("ru-repertoire", "/ru/repertoire/"),
                       ("work", work.get_absolute_url())]:
        assert page.goto(path).status == 200
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport['width']}.png"), full_page=True)


def test_repertoire_prints_without_the_site_frame(page):
    load_site_content()
    page.goto("/en/repertoire/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator(".site-footer").is_visible()
    assert page.locator(".repertoire__work").first.is_visible()
    assert len(page.pdf(format="A4")) > 1000  # Chromium's own print of the page, for a person to look at
