"""Renditions: every size and format made once, reused, cut around the focal point, removed with the image."""

from pathlib import Path

import html5lib
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import Image

from fansite.images import renditions
from profiles.models import Photo
from tests.factories import image_bytes, make_photo, make_profile, make_recording

pytestmark = pytest.mark.django_db


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def open_stored(name):
    with default_storage.open(name, "rb") as handle:
        image = Image.open(handle)
        image.load()
    return image


def render(template, **context):
    return Template("{% load images %}" + template).render(Context(context))


def test_every_crop_format_and_width_exists_with_the_recorded_size():
    photo = make_photo(content=image_bytes((2000, 1500)))

    crops = photo.renditions["crops"]
    assert set(crops) == {"original", "square", "wide"}
    expected_widths = {"original": [480, 960, 1600], "square": [480, 960, 1500], "wide": [480, 960, 1600]}
    for crop, ratio in (("original", 4 / 3), ("square", 1), ("wide", 16 / 9)):
        for fmt, pil_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
            entries = crops[crop][fmt]
            assert [w for w, _, _ in entries] == expected_widths[crop], (crop, fmt)
            for width, height, name in entries:
                image = open_stored(name)
                assert image.format == pil_format and image.size == (width, height)
                assert abs(width / height - ratio) < 0.01


def test_small_images_are_never_upscaled():
    photo = make_photo(content=image_bytes((700, 500)))
    assert [w for w, _, _ in photo.renditions["crops"]["original"]["jpeg"]] == [480, 700]
    assert [w for w, _, _ in photo.renditions["crops"]["square"]["webp"]] == [480, 500]
    tiny = make_photo(content=image_bytes((300, 200)))
    assert [e[:2] for e in tiny.renditions["crops"]["original"]["jpeg"]] == [[300, 200]]


def test_renditions_are_made_once_and_reused(media_in_tmp):
    photo = make_photo()
    before = files_under(media_in_tmp)

    photo.caption = "A new caption"
    photo.save()
    Photo.objects.get(pk=photo.pk).save()
    for _ in range(2):
        render("{% picture photo %}{% picture photo crop='square' %}", photo=Photo.objects.get(pk=photo.pk))

    assert files_under(media_in_tmp) == before
    assert renditions.sync(Photo.objects.get(pk=photo.pk)) is False


def test_replacing_the_image_removes_the_old_original_and_renditions(media_in_tmp, django_capture_on_commit_callbacks):
    photo = make_photo()
    old = renditions.stored_names(photo.renditions)
    assert set(files_under(media_in_tmp)) == old and len(old) == 1 + 2 * (3 + 2 + 3)

    with django_capture_on_commit_callbacks(execute=True):
        photo.image.save("new.jpg", ContentFile(image_bytes((1000, 1000))), save=False)
        photo.save()

    remaining = set(files_under(media_in_tmp))
    assert not old & remaining
    assert renditions.stored_names(photo.renditions) == remaining


def test_deleting_the_photo_removes_every_file(media_in_tmp, django_capture_on_commit_callbacks):
    photo = make_photo()
    assert files_under(media_in_tmp)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert files_under(media_in_tmp) == []


def test_clearing_a_portrait_removes_its_files(media_in_tmp, django_capture_on_commit_callbacks):
    profile = make_profile()
    profile.portrait.save("p.jpg", ContentFile(image_bytes((900, 1200))), save=False)
    profile.save()
    assert set(files_under(media_in_tmp)) == renditions.stored_names(profile.renditions)
    with django_capture_on_commit_callbacks(execute=True):
        profile.portrait = ""
        profile.save()
    assert files_under(media_in_tmp) == [] and profile.renditions == {}


def test_rolled_back_save_keeps_the_files(media_in_tmp, django_capture_on_commit_callbacks):
    photo = make_photo()
    before = files_under(media_in_tmp)
    with django_capture_on_commit_callbacks(execute=False):
        photo.delete()  # callbacks captured but not run, as when the transaction rolls back
    assert files_under(media_in_tmp) == before


def _wide_with_marks():
    """1600x800: red block at the left edge, green at the right, blue in between."""
    image = Image.new("RGB", (1600, 800), (20, 40, 200))
    image.paste((230, 20, 20), (0, 0, 100, 800))
    image.paste((20, 200, 40), (1500, 0, 1600, 800))
    from io import BytesIO

    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("focal_x,left_colour,right_colour", [(0, "red", "blue"), (100, "blue", "green"), (50, "blue", "blue")])
def test_focal_point_drives_the_square_crop(focal_x, left_colour, right_colour):
    photo = make_photo(content=_wide_with_marks(), focal_x=focal_x)
    square = open_stored(photo.renditions["crops"]["square"]["jpeg"][0][2]).convert("RGB")
    colour = lambda rgb: max(zip(rgb, ("red", "green", "blue")))[1]
    assert colour(square.getpixel((5, 240))) == left_colour
    assert colour(square.getpixel((square.width - 5, 240))) == right_colour


