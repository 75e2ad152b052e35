"""The programme's and performers' free text becomes records: each distinct composer, work and performer
(told apart by their normalised text) once, every programme row and performer row, current and in the
edit history, pointing at its record. Backwards, the records' text is written into the rows again.

The helpers are copied here rather than imported, so that this migration keeps doing what it did when
the models' code changes.
"""

import unicodedata

from django.conf import settings
from django.db import migrations
from django.utils.text import slugify

LANGUAGES = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
DEFAULT = settings.LANGUAGE_CODE.replace("-", "_")


def lookup_key(*parts):
    text = " ".join(unicodedata.normalize("NFKC", part or "") for part in parts)
    return " ".join(text.replace(".", " ").split()).casefold()


def sort_name_of(name):
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name.strip()


def text_in(row, field, code):
    return (getattr(row, f"{field}_{code}", None) or "").strip()


def default_text(row, field):
    return text_in(row, field, DEFAULT) or (getattr(row, field, None) or "").strip()


class Slugs:
    """Free addresses for one model, made from text: `tchaikovsky`, `tchaikovsky-2`…"""

    def __init__(self, model, fallback):
        self.taken = set(model.objects.values_list("slug", flat=True))
        self.fallback = fallback

    def new(self, text):
        base = slugify(text)[:180] or self.fallback
        slug, n = base, 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


def records_from_text(apps, schema_editor):
    Composer = apps.get_model("concerts", "Composer")
    Work = apps.get_model("concerts", "Work")
    Performer = apps.get_model("concerts", "Performer")
    composers = {c.key: c for c in Composer.objects.all()}
    works = {(w.composer_id, w.key): w for w in Work.objects.all()}
    performers = {p.key: p for p in Performer.objects.all()}
    composer_slugs, work_slugs, performer_slugs = Slugs(Composer, "composer"), Slugs(Work, "work"), Slugs(Performer, "performer")

    def fill_languages(record, field, row, row_field):
        """Languages the record lacks are taken from the row; returns whether anything was filled."""
        changed = False
        for code in LANGUAGES:
            if hasattr(record, f"{field}_{code}") and not text_in(record, field, code) and text_in(row, row_field, code):
                setattr(record, f"{field}_{code}", text_in(row, row_field, code))
                changed = True
        return changed

    def composer_for(row):
        name = default_text(row, "composer")
        key = lookup_key(name)
        composer = composers.get(key)
        if composer is None:
            composer = Composer(name=name, sort_name=sort_name_of(name), key=key, slug=composer_slugs.new(name))
            setattr(composer, f"name_{DEFAULT}", name)
            setattr(composer, f"sort_name_{DEFAULT}", sort_name_of(name))
            fill_languages(composer, "name", row, "composer")
            for code in LANGUAGES:
                if text_in(composer, "name", code) and not text_in(composer, "sort_name", code):
                    setattr(composer, f"sort_name_{code}", sort_name_of(text_in(composer, "name", code)))
            composer.save()
            composers[key] = composer
        elif fill_languages(composer, "name", row, "composer"):
            composer.save()
        return composer

    def work_for(row):
        composer = composer_for(row)
        title, number = default_text(row, "work"), (row.catalogue_number or "").strip()
        key = lookup_key(title, "|", number)
        work = works.get((composer.pk, key))
        if work is None:
            work = Work(composer=composer, title=title, catalogue_number=number, key=key,
                        slug=work_slugs.new(f"{sort_name_of(composer.name).split(',')[0]} {title} {number}"))
            setattr(work, f"title_{DEFAULT}", title)
            fill_languages(work, "title", row, "work")
            work.save()
            works[(composer.pk, key)] = work
        elif fill_languages(work, "title", row, "work"):
            work.save()
        return work

    def performer_for(row):
        name = row.name.strip()
        key = lookup_key(name)
        performer = performers.get(key)
        if performer is None:
            performer = Performer(name=name, kind=row.role, key=key, slug=performer_slugs.new(name))
            setattr(performer, f"name_{DEFAULT}", name)
            performer.save()
            performers[key] = performer
        return performer

    # Current rows first, so a record's text in each language comes from what visitors see now.
    for model_name in ("ProgrammeItem", "HistoricalProgrammeItem"):
        for row in apps.get_model("concerts", model_name).objects.order_by("pk"):
            row.work_record = work_for(row)
            row.save(update_fields=["work_record"])
    for model_name in ("Collaborator", "HistoricalCollaborator"):
        for row in apps.get_model("concerts", model_name).objects.order_by("pk"):
            row.performer = performer_for(row)
            row.save(update_fields=["performer"])


def text_from_records(apps, schema_editor):
    for model_name in ("ProgrammeItem", "HistoricalProgrammeItem"):
        rows = apps.get_model("concerts", model_name).objects.filter(work_record__isnull=False)
        for row in rows.select_related("work_record__composer"):
            work, composer = row.work_record, row.work_record.composer
            row.composer, row.work = default_text(composer, "name"), default_text(work, "title")
            row.catalogue_number = work.catalogue_number
            for code in LANGUAGES:
                setattr(row, f"composer_{code}", text_in(composer, "name", code) or None)
                setattr(row, f"work_{code}", text_in(work, "title", code) or None)
            row.save()
    for model_name in ("Collaborator", "HistoricalCollaborator"):
        rows = apps.get_model("concerts", model_name).objects.filter(performer__isnull=False)
        for row in rows.select_related("performer"):
            row.name = default_text(row.performer, "name")
            row.save(update_fields=["name"])


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0017_programme_records'),
    ]

    operations = [
        migrations.RunPython(records_from_text, text_from_records),
    ]
