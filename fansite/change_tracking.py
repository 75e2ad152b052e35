"""Which fields of a row differ from the row as loaded or last saved.

This is the pattern Django's documentation gives for `Model.from_db` (keep the loaded values, compare at
save). django-model-utils' FieldTracker, used before, wraps every field's descriptor (each read of a field
asks for the deferred fields, each load deep-copies every value): measured with cProfile, a quarter of
the time of an uncached concert listing went there. It also only knew the fields that existed when the
class was prepared, so the per-language columns django-modeltranslation adds afterwards went unseen.
Here a load keeps a dict of what the database returned, and nothing else costs anything until `save()`.
"""

from django.db import models


class ChangeTracker:
    """`instance.tracker`: `changed()` (name → value before), `has_changed(name)`, `previous(name)`.

    A row not loaded from the database (new, unsaved) has no previous values: every field that holds a
    value counts as changed, and `previous()` is None.
    """

    def __init__(self, instance):
        self.instance = instance

    def _fields(self):
        model = type(self.instance)
        tracked, untracked = model.tracked_fields, model.untracked_fields
        for field in model._meta.concrete_fields:
            # A per-language column (django-modeltranslation) counts as the field it translates.
            name = getattr(field, "translated_field", field).name
            if (tracked is None or name in tracked) and name not in untracked:
                yield field

    def previous(self, name):
        field = type(self.instance)._meta.get_field(name)
        return self.instance.__dict__.get("_saved_values", {}).get(field.attname)

    def has_changed(self, name):
        return name in self.changed()

    def changed(self):
        """{name: value before} of the changed fields, a per-language column under its field's name (`title`
        for `title_ru`), with the field's own previous value when that changed too (it comes first)."""
        saved = self.instance.__dict__.get("_saved_values", {})
        current = self.instance.__dict__
        changed = {}
        for field in self._fields():
            if field.attname not in current:  # a deferred field not loaded was not changed here
                continue
            before, now = saved.get(field.attname), current[field.attname]
            if hasattr(field, "translated_field"):
                # An empty translation is NULL or "" (a form writes "", a new row NULL): the same text to
                # visitors, who get the fallback language either way.
                before, now = before or "", now or ""
            if now != before:
                changed.setdefault(getattr(field, "translated_field", field).name, saved.get(field.attname))
        return changed


class ChangeTrackedModel(models.Model):
    """A model whose instances know what changed since they were loaded or saved (`tracker`).

    `tracked_fields` (names; None: every concrete field) and `untracked_fields` say which fields count.
    Values are kept as loaded, not copied: a value changed in place (a JSON field's dict) is not seen, so
    such fields belong in `untracked_fields`.
    """

    tracked_fields = None
    untracked_fields = frozenset()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._saved_values = {name: instance.__dict__[name] for name in field_names if name in instance.__dict__}
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)  # post_save receivers still see the values from before
        self._remember(kwargs.get("update_fields"))

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember(kwargs.get("fields"))

    def _remember(self, names=None):
        attnames = {field.attname for field in self._meta.concrete_fields
                    if names is None or field.name in names or field.attname in names}
        saved = self.__dict__.setdefault("_saved_values", {})
        saved.update({name: value for name, value in self.__dict__.items() if name in attnames})

    @property
    def tracker(self):
        return ChangeTracker(self)
