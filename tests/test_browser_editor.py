"""An editor in a real Chromium: logs in, adds a venue, a concert with its programme and a photo, publishes,
checks the public site, then cancels the concert and sees the public page say so."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from concerts.models import Concert
from profiles.models import Photo
from tests.factories import make_profile

pytestmark = pytest.mark.browser

PASSWORD = "violin-strings-and-rosin-42"


def _png_bytes(size=(800, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (122, 31, 61)).save(buffer, format="PNG")
    return buffer.getvalue()


def _save_and_expect_success(page, button="Save"):
    # Issue 12: a publishable item's save button says what saving does ("Publish now", "Save draft").
    page.get_by_role("button", name=button, exact=True).first.click()  # (the save row is also on top)
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")


def test_editor_publishes_a_concert_with_programme_and_photo_then_cancels_it(page, django_user_model):
    make_profile()
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    concert_day = timezone.localdate() + timedelta(days=45)

    # The real login form.
    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Concerts", exact=True).first).to_be_visible()

    # A venue; its slug is filled in from the name by the admin's own script.
    page.goto(reverse("admin:concerts_venue_add"))
    page.locator("#id_name_en").press_sequentially("Great Hall of the Moscow Conservatory")
    expect(page.locator("#id_slug")).to_have_value("great-hall-of-the-moscow-conservatory")
    page.locator("#id_city_en").fill("Moscow")
    page.locator("#id_country").select_option("RU")
    page.locator("#id_timezone").select_option("Europe/Moscow")
    _save_and_expect_success(page)

    # A concert at 19:30 Moscow time, with a two-work programme typed into the inline.
    page.goto(reverse("admin:concerts_concert_add"))
    page.locator("#id_title_en").fill("Autumn Recital in Moscow")
    page.locator("#id_venue").select_option(label="Great Hall of the Moscow Conservatory, Moscow")
    page.locator("#id_local_start_0").fill(concert_day.isoformat())
    page.locator("#id_local_start_1").fill("19:30")
    page.locator("#id_programme-0-composer_en").fill("Johann Sebastian Bach")
    page.locator("#id_programme-0-work_en").fill("Partita No. 2 in D minor")
    page.locator("#id_programme-0-catalogue_number").fill("BWV 1004")
    page.locator("#programme-group").get_by_role("button", name="Add another work").click()  # order: set by place
    page.locator("#id_programme-1-composer_en").fill("Pyotr Ilyich Tchaikovsky")
    page.locator("#id_programme-1-work_en").fill("Violin Concerto in D major")
    page.locator("#id_is_published").check()
    _save_and_expect_success(page, "Publish now")

    # A photo: a real PNG uploaded through the file input.
    page.goto(reverse("admin:profiles_photo_add"))
    page.locator("#id_image").set_input_files(
        files=[{"name": "great-hall.png", "mimeType": "image/png", "buffer": _png_bytes()}]
    )
    page.locator("#id_alt_text_en").fill("The stage of the Great Hall before the recital")
    page.locator("#id_caption_en").fill("The Great Hall")
    page.locator("#id_is_published").check()  # photos start as drafts, like concerts
    _save_and_expect_success(page, "Publish now")

    # The public site, reached as a visitor would: concert list, then the concert page.
    page.goto(reverse("concerts:upcoming"))
    page.get_by_role("link", name="Autumn Recital in Moscow", exact=True).click()
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Autumn Recital in Moscow")
    expect(main).to_contain_text("19:30")
    expect(main).to_contain_text("Moscow time")
    # (The colon after each composer is drawn by CSS, so it is not part of the text.)
    expect(main.locator(".programme li")).to_have_text(
        ["Johann Sebastian Bach Partita No. 2 in D minor, BWV 1004", "Pyotr Ilyich Tchaikovsky Violin Concerto in D major"]
    )
    concert_url = page.url

    photo = Photo.objects.get()
    assert page.request.get(photo.image.url).ok, "the uploaded photo is served"
    page.goto(reverse("profiles:photos"))
    image = page.get_by_alt_text("The stage of the Great Hall before the recital")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the photo loads in the gallery"

    # Cancel it in admin; the public page keeps its address and says so.
    concert = Concert.objects.get(title="Autumn Recital in Moscow")
    page.goto(reverse("admin:concerts_concert_change", args=[concert.pk]))
    page.locator("#id_status").select_option("cancelled")
    page.get_by_role("button", name="Save and keep published", exact=True).first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    page.goto(concert_url)
    expect(page.locator("main")).to_contain_text("This concert has been cancelled.")
