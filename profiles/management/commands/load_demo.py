"""Fill an empty site with demo content built only from the artist's story (shared/seeds).

Every biographical statement below paraphrases that story; nothing is added to it. Concert dates are
demo data placed relative to today so that the site always has past and upcoming concerts. Running the
command again changes nothing: each object is looked up by a natural key before it is created.
"""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from concerts.models import Concert, Venue
from concerts.timezones import get_zone
from profiles.demo_images import artwork_bytes
from profiles.models import ArtistProfile, Award, Milestone, Photo, PressQuote, Recording

NAME = "Sébastien Kalmurzaeva"

SHORT_BIO = (
    "Born in Moscow to a family of musicians, Sébastien Kalmurzaeva has played the violin since she was five. "
    "Known for captivating performances on the grand stages of Europe, she earned a Grammy nomination for "
    "Best Classical Instrumental Album."
)

MEDIUM_BIO = (
    "Sébastien Kalmurzaeva is a violinist known for her captivating performances on the grand stages of Europe. "
    "Born in Moscow to a family of musicians, she began playing the violin at the age of five. Her parents "
    "encouraged her passion and hired private tutors; after winning several regional competitions she earned a "
    "place at the prestigious Moscow Conservatory, where she developed her technique and artistry under esteemed "
    "teachers.\n\n"
    "Her performances have met with critical acclaim and earned her a Grammy nomination for Best Classical "
    "Instrumental Album; critics have said she could “move mountains” with every note. She continues to perform "
    "in Moscow, where her concerts are always sold out, and has taken the stage at Carnegie Hall in New York."
)

# The story names no album: the demo recording says so instead of inventing a title, label or year.
DEMO_RECORDING = {
    "slug": "grammy-nominated-album",
    "title": "Grammy-nominated album",
    "description": (
        "The album nominated for the Grammy Award for Best Classical Instrumental Album. Its title, label, year "
        "and track list are to be added by the site editor."
    ),
    "cover_alt": "Illustration of a violin drawn in gold line, standing in for the album cover (demo image)",
}

LONG_BIO = """\
Sébastien Kalmurzaeva is a renowned violinist known for her captivating performances on the grand stages of Europe. Born in Moscow to a family of musicians, she has played the violin since she was five years old, spending countless hours practising, perfecting her craft and developing a unique sound that sets her apart from other violinists.

Her parents encouraged her passion for music and hired private tutors to help her hone her skills. Her dedication paid off when she won several regional competitions, earning her a coveted place at the prestigious Moscow Conservatory, where she developed her technique and artistry under the guidance of esteemed teachers.

Years of intense study and practice made her one of the most sought-after violinists in the world. Her performances have met with critical acclaim and earned her a Grammy nomination for Best Classical Instrumental Album. Critics have praised her ability to convey emotion through her music, saying she could “move mountains” with every note.

Despite her success she has remained humble and true to her roots. She continues to perform in Moscow, sharing her gift with the community that nurtured her from a young age, and her concerts there are always sold out.

One evening she took the stage at Carnegie Hall. She closed her eyes and let the notes flow from her instrument like a river; the audience was transfixed, and as the final notes faded away the hall erupted into applause."""

MILESTONES = [
    # (period, title, description)
    ("Childhood", "Born in Moscow", "Born into a family of musicians."),
    ("Age five", "First violin", "Begins playing the violin; her parents hire private tutors to help her hone her skills."),
    ("Early years", "Regional competition wins", "Wins several regional competitions."),
    ("Studies", "Moscow Conservatory", "Earns a coveted place at the prestigious Moscow Conservatory and studies with esteemed teachers."),
    ("Recognition", "Grammy nomination", "Nominated for a Grammy Award for Best Classical Instrumental Album."),
    ("Home stage", "Sold-out concerts in Moscow", "Continues to perform in Moscow, where her concerts are always sold out."),
    ("New York", "Carnegie Hall", "Takes the stage at Carnegie Hall to a transfixed audience and a standing ovation."),
]

VENUES = [
    {
        "slug": "carnegie-hall",
        "name": "Carnegie Hall",
        "address": "881 Seventh Avenue, New York, NY 10019",
        "city": "New York",
        "country": "United States",
        "timezone": "America/New_York",
        "latitude": "40.765000",
        "longitude": "-73.980000",
        "website": "https://www.carnegiehall.org/",
    },
    {
        "slug": "moscow-conservatory-great-hall",
        "name": "Great Hall of the Moscow Conservatory",
        "address": "Bolshaya Nikitskaya Street 13/6, 125009",
        "city": "Moscow",
        "country": "Russia",
        "timezone": "Europe/Moscow",
        "latitude": "55.756400",
        "longitude": "37.604400",
        "website": "https://www.mosconsv.ru/",
    },
    {
        "slug": "tchaikovsky-concert-hall",
        "name": "Tchaikovsky Concert Hall",
        "address": "Triumfalnaya Square 4/31, 125047",
        "city": "Moscow",
        "country": "Russia",
        "timezone": "Europe/Moscow",
        "latitude": "55.769800",
        "longitude": "37.595300",
        "website": "https://meloman.ru/",
    },
]

