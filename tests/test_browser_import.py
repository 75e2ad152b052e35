"""An editor in a real Chromium imports a 20-concert tour from an XLSX file made here: the dry run reports the
one bad row, the editor fixes the file and uploads it again, confirms; then the new dates are on the public
site: a concert's page and calendar file, the work page, and the tour's page (reached from the concert's)
and its calendar.
No page on the way breaks the site's CSP. Screenshots of the preview at 1280 and 375 px go to
test-artifacts/screenshots/."""

from datetime import date, timedelta

import pytest
import tablib
from django.urls import reverse
from playwright.sync_api import expect

from concerts.models import Concert, Work
from tests.browser_fixtures import MOBILE, SCREENSHOTS
from tests.factories import make_profile

pytestmark = pytest.mark.browser

PASSWORD = "violin-strings-and-rosin-42"
HEADERS = ["title", "venue", "city", "country", "date", "time", "status", "published", "series", "tickets",
           "programme", "performers"]
FIRST_DAY = date(2031, 10, 1)


def tour_file(bad_row=None):
    """The tour as a real XLSX (openpyxl through tablib): 20 concerts in four Japanese halls."""
    halls = [("Suntory Hall", "Tokyo"), ("Symphony Hall", "Osaka"), ("Kitara", "Sapporo"), ("ACROS", "Fukuoka")]
    dataset = tablib.Dataset(headers=HEADERS)
    for n in range(20):
        hall, city = halls[n % 4]
        day = f"{FIRST_DAY + timedelta(days=2 * n):%Y-%m-%d}"
        dataset.append([f"Autumn in Japan: {city} {n + 1}", hall, city, "Japan", day if n != bad_row else "2031-02-30",
                        "19:00", "on_sale", "yes", "Autumn in Japan", f"Box office: https://tickets.example.jp/{n + 1}",
                        "Pyotr Ilyich Tchaikovsky: Violin Concerto in D major, Op. 35\nJohann Sebastian Bach: Chaconne",
                        "Japan Philharmonic Orchestra (orchestra)"])
    return dataset.export("xlsx")


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"admin-{name}.png", full_page=False)


def _upload(page, data):
    page.goto(reverse("admin:concerts_concert_import"))
    page.locator("#id_import_file").set_input_files(files=[{
        "name": "japan-tour.xlsx", "buffer": data,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.get_by_role("button", name="Check the file (nothing is saved yet)").click()


def test_editor_imports_a_tour_fixing_the_bad_row_the_dry_run_reports(page, open_page, django_user_model):
    make_profile()
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))

    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(reverse("admin:concerts_concert_changelist"))
    page.get_by_role("link", name="Import").click()

    # The dry run: the bad row in words, four new halls noted, nothing to confirm, nothing saved.
    _upload(page, tour_file(bad_row=6))
    expect(page.locator(".errornote").first).to_contain_text("1 row has faults")
    expect(page.locator("tr.invalid")).to_contain_text("“2031-02-30” Enter a date such as 20/05/2027 or 2027-05-20.")
    expect(page.locator("tr.invalid th")).to_have_text("8")  # the file's line: header, then rows 1–7
    expect(page.get_by_text("New venue “Suntory Hall, Tokyo” will be created (time zone Asia/Tokyo).")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    _shot(page, "import-dry-run-fault")
    assert Concert.objects.count() == 0

    # The fixed file: every row valid, then confirmed.
    _upload(page, tour_file())
    expect(page.get_by_text("Every row is valid: 20 new, 0 changed, 0 unchanged.")).to_be_visible()
    _shot(page, "import-dry-run")
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Import finished: 20 new, 0 changed, 0 unchanged.")
    assert Concert.objects.filter(series__name="Autumn in Japan", is_published=True).count() == 20
    assert violations == []

    mobile = open_page(viewport=MOBILE)
    mobile.context.add_cookies(page.context.cookies())
    _upload(mobile, tour_file())
    expect(mobile.get_by_text("Every row is valid: 0 new, 0 changed, 20 unchanged.")).to_be_visible()
    _shot(mobile, "import-dry-run-375")

    # The public site: a concert of the tour, its calendar file in Tokyo time, and the work page.
    concert = Concert.objects.get(title="Autumn in Japan: Tokyo 1")
    ics = page.request.get(concert.get_calendar_url())
    assert ics.ok and "DTSTART;TZID=Asia/Tokyo:20311001T190000" in ics.text()
    work = Work.objects.get(title="Violin Concerto in D major", catalogue_number="Op. 35")
    page.goto(work.get_absolute_url())
    for title in ("Autumn in Japan: Tokyo 1", "Autumn in Japan: Fukuoka 20"):
        expect(page.get_by_text(title).first).to_be_visible()

    # The tour, found from a concert's page: its own page lists the dates, its calendar holds all twenty.
    page.goto(concert.get_absolute_url())
    page.locator(".facts").get_by_role("link", name="Autumn in Japan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Autumn in Japan")
    expect(page.locator(".series__dates")).to_have_text("1 October 2031 – 8 November 2031")
    expect(page.get_by_text("Autumn in Japan: Osaka 2").first).to_be_visible()
    expect(page.get_by_role("heading", name="Add Autumn in Japan to your calendar")).to_be_visible()
    ics = page.request.get(page.get_by_role("link", name="Download the calendar file").get_attribute("href"))
    assert ics.ok and ics.text().count("BEGIN:VEVENT") == 20

    # The export page (the library's selectable-fields form needs inline script, so it is not used).
    page.goto(reverse("admin:concerts_concert_export"))
    page.locator("#id_format").select_option(label="xlsx")
    with page.expect_download() as download:
        page.get_by_role("button", name="Submit").click()
    exported = tablib.Dataset().load(open(download.value.path(), "rb").read(), format="xlsx")
    assert len(exported) == 20 and "Autumn in Japan" in exported["series"]
    assert violations == []
