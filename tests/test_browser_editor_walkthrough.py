"""A new editor in a real Chromium, through the whole concert life: a venue in Tokyo (zone suggested), a concert
with a three-work programme reordered by dragging, scheduled, previewed, published, duplicated to a new date,
rescheduled, cancelled, an old revision restored with its programme; then previews of a scheduled recording
and a scheduled photo. Every time on the way is Tokyo time, named so. Screenshots of the list and forms at
1280 px are written to test-artifacts/screenshots/ (docs/screenshots/admin-*.png are copies looked at)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from concerts.models import Concert
from tests.browser_fixtures import SCREENSHOTS
from tests.factories import make_photo, make_profile, make_recording

pytestmark = pytest.mark.browser

PASSWORD = "violin-strings-and-rosin-42"


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=SCREENSHOTS / f"admin-{name}.png", full_page=False)


def _works(concert):
    return [item.work.title for item in concert.programme.all()]


def test_editor_walks_a_concert_through_its_life(page, django_user_model):
    make_profile()
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    day = timezone.localdate() + timedelta(days=60)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#attention-title")).to_be_visible()

    # A venue in Tokyo: the zone is suggested from the country and city.
    page.goto(reverse("admin:concerts_venue_add"))
    page.locator("#id_name_en").press_sequentially("Suntory Hall")
    page.locator("#id_country").select_option("JP")
    page.locator("#id_city_en").press_sequentially("Tokyo")
    expect(page.locator("#id_timezone")).to_have_value("Asia/Tokyo")
    page.locator("#id_coordinates").fill("35.6684, 139.7413")
    _shot(page, "venue-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    # A concert with three works, saved as a draft.
    page.goto(reverse("admin:concerts_concert_add"))
    page.locator("#id_title_en").fill("Tchaikovsky in Tokyo")
    page.locator("#id_venue").select_option(label="Suntory Hall, Tokyo")
    page.locator("#id_local_start_0").fill(day.isoformat())
    page.locator("#id_local_start_1").fill("7 pm")
    works = [("Bach", "Chaconne"), ("Ysaÿe", "Sonata No. 3"), ("Tchaikovsky", "Violin Concerto")]
    for row, (composer, work) in enumerate(works):
        if row:
            page.locator("#programme-group").get_by_role("button", name="Add another work").click()
        page.locator(f"#id_programme-{row}-composer_en").fill(composer)
        page.locator(f"#id_programme-{row}-work_en").fill(work)
    expect(page.locator("input[name=_save]").last).to_have_value("Save draft")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    concert = Concert.objects.get(title="Tchaikovsky in Tokyo")
    assert concert.local_starts_at.isoformat() == f"{day.isoformat()}T19:00:00+09:00"
    assert concert.slug == f"tchaikovsky-in-tokyo-{day.isoformat()}"
    assert _works(concert) == ["Chaconne", "Sonata No. 3", "Violin Concerto"]
    expect(page.get_by_text("Starts (Tokyo time)")).to_be_visible()

    # Drag the concerto to the top of the programme.
    rows = page.locator("#programme-group tbody tr.has_original")
    rows.nth(2).locator("td.original p").drag_to(rows.nth(0).locator("td.original p"))
    expect(page.locator("#programme-group tbody tr.has_original").first).to_contain_text("Violin Concerto")
    programme = page.locator("#programme-group")
    programme.screenshot(path=SCREENSHOTS / "admin-concert-programme.png")
    assert programme.bounding_box()["width"] <= 1280 - 2 * 40  # fits the form column, no sideways scrolling
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert _works(concert) == ["Violin Concerto", "Chaconne", "Sonata No. 3"]
    draft_order = _works(concert)

    # Schedule it: published from tomorrow 10:00 Tokyo time; the button says so.
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.locator("#id_is_published").check()
    page.locator("#id_publish_from_0").fill(tomorrow.isoformat())
    page.locator("#id_publish_from_1").fill("10:00")
    expect(page.locator("input[name=_save]").last).to_have_value(f"Schedule for {tomorrow.isoformat()} 10:00")
    expect(page.get_by_text("Publish from (Tokyo time)")).to_be_visible()
    _shot(page, "concert-form")
    page.locator("input[name=_save]").last.click()
    expect(page.locator("#result_list")).to_contain_text("Scheduled for")
    expect(page.locator("#result_list")).to_contain_text("10:00 Tokyo time")
    expect(page.locator("#result_list")).to_contain_text("19:00 Tokyo time")
    _shot(page, "concert-list")

    # Preview it from the list: the public page with the banner.
    with page.expect_popup() as popup:
        page.locator("#result_list").get_by_role("link", name="Preview").first.click()
    preview = popup.value
    expect(preview.locator(".preview-banner")).to_contain_text("Scheduled for")
    expect(preview.locator("main")).to_contain_text("19:00")
    expect(preview.locator("main")).to_contain_text("Tokyo time")
    preview.close()

    # Publish it now.
    page.goto(reverse("admin:concerts_concert_change", args=[concert.pk]))
    page.locator("#id_publish_from_0").fill("")
    page.locator("#id_publish_from_1").fill("")
    expect(page.locator("input[name=_save]").last).to_have_value("Publish now")
    page.locator("input[name=_save]").last.click()
    concert.refresh_from_db()
    assert concert.is_public() and concert.first_published_at is not None

    # Duplicate it to a new date: a draft copy with the programme.
    page.goto(reverse("admin:concerts_concert_change", args=[concert.pk]))
    page.get_by_role("link", name="Duplicate to a new date").click()
    expect(page.locator("#content-main")).to_contain_text("Tokyo time")
    copy_day = day + timedelta(days=14)
    page.locator("#id_local_start_0").fill(copy_day.strftime("%d/%m/%Y"))
    page.locator("#id_local_start_1").fill("19:00")
    page.get_by_role("button", name="Make the copy").click()
    expect(page.locator(".messagelist .success")).to_contain_text("draft copy")
    copy = Concert.objects.exclude(pk=concert.pk).get()
    assert (copy.is_published, copy.slug) == (False, f"tchaikovsky-in-tokyo-{copy_day.isoformat()}")
    assert _works(copy) == draft_order

    # Reschedule the original; the page names the current time in Tokyo.
    page.goto(reverse("admin:concerts_concert_reschedule", args=[concert.pk]))
    expect(page.locator("#content-main")).to_contain_text("19:00 Tokyo time")
    expect(page.locator("ol.breadcrumbs")).to_be_visible()
    page.locator("#id_local_start_0").fill((day + timedelta(days=1)).isoformat())
    page.locator("#id_local_start_1").fill("18:30")
    _shot(page, "reschedule-form")
    page.get_by_role("button", name="Reschedule").click()
    expect(page.locator(".messagelist .success")).to_contain_text("18:30 Tokyo time")
    moved = Concert.objects.get(rescheduled_from=concert)

    # Cancel the new performance: the editor is reminded about the description.
    page.locator("#id_status").select_option("cancelled")
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist .warning")).to_contain_text("description may need a line")
    moved.refresh_from_db()
    assert moved.status == "cancelled"

    # Restore the original's first revision: it lists the programme as it was, and brings it back.
    page.goto(reverse("admin:concerts_concert_history", args=[concert.pk]))
    expect(page.locator("#change-history")).to_contain_text("Tokyo time")
    page.locator("#change-history tbody tr").last.get_by_role("link").first.click()
    expect(page.locator(".revision-programme li")).to_have_text(
        ["Bach: Chaconne", "Ysaÿe: Sonata No. 3", "Tchaikovsky: Violin Concerto"])
    page.get_by_role("button", name="Revert").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert _works(Concert.objects.get(pk=concert.pk)) == ["Chaconne", "Sonata No. 3", "Violin Concerto"]

    # A scheduled recording and a scheduled photo, previewed from their admin pages.
    later = timezone.now() + timedelta(days=5)
    recording = make_recording(title="Unreleased album", slug="unreleased-album", publish_from=later)
    photo = make_photo(caption="Backstage in Tokyo", publish_from=later)
    for item, text in ((recording, "Unreleased album"), (photo, "Backstage in Tokyo")):
        page.goto(reverse(f"admin:profiles_{item._meta.model_name}_change", args=[item.pk]))
        with page.expect_popup() as popup:
            page.locator(".field-preview_link").get_by_role("link", name="Preview").click()
        preview = popup.value
        expect(preview.locator(".preview-banner")).to_contain_text("Scheduled for")
        expect(preview.locator("main")).to_contain_text(text)
        preview.close()

    assert not [e for e in errors if "gettext" in e or "Content Security Policy" in e], errors
