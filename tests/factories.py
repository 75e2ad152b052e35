"""Small factory functions: each makes one valid object with sensible defaults, overridable by keyword."""

import io
import itertools
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from concerts.models import Collaborator, Concert, ProgrammeItem, Series, TicketLink, Venue
from concerts.services import performer_find_or_create, work_find_or_create
from concerts.timezones import get_zone
from fansite.models import Page, SiteSettings
from profiles.models import ArtistProfile, Award, MediaEmbed, Milestone, Photo, PressQuote, Recording, Track

_counter = itertools.count(1)


def make_profile(**fields):
    defaults = {
        "name": "Sébastien Kalmurzaeva",
        "tagline": "Violinist",
        "short_bio": "Born in Moscow to a family of musicians.",
        "long_bio": "First paragraph.\n\nSecond paragraph.",
        "birth_place": "Moscow",
    }
    return ArtistProfile.objects.create(**{**defaults, **fields})


def make_venue(**fields):
    n = next(_counter)
    defaults = {
        "name": f"Hall {n}",
        "slug": f"hall-{n}",
        "address": "Bolshaya Nikitskaya Street 13/6",
        "city": "Moscow",
        "country": "RU",
        "timezone": "Europe/Moscow",
    }
    return Venue.objects.create(**{**defaults, **fields})


TICKET_LINK_FIELDS = {"ticket_url": "url", "seller": "seller", "price_text": "price_text", "price_text_ru": "price_text_ru",
                      "price_min": "price", "price_currency": "currency", "on_sale_at": "on_sale_at"}


def make_concert(venue=None, starts_at=None, local=None, **fields):
    """`local` is a naive wall-clock datetime at the venue; `starts_at` an aware one; default: in 30 days.

    The concert gets one standard ticket link at https://tickets.example.com/; `ticket_url`, `seller`,
    `price_text(_ru)`, `price_min`, `price_currency` and `on_sale_at` describe it (`ticket_url=""` with no
    price: no link at all)."""
    n = next(_counter)
    venue = venue or make_venue()
    if local is not None:
        starts_at = local.replace(tzinfo=get_zone(venue.timezone))
    link = {TICKET_LINK_FIELDS[key]: fields.pop(key) for key in list(fields) if key in TICKET_LINK_FIELDS}
    link = {"url": "https://tickets.example.com/", "seller": "Box office", **link}
    defaults = {
        "title": f"Concert {n}",
        "slug": f"concert-{n}",
        "starts_at": starts_at or timezone.now() + timedelta(days=30),
        "is_published": True,
    }
    concert = Concert.objects.create(venue=venue, **{**defaults, **fields})
    if link["url"] or link.get("price_text") or link.get("price") is not None:
        make_ticket_link(concert, **link)
    return concert


def make_ticket_link(concert, **fields):
    defaults = {"seller": "Box office", "url": "https://tickets.example.com/", "kind": TicketLink.Kind.STANDARD}
    return TicketLink.objects.create(concert=concert, **{**defaults, **fields})


def make_series(**fields):
    n = next(_counter)
    defaults = {"name": f"Tour {n}", "slug": f"tour-{n}", "kind": Series.Kind.TOUR}
    return Series.objects.create(**{**defaults, **fields})


def make_work(composer="Pyotr Ilyich Tchaikovsky", title="Violin Concerto in D major", catalogue_number="", **fields):
    """The work record (found or made, with its composer); `fields` (e.g. title_ru, is_offered) are set on it."""
    work = work_find_or_create(composer=composer, title=title, catalogue_number=catalogue_number)
    if fields:
        for name, value in fields.items():
            setattr(work, name, value)
        work.save()
    return work


def make_programme(concert, *works):
    """Programme rows for (composer, title) or (composer, title, catalogue number) tuples, in order."""
    return [
        ProgrammeItem.objects.create(concert=concert, work=make_work(*entry), order=i)
        for i, entry in enumerate(works)
    ]


def make_collaborator(concert, name="Festival Orchestra", role=Collaborator.Role.ORCHESTRA, order=0):
    return Collaborator.objects.create(concert=concert, performer=performer_find_or_create(name=name, role=role),
                                       role=role, order=order)


def make_award(**fields):
    defaults = {"name": "Grammy Award", "category": "Best Classical Instrumental Album", "result": Award.Result.NOMINATED}
    return Award.objects.create(**{**defaults, **fields})


def make_milestone(**fields):
    return Milestone.objects.create(**{"title": "Moscow Conservatory", "period": "Studies", **fields})


def make_quote(**fields):
    defaults = {"quote": "She could move mountains.", "source": "The critics", "featured": True, "is_published": True}
    return PressQuote.objects.create(**{**defaults, **fields})


def make_page(**fields):
    n = next(_counter)
    defaults = {"title": f"Page {n}", "slug": f"page-{n}", "body": "Some *text*.", "is_published": True}
    return Page.objects.create(**{**defaults, **fields})


def make_site_settings(**fields):
    return SiteSettings.objects.create(**fields)


def image_file(name="picture.jpg", size=(48, 32), colour=(36, 28, 43)):
    """An uploaded-file object holding a real JPEG, for ImageFields."""
    return make_upload(name, size=size, colour=colour)


