"""Upload hardening: only real JPEG/PNG/WebP within the limits get in, upright and without metadata."""

import io
import os
import struct
import time
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from fansite.images.hardening import harden
from profiles.models import ArtistProfile, Photo
from tests.factories import image_bytes, make_photo, make_profile

pytestmark = pytest.mark.django_db


def png_bomb(width=20000, height=20000):
    """A valid 1-bit PNG of width x height black pixels: tens of kilobytes on disk, 400 megapixels decoded."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes((width + 7) // 8)  # filter byte + one bit per pixel
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def bomb():
    return png_bomb()


def gps_tagged_jpeg(size=(1600, 1200)):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Camera maker"
    exif[ExifTags.Base.Model] = "Camera model"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (55.0, 45.0, 21.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (37.0, 36.0, 15.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
    return image_bytes(size, "JPEG", exif=exif.tobytes(), xmp=xmp)


def rotated_jpeg(size=(1200, 800)):
    """Stored landscape with a red block in its top-left corner, tagged orientation 6 (turn 90° clockwise)."""
    image = Image.new("RGB", size, (20, 60, 160))
    image.paste((230, 20, 20), (0, 0, 200, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def stored_files(media_root):
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file())


def refusal(content, name="photo.jpg"):
    with pytest.raises(ValidationError) as caught:
        harden(ContentFile(content, name=name))
    return " ".join(caught.value.messages)


# --- The refusals ---------------------------------------------------------------------------------


def test_decompression_bomb_is_refused_from_its_header_quickly(bomb):
    assert len(bomb) < 200_000  # small on disk: only the declared pixel count gives it away
    started = time.perf_counter()
    message = refusal(bomb, "bomb.png")
    elapsed = time.perf_counter() - started
    assert "This image has 400 megapixels; images may have at most 40 megapixels" in message
    assert elapsed < 1.0  # decoding 400 megapixels would take many seconds and gigabytes


def test_image_past_pillows_own_bomb_guard_gets_the_same_clear_message(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    from fansite.images.hardening import configure_pillow

    configure_pillow()  # Pillow now raises DecompressionBombError itself above 2 megapixels
    try:
        assert "megapixels" in refusal(png_bomb(3000, 3000), "big.png")
    finally:
        settings.IMAGE_MAX_PIXELS = 40_000_000
        configure_pillow()


def test_html_with_a_png_header_is_refused():
    fake = b"\x89PNG\r\n\x1a\n<html><body><script>alert('x')</script></body></html>"
    assert "not a valid JPEG, PNG or WebP image" in refusal(fake, "photo.png")


def test_truncated_jpeg_is_refused():
    assert "not a valid" in refusal(image_bytes()[:3000])


def test_eleven_megabyte_file_is_refused_before_decoding():
    started = time.perf_counter()
    message = refusal(b"\xff\xd8\xff\xe0" + os.urandom(11 * 1024 * 1024))
    assert "11.0 MB" in message and "10 MB" in message
    assert time.perf_counter() - started < 1.0


def test_size_and_pixel_limits_follow_settings(settings):
    settings.IMAGE_MAX_BYTES = 1000
    assert "MB" in refusal(image_bytes((800, 600), quality=95))
    settings.IMAGE_MAX_BYTES = 10 * 1024 * 1024
    settings.IMAGE_MAX_PIXELS = 100 * 100
    assert "200 × 200 pixels" in refusal(image_bytes((200, 200)))


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_formats_are_refused_by_content_whatever_the_name(fmt):
    assert "not a valid JPEG, PNG or WebP" in refusal(image_bytes((100, 100), fmt), "photo.jpg")


# --- What gets in ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_three_formats_are_accepted_and_reencoded(fmt):
    hardened = harden(ContentFile(image_bytes((640, 480), fmt), name="whatever.bin"))
    assert hardened.size == (640, 480) and hardened.extension == ".jpg"
    assert Image.open(io.BytesIO(hardened.content)).format == "JPEG"


def test_transparent_png_stays_png_with_its_alpha():
    hardened = harden(ContentFile(image_bytes((300, 200), "PNG", alpha=True, colour=(10, 20, 30, 0)), name="logo.png"))
    reopened = Image.open(io.BytesIO(hardened.content))
    assert hardened.extension == ".png" and reopened.mode == "RGBA" and reopened.getpixel((299, 199))[3] == 0


def test_gps_and_all_metadata_are_gone_from_every_stored_file(media_in_tmp):
    original = gps_tagged_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input really has GPS

    make_photo(content=original)

    files = stored_files(media_in_tmp)
    assert len(files) == 1 + 3 * 3 * 2  # the original and 18 renditions
    for path in files:
        data = path.read_bytes()
        with default_storage.open(str(path.relative_to(media_in_tmp)), "rb") as handle:
            image = Image.open(handle)
            image.load()
            assert not image.getexif(), path
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(image.info), path
        assert b"Exif\x00\x00" not in data and b"adobe:ns:meta" not in data and b"Camera maker" not in data, path


def test_exif_rotated_photo_is_stored_upright(media_in_tmp):
    photo = make_photo(content=rotated_jpeg())

    with photo.image.open("rb"):
        stored = Image.open(photo.image)
        stored.load()
    assert stored.size == (800, 1200)  # width and height swapped
    assert stored.getpixel((780, 20))[0] > 200  # the red corner is now top-right
    assert stored.getpixel((20, 20))[2] > 120  # and top-left is the blue background
    assert photo.renditions["width"] == 800 and photo.renditions["height"] == 1200
    smallest = photo.renditions["crops"]["original"]["jpeg"][0]
    with default_storage.open(smallest[2], "rb") as handle:
        rendition = Image.open(handle)
        rendition.load()
    assert rendition.size == (480, 720) and rendition.getpixel((470, 10))[0] > 200


def test_stored_names_are_generated_not_taken_from_the_upload():
    photo = make_photo()
    photo.image.save("../../etc/passwd evil name.png", ContentFile(image_bytes()), save=True)
    name = photo.image.name
    assert name.startswith("photos/") and ".." not in name and "evil" not in name and name.endswith(".jpg")
    assert len(Path(name).stem) == 32


# --- Through the real admin ----------------------------------------------------------------------


def _post_photo(editor, upload):
    return editor.post(reverse("admin:profiles_photo_add"), {
        "image": upload, "alt_text_en": "A violinist on stage", "caption_en": "On stage", "credit_en": "A. Photographer",
        "copyright_en": "© A. Photographer", "in_press_kit": "on", "order": "0", "focal_x": "50", "focal_y": "50",
    })


@pytest.mark.parametrize("content,name,expected", [
    (b"\x89PNG\r\n\x1a\n<html><body>not a picture</body></html>", "photo.png", "not a valid JPEG, PNG or WebP image"),
    (b"\xff\xd8\xff\xe0" + bytes(11 * 1024 * 1024), "big.jpg", "images may be at most 10 MB"),
    (None, "bomb.png", "This image has 400 megapixels; images may have at most 40 megapixels"),
])
def test_admin_shows_a_field_error_for_a_bad_file(editor, bomb, content, name, expected):
    upload = SimpleUploadedFile(name, bomb if content is None else content, "image/png")
    response = _post_photo(editor, upload)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert 'class="errorlist' in response.content.decode()
    assert not Photo.objects.exists()


def test_admin_upload_is_stored_hardened_with_renditions(editor, media_in_tmp):
    response = _post_photo(editor, SimpleUploadedFile("IMG_0001.JPG", gps_tagged_jpeg(), "image/jpeg"))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.image.name.startswith("photos/") and "IMG_0001" not in photo.image.name
    assert set(photo.renditions["crops"]) == {"original", "square", "wide"}
    assert len(stored_files(media_in_tmp)) == 19


def test_admin_portrait_upload_is_refused_with_a_field_error(editor):
    profile = make_profile()
    response = editor.post(reverse("admin:profiles_artistprofile_change", args=[profile.pk]), {
        "name_en": profile.name, "short_bio_en": profile.short_bio, "long_bio_en": profile.long_bio,
        "portrait": SimpleUploadedFile("me.jpg", b"GIF89a not really", "image/jpeg"),
        "focal_x": "50", "focal_y": "50",
    })
    assert response.status_code == 200 and "not a valid JPEG, PNG or WebP image" in response.content.decode()
    assert not ArtistProfile.objects.get().portrait


def test_admin_file_input_accepts_only_the_three_types(editor):
    html = editor.get(reverse("admin:profiles_photo_add")).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in html


# --- Every mode keeps its tones; extreme shapes are refused before encoding ---------------------------


def encoded(image, fmt="PNG"):
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("mode,fmt,value,expected_grey", [
    ("I;16", "PNG", 40000, 156),  # 16-bit greyscale: 40000/65535 of white, once stored as 255
    ("I;16", "PNG", 0, 0),
    ("L", "PNG", 100, 100),
    ("LA", "PNG", (100, 255), 100),
    ("P", "PNG", 7, None),
    ("1", "PNG", 1, 255),
    ("RGB", "WEBP", (100, 100, 100), 100),
    ("CMYK", "JPEG", (0, 0, 0, 155), 100),
])
def test_every_mode_is_stored_with_its_tones(mode, fmt, value, expected_grey):
    image = Image.new(mode, (64, 48), value)
    hardened = harden(ContentFile(encoded(image, fmt), name=f"picture.{fmt.lower()}"))
    stored = Image.open(io.BytesIO(hardened.content)).convert("RGB")
    if expected_grey is None:
        expected = image.convert("RGB").getpixel((5, 5))
    else:
        expected = (expected_grey,) * 3
    assert all(abs(a - b) <= 3 for a, b in zip(stored.getpixel((5, 5)), expected)), (stored.getpixel((5, 5)), expected)


def test_a_mode_without_a_known_conversion_is_refused_with_a_message(monkeypatch):
    monkeypatch.setattr("fansite.images.hardening.EIGHT_BIT_MODES", {"RGB"})
    assert "colour format (L) is not supported" in refusal(encoded(Image.new("L", (64, 48), 100)))


@pytest.mark.parametrize("size,expected", [
    ((1, 70000), "no side may be longer than 16,383 pixels"),
    ((16384, 1000), "no side may be longer than 16,383 pixels"),
    ((1, 50000), "no side may be longer than 16,383 pixels"),
    ((2100, 100), "long side may be at most 20 times its short side"),
    ((1, 30), "long side may be at most 20 times its short side"),
])
def test_extreme_sizes_and_shapes_are_refused_before_encoding(size, expected):
    assert expected in refusal(encoded(Image.new("L", size, 90), "PNG"), name="strip.png")


def test_a_long_strip_within_the_limits_is_stored_with_renditions(media_in_tmp):
    photo = make_photo(content=encoded(Image.new("RGB", (2000, 100), (90, 20, 40))))
    assert set(photo.renditions["crops"]) == {"original", "square", "wide"}


def test_admin_shows_a_field_error_for_a_one_pixel_wide_strip(editor):
    response = _post_photo(editor, SimpleUploadedFile("strip.png", encoded(Image.new("L", (1, 70000), 9)), "image/png"))
    assert response.status_code == 200 and "no side may be longer than" in response.content.decode()
    assert not Photo.objects.exists()
