"""Demo content about the artist, built only from her story (shared/seeds); `manage.py load_demo` loads it.

Every biographical statement below paraphrases that story; nothing is added to it. Running it again
changes nothing: each object is looked up by a natural key before it is created.
"""

from django.core.files.base import ContentFile

from fansite.images.illustrations import Motif, illustration_bytes

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

# The story names no album: the demo recording invents no title, label, year or tracks; the fields it
# cannot fill stay empty, and pages leave out what is empty. (The admin home says the demo is a demo.)
DEMO_RECORDING = {
    "slug": "grammy-nominated-album",
    "title": "Grammy-nominated album",
    "description": "The album nominated for the Grammy Award for Best Classical Instrumental Album.",
    "cover_alt": "Abstract illustration: fine gold rings spreading over dark wine red",
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

# The pictures are abstract illustrations (fansite/images/illustrations.py), credited as such; they show no
# person, so they claim nothing about her.
PORTRAIT_ALT = "Abstract illustration: a gold spiral like a violin's scroll above four strings, on deep plum"
ILLUSTRATION_CREDIT = "Illustration"

# (alt text, caption, motif)
PHOTOS = [
    ("Abstract illustration: a gold spiral like a violin's scroll, on deep plum", "The scroll", Motif.SCROLL),
    ("Abstract illustration: four gold strings flowing like a river over dark wine red", "Strings like a river",
     Motif.RIVER),
    ("Abstract illustration: a low gold light over the lines of a stage, on midnight blue", "Evening light",
     Motif.EVENING),
]


def load_profile_demo():
    """Create what is missing of the demo profile, milestones, recording, award, quote and photos; returns
    the names of what was created."""
    created = []
    profile = ArtistProfile.objects.current()
    if profile is None:
        profile = ArtistProfile(
            name=NAME, tagline="Violinist", birth_place="Moscow", short_bio=SHORT_BIO, medium_bio=MEDIUM_BIO,
            long_bio=LONG_BIO, portrait_alt=PORTRAIT_ALT,
        )
        profile.portrait.save("portrait.jpg", ContentFile(illustration_bytes(Motif.PORTRAIT, (900, 1125))), save=False)
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
        recording.cover.save("cover.jpg", ContentFile(illustration_bytes(Motif.RESONANCE, (1400, 1400))), save=False)
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

    for order, (alt_text, caption, motif) in enumerate(PHOTOS):
        if not Photo.objects.filter(alt_text=alt_text).exists():
            photo = Photo(alt_text=alt_text, caption=caption, credit=ILLUSTRATION_CREDIT, order=order, is_published=True)
            photo.image.save("photo.jpg", ContentFile(illustration_bytes(motif, (1200, 900))), save=False)
            photo.save()
            created.append(f"photo “{caption}”")
    return created


# --- Russian -------------------------------------------------------------------------------------
# The same facts in Russian, translated from the texts above (nothing added). Filled into the Russian
# columns only where they are empty, so an editor's own translation is never overwritten.

PROFILE_RU = {
    "name_ru": "Себастьен Калмурзаева",
    "tagline_ru": "Скрипачка",
    "birth_place_ru": "Москва",
    "short_bio_ru": (
        "Себастьен Калмурзаева родилась в Москве в семье музыкантов и играет на скрипке с пяти лет. Она известна "
        "захватывающими выступлениями на крупнейших сценах Европы и была номинирована на премию «Грэмми» в "
        "категории «Лучший классический инструментальный альбом»."
    ),
    "medium_bio_ru": (
        "Себастьен Калмурзаева — скрипачка, известная захватывающими выступлениями на крупнейших сценах Европы. "
        "Она родилась в Москве в семье музыкантов и начала играть на скрипке в пять лет. Родители поддерживали её "
        "увлечение и нанимали частных педагогов; победив в нескольких региональных конкурсах, она поступила в "
        "престижную Московскую консерваторию, где под руководством выдающихся педагогов развивала технику и "
        "артистизм.\n\n"
        "Её выступления получили признание критики и принесли ей номинацию на премию «Грэмми» в категории "
        "«Лучший классический инструментальный альбом»; критики писали, что каждой нотой она способна «сдвинуть "
        "горы». Она по-прежнему выступает в Москве, где её концерты неизменно проходят с аншлагом, и выходила на "
        "сцену Карнеги-холла в Нью-Йорке."
    ),
    "long_bio_ru": """\
Себастьен Калмурзаева — известная скрипачка, прославившаяся захватывающими выступлениями на крупнейших сценах Европы. Она родилась в Москве в семье музыкантов и играет на скрипке с пяти лет: бесчисленные часы занятий помогли ей отточить мастерство и выработать неповторимый звук, который отличает её от других скрипачей.

Родители поддерживали её любовь к музыке и нанимали частных педагогов, чтобы помочь ей развить мастерство. Упорство принесло плоды: она победила в нескольких региональных конкурсах и получила желанное место в престижной Московской консерватории, где под руководством выдающихся педагогов развивала технику и артистизм.

Годы напряжённой учёбы и занятий сделали её одной из самых востребованных скрипачек мира. Её выступления получили признание критики и принесли ей номинацию на премию «Грэмми» в категории «Лучший классический инструментальный альбом». Критики восхищались тем, как она передаёт чувства музыкой, и писали, что каждой нотой она способна «сдвинуть горы».

Несмотря на успех, она осталась скромной и верной своим корням. Она по-прежнему выступает в Москве, делясь своим даром с теми, кто поддерживал её с юных лет, и её концерты там неизменно проходят с аншлагом.

Однажды вечером она вышла на сцену Карнеги-холла. Она закрыла глаза, и ноты полились из её инструмента, как река; публика замерла, а когда стихли последние звуки, зал взорвался аплодисментами.""",
    "portrait_alt_ru": "Абстрактная иллюстрация: золотая спираль, как завиток скрипки, над четырьмя струнами на тёмно-сливовом фоне",
}

# English title -> (period, title, description) in Russian
MILESTONES_RU = {
    "Born in Moscow": ("Детство", "Родилась в Москве", "Родилась в семье музыкантов."),
    "First violin": ("В пять лет", "Первая скрипка",
                     "Начинает играть на скрипке; родители нанимают частных педагогов, чтобы помочь ей развить мастерство."),
    "Regional competition wins": ("Ранние годы", "Победы на региональных конкурсах",
                                  "Побеждает в нескольких региональных конкурсах."),
    "Moscow Conservatory": ("Учёба", "Московская консерватория",
                            "Получает желанное место в престижной Московской консерватории и учится у выдающихся педагогов."),
    "Grammy nomination": ("Признание", "Номинация на «Грэмми»",
                          "Номинирована на премию «Грэмми» в категории «Лучший классический инструментальный альбом»."),
    "Sold-out concerts in Moscow": ("Родная сцена", "Аншлаги в Москве",
                                    "Продолжает выступать в Москве, где её концерты неизменно проходят с аншлагом."),
    "Carnegie Hall": ("Нью-Йорк", "Карнеги-холл",
                      "Выходит на сцену Карнеги-холла перед заворожённой публикой; зал аплодирует стоя."),
}

RECORDING_RU = {
    "title_ru": "Альбом, номинированный на «Грэмми»",
    "description_ru": "Альбом, номинированный на премию «Грэмми» в категории «Лучший классический инструментальный альбом».",
    "cover_alt_ru": "Абстрактная иллюстрация: тонкие золотые круги расходятся по тёмно-винному фону",
}
AWARD_RU = {"name_ru": "Премия «Грэмми»", "category_ru": "Лучший классический инструментальный альбом"}
QUOTE_RU = {"source_ru": "Критики", "quote_ru": "Каждой нотой она могла бы сдвинуть горы."}

# English alt text -> (alt text, caption) in Russian
PHOTOS_RU = {
    PHOTOS[0][0]: ("Абстрактная иллюстрация: золотая спираль, как завиток скрипки, на тёмно-сливовом фоне", "Завиток"),
    PHOTOS[1][0]: ("Абстрактная иллюстрация: четыре золотые струны текут, как река, по тёмно-винному фону",
                   "Струны, как река"),
    PHOTOS[2][0]: ("Абстрактная иллюстрация: низкий золотой свет над линиями сцены на тёмно-синем фоне",
                   "Вечерний свет"),
}
ILLUSTRATION_CREDIT_RU = "Иллюстрация"


def fill_empty(obj, values):
    """Set the fields of `values` that are empty on `obj`; save if any was; whether it was."""
    changed = [name for name, value in values.items() if not getattr(obj, name)]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return bool(changed)


def load_profile_demo_russian():
    """The Russian version of the demo content about the artist, where it is still missing."""
    filled = []
    profile = ArtistProfile.objects.current()
    if profile is not None and fill_empty(profile, PROFILE_RU):
        filled.append("artist profile (ru)")
    for milestone in Milestone.objects.filter(title_en__in=MILESTONES_RU):
        period, title, description = MILESTONES_RU[milestone.title_en]
        if fill_empty(milestone, {"period_ru": period, "title_ru": title, "description_ru": description}):
            filled.append(f"milestone “{title}”")
    for recording in Recording.objects.filter(slug=DEMO_RECORDING["slug"]):
        if fill_empty(recording, RECORDING_RU):
            filled.append("demo recording (ru)")
    for award in Award.objects.filter(name_en="Grammy Award", category_en="Best Classical Instrumental Album"):
        if fill_empty(award, AWARD_RU):
            filled.append("Grammy nomination (ru)")
    for quote in PressQuote.objects.filter(source_en="The critics"):
        if fill_empty(quote, QUOTE_RU):
            filled.append("press quote (ru)")
    for photo in Photo.objects.filter(alt_text_en__in=PHOTOS_RU):
        alt_text, caption = PHOTOS_RU[photo.alt_text_en]
        if fill_empty(photo, {"alt_text_ru": alt_text, "caption_ru": caption, "credit_ru": ILLUSTRATION_CREDIT_RU}):
            filled.append(f"photo “{caption}”")
    return filled