def local(year, month, day, hour=19, minute=30):
    return datetime(year, month, day, hour, minute)


def reschedule(old, new):
    """Mark `old` as rescheduled to `new` the way the admin does (validated, saved one by one)."""
    old.status = Concert.Status.RESCHEDULED
    old.rescheduled_to = new
    old.full_clean()
    old.save()
    return old


def admin_concert_form(concert, **overrides):
    """The POST data of the admin change form for `concert`, as the editor would submit it unchanged."""
    local = concert.local_starts_at
    data = {
        "title": concert.title, "slug": concert.slug, "venue": concert.venue_id,
        "local_start_0": f"{local:%Y-%m-%d}", "local_start_1": f"{local:%H:%M}",
        "duration_minutes": concert.duration_minutes or "",
        "is_published": "on" if concert.is_published else "",
        "status": concert.status, "rescheduled_to": concert.rescheduled_to_id or "",
        "series": concert.series_id or "",
        "organizer_name": concert.organizer_name, "organizer_url": concert.organizer_url,
        "description": concert.description,
        "programme-TOTAL_FORMS": "0", "programme-INITIAL_FORMS": "0",
        "collaborators-TOTAL_FORMS": "0", "collaborators-INITIAL_FORMS": "0", "focal_x": "50", "focal_y": "50",
        "ticket_links-TOTAL_FORMS": "0", "ticket_links-INITIAL_FORMS": "0",
    }
    return english_fields({**data, **overrides})


def english_fields(data, translated=("title", "description", "image_alt", "name", "address", "city", "site_title",
                                     "tagline", "default_share_image_alt", "body", "menu_title")):
    """Admin POST data with each translated field under its English name (`title` -> `title_en`), as the
    admin's form (django-modeltranslation) names it; the Russian ones are left empty."""
    return {f"{key}_en" if key in translated else key: value for key, value in data.items()}


def image_bytes(size=(1200, 900), fmt="JPEG", colour=(122, 31, 61), **save_options):
    """A real encoded picture: a flat colour with a light square in the top-left corner."""
    image = Image.new("RGBA" if fmt == "PNG" and save_options.pop("alpha", False) else "RGB", size, colour)
    image.paste((240, 240, 240), (0, 0, max(1, size[0] // 8), max(1, size[1] // 8)))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save_options)
    return buffer.getvalue()


def make_upload(name="photo.jpg", content=None, content_type="image/jpeg", **image_options):
    return SimpleUploadedFile(name, image_bytes(**image_options) if content is None else content, content_type)


def make_photo(content=None, **fields):
    """A photo with a real, hardened image and its renditions (slow-ish: use bulk_photos for many)."""
    n = next(_counter)
    defaults = {"alt_text": f"Photo {n}", "caption": f"Caption {n}", "credit": "A. Photographer", "order": n,
                "is_published": True}
    photo = Photo(**{**defaults, **fields})
    photo.image.save("photo.jpg", ContentFile(content or image_bytes()), save=False)
    photo.save()
    return photo


def _fake_record(folder, n):
    """A renditions record as `renditions.build` writes it, pointing at names only (no files)."""
    files = lambda crop, ratio: {
        fmt: [[w, round(w / ratio), f"renditions/{folder}/{n}/{crop}-{w}w.{ext}"] for w in (480, 960, 1600)]
        for fmt, ext in (("webp", "webp"), ("jpeg", "jpg"))
    }
    return {"key": "fake", "source": f"{folder}/{n}.jpg", "width": 1600, "height": 1200, "bytes": 1000,
            "focal": [50, 50], "crops": {"original": files("original", 4 / 3), "square": files("square", 1),
                                         "wide": files("wide", 16 / 9)}}


def bulk_photos(count):
    """Many photo rows at once, with renditions records but no files: for query-count tests."""
    return Photo.objects.bulk_create(
        Photo(image=f"photos/{i}.jpg", alt_text=f"Photo {i}", caption=f"Caption {i}", credit=f"Photographer {i}",
              copyright=f"© Photographer {i}", order=i, renditions=_fake_record("photos", i), is_published=True)
        for i in range(count)
    )


def make_recording(cover=False, **fields):
    n = next(_counter)
    defaults = {"title": f"Album {n}", "slug": f"album-{n}", "label": "A Label", "year": 2020, "is_published": True}
    recording = Recording(**{**defaults, **fields})
    if cover:
        recording.cover.save("cover.jpg", ContentFile(image_bytes((1400, 1400))), save=False)
    recording.save()
    return recording


def make_track(recording, position=1, **fields):
    defaults = {"title": f"Track {position}", "composer": "J. S. Bach", "duration": timedelta(minutes=4, seconds=32)}
    return Track.objects.create(recording=recording, position=position, **{**defaults, **fields})


def make_media(**fields):
    defaults = {"title": "A video", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}
    return MediaEmbed.objects.create(**{**defaults, **fields})


def make_news_post(**fields):
    from fansite.news.models import NewsPost

    n = next(_counter)
    defaults = {"title": f"News {n}", "slug": f"news-{n}", "body": "A paragraph of news.", "is_published": True,
                "publish_from": timezone.now() - timedelta(hours=n)}
    return NewsPost.objects.create(**{**defaults, **fields})
