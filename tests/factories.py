"""Small factory functions: each makes one valid object with sensible defaults, overridable by keyword."""

import itertools
from datetime import datetime, timedelta

from django.utils import timezone

from concerts.models import Collaborator, Concert, ProgrammeItem, Venue
from concerts.timezones import get_zone
from fansite.models import Page, SiteSettings
from profiles.models import ArtistProfile, Award, Milestone, Photo, PressQuote, Recording

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
        "country": "Russia",
        "timezone": "Europe/Moscow",
    }
    return Venue.objects.create(**{**defaults, **fields})


def make_concert(venue=None, starts_at=None, local=None, **fields):
    """`local` is a naive wall-clock datetime at the venue; `starts_at` an aware one; default: in 30 days."""
    n = next(_counter)
    venue = venue or make_venue()
    if local is not None:
        starts_at = local.replace(tzinfo=get_zone(venue.timezone))
    defaults = {
        "title": f"Concert {n}",
        "slug": f"concert-{n}",
        "starts_at": starts_at or timezone.now() + timedelta(days=30),
        "is_published": True,
        "ticket_url": "https://tickets.example.com/",
    }
    return Concert.objects.create(venue=venue, **{**defaults, **fields})


def make_programme(concert, *works):
    return [
        ProgrammeItem.objects.create(concert=concert, composer=composer, work=work, order=i)
        for i, (composer, work) in enumerate(works)
    ]


def make_collaborator(concert, name="Moscow Philharmonic Orchestra", role=Collaborator.Role.ORCHESTRA):
    return Collaborator.objects.create(concert=concert, name=name, role=role)


def make_award(**fields):
    defaults = {"name": "Grammy Award", "category": "Best Classical Instrumental Album", "result": Award.Result.NOMINATED}
    return Award.objects.create(**{**defaults, **fields})


def make_milestone(**fields):
    return Milestone.objects.create(**{"title": "Moscow Conservatory", "period": "Studies", **fields})


def make_quote(**fields):
    defaults = {"quote": "She could move mountains.", "source": "The critics", "featured": True, "is_published": True}
    return PressQuote.objects.create(**{**defaults, **fields})


def make_recording(**fields):
    n = next(_counter)
    defaults = {"title": f"Recording {n}", "slug": f"recording-{n}", "label": "Label", "is_published": True}
    return Recording.objects.create(**{**defaults, **fields})


def make_photo(**fields):
    """A real (small) JPEG, written through the storage like an upload."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (122, 31, 61)).save(buffer, "JPEG")
    defaults = {"alt_text": "A violin on a dark background", "caption": "Violin", "is_published": True}
    photo = Photo(**{**defaults, **fields})
    photo.image.save("photo.jpg", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    return photo


def make_page(**fields):
    n = next(_counter)
    defaults = {"title": f"Page {n}", "slug": f"page-{n}", "body": "Some *text*.", "is_published": True}
    return Page.objects.create(**{**defaults, **fields})


def make_site_settings(**fields):
    return SiteSettings.objects.create(**fields)


def image_file(name="picture.jpg", size=(48, 32), colour=(36, 28, 43)):
    """An uploaded-file object holding a real JPEG, for ImageFields."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


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
        "ticket_url": concert.ticket_url, "price_text": concert.price_text,
        "price_min": concert.price_min if concert.price_min is not None else "",
        "price_currency": concert.price_currency, "tickets_on_sale": concert.tickets_on_sale or "",
        "organizer_name": concert.organizer_name, "organizer_url": concert.organizer_url,
        "description": concert.description,
        "programme-TOTAL_FORMS": "0", "programme-INITIAL_FORMS": "0",
        "collaborators-TOTAL_FORMS": "0", "collaborators-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}