def test_changing_the_focal_point_remakes_only_the_renditions(media_in_tmp, django_capture_on_commit_callbacks):
    photo = make_photo(content=_wide_with_marks())
    original = photo.image.name
    old_square = photo.renditions["crops"]["square"]["jpeg"][0][2]
    with django_capture_on_commit_callbacks(execute=True):
        photo.focal_x = 0
        photo.save()
    assert photo.image.name == original and default_storage.exists(original)
    assert photo.renditions["crops"]["square"]["jpeg"][0][2] != old_square
    assert not default_storage.exists(old_square)
    assert set(files_under(media_in_tmp)) == renditions.stored_names(photo.renditions)


def test_crop_box_stays_inside_the_image():
    assert renditions.crop_box((1600, 800), (1, 1), (0, 50)) == (0, 0, 800, 800)
    assert renditions.crop_box((1600, 800), (1, 1), (100, 50)) == (800, 0, 1600, 800)
    assert renditions.crop_box((800, 1600), (16, 9), (50, 0)) == (0, 0, 800, 450)
    assert renditions.crop_box((800, 1600), (16, 9), (50, 50)) == (0, 575, 800, 1025)
    assert renditions.crop_box((800, 600), None, (10, 10)) == (0, 0, 800, 600)


# --- The template tag -----------------------------------------------------------------------------


def test_picture_tag_markup():
    photo = make_photo(content=image_bytes((2000, 1500)), alt_text="The violinist & her violin")
    html = render('{% picture photo sizes="(min-width: 64rem) 22rem, 100vw" %}', photo=photo)

    document = html5lib.parseFragment(html, namespaceHTMLElements=False)
    picture = document.find("picture")
    source, img = list(picture)
    assert source.tag == "source" and source.get("type") == "image/webp"
    assert source.get("sizes") == img.get("sizes") == "(min-width: 64rem) 22rem, 100vw"
    webp = [entry.rsplit(" ", 1) for entry in source.get("srcset").split(", ")]
    jpeg = [entry.rsplit(" ", 1) for entry in img.get("srcset").split(", ")]
    assert [w for _, w in webp] == [w for _, w in jpeg] == ["480w", "960w", "1600w"]
    assert all(url.startswith("/media/renditions/photos/") and url.endswith(".webp") for url, _ in webp)
    assert all(url.endswith(".jpg") for url, _ in jpeg)
    assert img.get("src") == jpeg[1][0]
    assert (img.get("width"), img.get("height")) == ("1600", "1200")
    assert img.get("alt") == "The violinist & her violin"
    assert img.get("loading") == "lazy" and img.get("decoding") == "async"


def test_picture_tag_options_crop_eager_and_fetchpriority():
    recording = make_recording(cover=True, cover_alt="Album cover")
    html = render('{% picture r crop="square" loading="eager" fetchpriority="high" css_class="cover" %}', r=recording)
    img = html5lib.parseFragment(html, namespaceHTMLElements=False).find("picture").find("img")
    assert img.get("loading") == "eager" and img.get("fetchpriority") == "high" and img.get("class") == "cover"
    assert img.get("width") == img.get("height") == "1400"
    assert "/square-" in img.get("src")


def test_picture_tag_without_image_or_renditions():
    profile = make_profile()
    assert render("{% picture p %}", p=profile).strip() == ""
    Photo.objects.create(image="photos/legacy.jpg", alt_text="Old upload")
    html = render("{% picture p %}", p=Photo.objects.get())  # no renditions recorded: plain <img> of the original
    assert html == '<img src="/media/photos/legacy.jpg" alt="Old upload" loading="lazy" decoding="async">'


def test_picture_tag_makes_no_queries_and_no_storage_calls(django_assert_num_queries, media_in_tmp):
    photo = make_photo()
    Path(media_in_tmp, photo.image.name).unlink()  # a storage read would now fail
    with django_assert_num_queries(0):
        assert "<picture>" in render("{% picture p %}", p=photo)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_picks_the_focal_point_by_clicking_the_picture(live_server, page, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.com", "a-long-enough-password")
    photo = make_photo(content=_wide_with_marks())
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-enough-password")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/profiles/photo/{photo.pk}/change/")
    picture = page.locator("[data-focal-picker] img")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.1, "y": box["height"] * 0.5})
    assert (page.input_value("#id_focal_x"), page.input_value("#id_focal_y")) == ("10", "50")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/profiles/photo/")
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (10, 50)
    square = open_stored(photo.renditions["crops"]["square"]["jpeg"][0][2]).convert("RGB")
    assert square.getpixel((5, 240))[0] > 200  # the red left edge is now inside the square crop