# (slug, title, venue slug, days from today, local time, status, description)
CONCERTS = [
    ("carnegie-hall-evening", "An Evening at Carnegie Hall", "carnegie-hall", -150, time(20, 0), Concert.Status.ON_SALE,
     "Sébastien Kalmurzaeva takes the stage at Carnegie Hall in New York."),
    ("moscow-conservatory-homecoming", "Homecoming Recital", "moscow-conservatory-great-hall", -90, time(19, 0),
     Concert.Status.SOLD_OUT, "A recital in the Great Hall of the Moscow Conservatory, where she studied."),
    ("moscow-winter-recital", "Winter Recital in Moscow", "tchaikovsky-concert-hall", -30, time(19, 0),
     Concert.Status.SOLD_OUT, "An evening for the Moscow audience that has followed her since childhood."),
    ("moscow-conservatory-recital", "Recital at the Moscow Conservatory", "moscow-conservatory-great-hall", 21,
     time(19, 30), Concert.Status.SOLD_OUT, "Her Moscow concerts are always sold out; this one is no exception."),
    ("moscow-spring-concert", "Spring Concert in Moscow", "tchaikovsky-concert-hall", 75, time(19, 30),
     Concert.Status.ON_SALE, "Sébastien Kalmurzaeva returns to the Moscow stage."),
    ("carnegie-hall-return", "Return to Carnegie Hall", "carnegie-hall", 140, time(20, 0), Concert.Status.ON_SALE,
     "Sébastien Kalmurzaeva returns to Carnegie Hall in New York."),
]

PHOTOS = [
    ("Drawing of a violin in gold line on a deep plum background", "A violin in gold line", 0),
    ("Drawing of a violin in gold line on a dark wine-red background with flowing strings", "Strings like a river", 1),
    ("Drawing of a violin in gold line on a midnight blue background", "Evening light", 2),
]


class Command(BaseCommand):
    help = "Load demo content from the artist's story into an empty site (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        created = []
        profile = ArtistProfile.objects.current()
        if profile is None:
            profile = ArtistProfile(
                name=NAME, tagline="Violinist", birth_place="Moscow", short_bio=SHORT_BIO, medium_bio=MEDIUM_BIO,
                long_bio=LONG_BIO,
                portrait_alt="Illustration of a violin drawn in gold line on a dark background (demo image)",
            )
            profile.portrait.save("portrait.jpg", ContentFile(artwork_bytes((900, 1125), 0)), save=False)
            profile.save()
            created.append("artist profile")

        for order, (period, title, description) in enumerate(MILESTONES):
            _, new = Milestone.objects.get_or_create(
                title=title, defaults={"period": period, "description": description, "order": order}
            )
            if new:
                created.append(f"milestone “{title}”")

        recording = Recording.objects.filter(slug=DEMO_RECORDING["slug"]).first()
        recording_is_new = recording is None
        if recording_is_new:
            recording = Recording(**DEMO_RECORDING, is_published=True)
            recording.cover.save("cover.jpg", ContentFile(artwork_bytes((1400, 1400), 1)), save=False)
            recording.save()
            created.append("demo recording")

        award, new = Award.objects.get_or_create(
            name="Grammy Award", category="Best Classical Instrumental Album",
            defaults={"result": Award.Result.NOMINATED, "recording": recording},
        )
        if new:
            created.append("Grammy nomination")
        elif award.recording_id is None and recording_is_new:  # a site loaded before recordings existed
            award.recording = recording
            award.save(update_fields=["recording"])

        _, new = PressQuote.objects.get_or_create(
            source="The critics",
            defaults={"quote": "She could move mountains with every note.", "featured": True, "is_published": True},
        )
        if new:
            created.append("press quote")

        for alt_text, caption, variant in PHOTOS:
            if not Photo.objects.filter(alt_text=alt_text).exists():
                photo = Photo(
                    alt_text=alt_text, caption=caption, credit="Demo illustration drawn for this site",
                    copyright="Placeholder artwork; replace with real photos and their rights", order=variant, is_published=True,
                )
                photo.image.save("photo.jpg", ContentFile(artwork_bytes((1200, 900), variant)), save=False)
                photo.save()
                created.append(f"photo “{caption}”")

        venues = {}
        for data in VENUES:
            venues[data["slug"]], new = Venue.objects.get_or_create(slug=data["slug"], defaults=data)
            if new:
                created.append(f"venue {data['name']}")

        today = timezone.now().date()
        for slug, title, venue_slug, days, local_time, status, description in CONCERTS:
            venue = venues[venue_slug]
            starts = datetime.combine(today + timedelta(days=days), local_time, tzinfo=get_zone(venue.timezone))
            _, new = Concert.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": title, "venue": venue, "starts_at": starts, "status": status,
                    "ticket_url": venue.website, "description": description, "is_published": True,
                },
            )
            if new:
                created.append(f"concert “{title}”")

        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {len(created)} objects created."))
        else:
            self.stdout.write("Demo content already present; nothing to do.")
