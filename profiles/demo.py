"""Demo content about the artist, built only from her story (shared/seeds); `manage.py load_demo` loads it.

Every biographical statement below paraphrases that story; nothing is added to it. Running it again
changes nothing: each object is looked up by a natural key before it is created.
"""

from django.core.files.base import ContentFile

from .demo_images import artwork_bytes
from .models import ArtistProfile, Award, Milestone, Photo, PressQuote, Recording

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

PHOTOS = [
    ("Drawing of a violin in gold line on a deep plum background", "A violin in gold line", 0),
    ("Drawing of a violin in gold line on a dark wine-red background with flowing strings", "Strings like a river", 1),
    ("Drawing of a violin in gold line on a midnight blue background", "Evening light", 2),
]


def load_profile_demo():
    """Create what is missing of the demo profile, milestones, recording, award, quote and photos; returns
    the names of what was created."""
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
    return created
