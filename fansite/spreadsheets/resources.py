"""The base of every spreadsheet resource: formula cells, blank rows, missing columns, notes per row."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy as _
from import_export import resources
from import_export.results import RowResult

from fansite.caching import content_changes_batched

# A cell a spreadsheet program runs instead of showing: "=…", or a function call after + - @
# ("+HYPERLINK(…)"); "-30-" or "+7 495 …" are text.
FORMULA = re.compile(r"^(=|[+\-@]\s*[A-Za-z_.]+\s*\()")
# What OWASP lists as starting a formula on export: such a cell is written with a leading apostrophe,
# which spreadsheet programs show as text, and which the import takes off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(ValueError):
    """A fault of the whole file (e.g. a missing column): shown to the editor in words, without a traceback."""


def escape_formula(value):
    """`value` as a spreadsheet shows it as text: a leading apostrophe before anything that starts a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def unescape_formula(value):
    """The text `escape_formula` protected, apostrophe removed; any other value unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class RowDiff:
    """A row's values before and after, read as the export writes each column, for the dry run.

    The library's Diff reads fields without their `dehydrate_<column>` methods (computed columns such as a
    concert's venue or date would show empty) and returns HTML with inline styles, which the site's CSP
    refuses. `as_html()` (the name the library calls) returns (before, after, changed) per column instead,
    and the template marks changes with classes.
    """

    def __init__(self, resource, instance, new):
        self.left = self.read(resource, instance)
        self.right = []
        self.new = new

    @staticmethod
    def read(resource, instance):
        return ["" if value is None else str(value)
                for value in (resource.export_field(field, instance) for field in resource.get_import_fields())]

    def compare_with(self, resource, instance):
        self.right = self.read(resource, instance) if instance is not None else []

    def as_html(self):
        return [(before, after, not self.new and before != after) for before, after in zip(self.left, self.right)]


class SpreadsheetResource(resources.ModelResource):
    """A ModelResource whose rows are matched by a stable key column, whose import never stores a formula,
    and whose export escapes cells a spreadsheet program would run as formulas.

    django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: it deletes the "=" (so
    the value changes and a round trip does not give it back) and leaves "+", "-" and "@" alone.

    Subclasses list `required_columns`, describe every column in `column_help` ({column: description}),
    and add their own row logic in `import_related(instance, row, errors, notes)`.
    """

    required_columns = ()
    column_help = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.cell_errors = {}

    # --- The whole file ------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """Headers compared without case or spaces; the key column added (empty) when the file has none, so
        that rows are matched by what the subclass derives from them."""
        dataset.headers = [str(header).strip().lower() if header is not None else "" for header in dataset.headers or []]
        missing = [column for column in self.required_columns if column not in dataset.headers]
        if missing:
            raise SpreadsheetError(gettext("The file has no column %(columns)s. The first row must name the "
                                           "columns: %(expected)s.") % {
                "columns": ", ".join(f"“{column}”" for column in missing),
                "expected": ", ".join(self.column_help),
            })
        for key in self.get_import_id_fields():
            column = self.fields[key].column_name
            if column not in dataset.headers:
                dataset.append_col([""] * len(dataset), header=column)
        super().before_import(dataset, **kwargs)

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        """Cached pages are retired once for the whole file, not once per saved row, and not at all for a
        dry run, which is rolled back (fansite/caching.py)."""
        with content_changes_batched(rolled_back=dry_run):
            return super().import_data_inner(dataset, dry_run, *args, **kwargs)

    # --- One row -------------------------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        if all(is_blank(value) for value in row.values()):  # spreadsheets keep formatted empty rows
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            result.blank = True
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, **kwargs):
        """Text trimmed, escaped formulas unescaped; a formula is refused (its column named), never stored."""
        self.cell_errors = {}
        for column, value in row.items():
            if isinstance(value, str):
                value = unescape_formula(value.strip())
                if FORMULA.match(value) and not value.startswith("'"):
                    self.cell_errors[column] = [gettext(
                        "“%(value)s” is a spreadsheet formula, which is not imported: type the value itself.") % {
                        "value": value[:60]}]
                    value = ""
            row[column] = value
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """The plain columns through their widgets, then the subclass's own; every fault of the row is
        collected, keyed by column, and raised together so the dry run lists them all."""
        errors = {column: list(messages) for column, messages in self.cell_errors.items()}
        instance.import_notes = []
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            for attribute, messages in error.message_dict.items():
                errors.setdefault(self.column_of(attribute), []).extend(messages)
        self.import_related(instance, row, errors, instance.import_notes)
        if errors:
            raise ValidationError(errors)

    def import_related(self, instance, row, errors, notes):
        """Subclasses: columns that are not one model field. Add messages to `errors[column]`, and
        sentences for the dry run to `notes`."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            merged = {}
            for attribute, messages in error.message_dict.items():
                merged.setdefault(self.column_of(attribute), []).extend(messages)
            raise ValidationError(merged)

    def column_of(self, attribute):
        """The column an error on model field `attribute` belongs to (the editor knows columns, not fields)."""
        for field in self.fields.values():
            if field.attribute == attribute or field.column_name == attribute:
                return field.column_name
        base = attribute.rsplit("_", 1)[0]
        for field in self.fields.values():
            if field.attribute and field.attribute.rsplit("_", 1)[0] == base:
                return field.column_name
        return attribute

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An existing row whose values all equal the file's is left alone: not saved, no new revision."""
        if import_validation_errors or instance.pk is None or original is None or original.pk is None:
            return False
        return not instance.tracker.changed() and not self.related_changed(instance)

    def related_changed(self, instance):
        """Subclasses: whether the columns `import_related` reads would change other rows (programme…)."""
        return False

    def get_diff_class(self):
        return RowDiff

    # --- Export --------------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    @classmethod
    def column_descriptions(cls):
        return [(column, description) for column, description in cls.column_help.items()]


def yes_no(value):
    """True/False from what editors type in a yes/no column (either language); None when empty."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "yes", "y", "true", "x", str(_("yes")).lower(), "да"}:
        return True
    if text in {"0", "no", "n", "false", str(_("no")).lower(), "нет"}:
        return False
    raise ValueError(gettext("Write yes or no, not “%(value)s”.") % {"value": value})
