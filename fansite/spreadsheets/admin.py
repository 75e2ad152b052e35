"""The admin's import and export pages, on django-import-export's views, with what the library leaves out:

- an upload size limit and a message in words for a file that cannot be read (wrong encoding, not the
  format it claims, junk), never an error page;
- the format told from the file name when the editor (or a browser without JavaScript) does not pick it;
- the dry run's rows page by page (the library prints every row of a 1,000-row file on one page): each
  page runs the dry run again on the stored upload, so it always shows what confirming would save now;
- every row in one table, as it will be saved, with its faults and notes in words;
- confirming saves nothing unless every row is valid (the library would save the valid rows);
- importing needs the add and change permissions, exporting the view permission;
- the export page without the library's inline script and styles (the site's CSP forbids them).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_lazy as _, ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.results import RowResult

from .resources import SpreadsheetError

PREVIEW_ROWS_PER_PAGE = 50


class SpreadsheetImportForm(ImportForm):
    """The upload, refused above settings.SPREADSHEET_IMPORT_MAX_BYTES; the format, when not chosen, told
    from the file's extension."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["format"].required = False
        self.fields["format"].help_text = _("Left empty, it is told from the file name (.csv, .xlsx, .ods).")
        self.fields["import_file"].help_text = _("CSV (UTF-8), Excel (.xlsx) or OpenDocument (.ods), at most %(size)s.") % {
            "size": filesizeformat(settings.SPREADSHEET_IMPORT_MAX_BYTES)}

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.SPREADSHEET_IMPORT_MAX_BYTES:
            raise forms.ValidationError(gettext(
                "The file is %(size)s; files up to %(limit)s can be imported. Split it into several files.") % {
                "size": filesizeformat(upload.size), "limit": filesizeformat(settings.SPREADSHEET_IMPORT_MAX_BYTES)})
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None and not cleaned.get("format"):
            extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            for index, file_format in enumerate(self.formats):
                if file_format().get_extension() == extension:
                    cleaned["format"] = str(index)
                    break
            else:
                self.add_error("format", gettext("Choose the file's format: it could not be told from its name."))
        return cleaned


def read_fault_message(error, file_format):
    """Why a file could not be read, in words the editor can act on."""
    if isinstance(error, UnicodeDecodeError):
        return gettext("The file is not UTF-8 text. In your spreadsheet program save it as “CSV UTF-8”, "
                       "or upload it as .xlsx or .ods.")
    return gettext("The file could not be read as %(format)s. Check that it is a %(format)s file (not another "
                   "format renamed) and that it opens in a spreadsheet program.") % {"format": file_format.upper()}


class PreviewRow:
    """One row of the dry run as the editor reads it: line in the file, what confirming does, faults,
    notes and the values as they will be saved."""

    def __init__(self, line, row_result, headers):
        self.line = line
        self.kind = row_result.import_type
        self.errors = []
        if row_result.validation_error is not None:
            for column, texts in row_result.validation_error.message_dict.items():
                label = "" if column == "__all__" else column
                self.errors.extend((label, text) for text in texts)
        for error in row_result.errors:
            self.errors.append(("", gettext("This row could not be imported: %(reason)s") % {"reason": error.error}))
        self.notes = getattr(row_result.instance, "import_notes", []) if row_result.instance is not None else []
        if row_result.diff is not None and not self.errors:
            self.values = row_result.diff
        else:
            values = row_result.row_values or {}
            self.values = [("", "" if values.get(header) is None else values.get(header), False) for header in headers]

    @property
    def label(self):
        return {
            RowResult.IMPORT_TYPE_NEW: _("New"),
            RowResult.IMPORT_TYPE_UPDATE: _("Changed"),
            RowResult.IMPORT_TYPE_SKIP: _("Unchanged"),
        }.get(self.kind, _("Error"))

    @property
    def has_errors(self):
        return bool(self.errors)


class SpreadsheetAdmin(ImportExportModelAdmin):
    """Mix into a ModelAdmin (first) with `resource_classes = [TheResource]`."""

    import_form_class = SpreadsheetImportForm
    export_form_class = ExportForm  # the selectable-fields form needs inline script (CSP)
    import_template_name = "admin/spreadsheets/import.html"

    # --- Who may ---------------------------------------------------------------------------------

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_formats(self):
        return self.get_formats()

    def get_export_formats(self):
        return self.get_formats()

    def get_formats(self):
        return [import_string(name) for name in settings.SPREADSHEET_FORMATS]

    # --- Reading the upload ----------------------------------------------------------------------

    def add_data_read_fail_error_to_form(self, form, error):
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]().get_extension()
        form.add_error("import_file", read_fault_message(error, file_format))

    def get_import_data_kwargs(self, **kwargs):
        # Confirming saves all rows or none: a row that became invalid since the preview undoes the rest.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    # --- The dry run, page by page ---------------------------------------------------------------

    def import_action(self, request, **kwargs):
        if request.method == "GET" and "import_file_name" in request.GET:
            return self.dry_run_page(request)
        response = super().import_action(request, **kwargs)
        form = response.context_data["form"]
        if "result" in response.context_data:
            upload = form.cleaned_data["import_file"]
            params = {"import_file_name": upload.tmp_storage_name, "original_file_name": upload.name,
                      "format": form.cleaned_data["format"], "resource": form.cleaned_data.get("resource", "")}
            self.add_preview(request, response.context_data, params)
        return response

    def dry_run_page(self, request):
        """Page `?page=` of the dry run of an upload already stored (the links under the preview)."""
        stored = ConfirmImportForm(request.GET)
        formats = self.get_import_formats()
        if not stored.is_valid() or not stored.cleaned_data["format"].isdigit() or int(stored.cleaned_data["format"]) >= len(formats):
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        file_format = formats[int(stored.cleaned_data["format"])](encoding=self.from_encoding)
        storage = self.get_tmp_storage_class()(
            name=stored.cleaned_data["import_file_name"], encoding=None if file_format.is_binary() else self.from_encoding,
            read_mode=file_format.get_read_mode(), **self.get_tmp_storage_class_kwargs())
        try:
            dataset = file_format.create_dataset(storage.read())
        except Exception:  # gone (imported, or cleaned from the temporary folder) or unreadable
            messages.error(request, gettext("That upload is no longer available: upload the file again."))
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        resource = self.choose_import_resource_class(stored, request)(
            **self.get_import_resource_kwargs(request, form=stored))
        result = resource.import_data(dataset, dry_run=True, raise_errors=False,
                                      file_name=stored.cleaned_data["original_file_name"], user=request.user)
        import_form = self.create_import_form(request)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"), "form": import_form, "opts": self.model._meta,
            "media": self.media + import_form.media, "result": result,
        }
        if not result.has_errors() and not result.has_validation_errors():
            context["confirm_form"] = ConfirmImportForm(initial=stored.cleaned_data)
        self.add_preview(request, context, stored.cleaned_data)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def add_preview(self, request, context, params):
        result = context["result"]
        headers = result.diff_headers
        # Line 1 is the header row; blank rows are skipped but keep the numbering of the file.
        rows = [PreviewRow(line, row, headers) for line, row in enumerate(result.rows, start=2)
                if not getattr(row, "blank", False)]
        page = Paginator(rows, PREVIEW_ROWS_PER_PAGE).get_page(request.GET.get("page"))
        base = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        invalid = sum(row.has_errors for row in rows)
        context.update({
            "preview_page": page,
            "preview_headers": headers,
            "preview_page_url": f"{base}?{urlencode({key: value for key, value in params.items()})}&page=",
            "preview_invalid": invalid,
            "preview_totals": {
                "new": sum(row.kind == RowResult.IMPORT_TYPE_NEW for row in rows),
                "changed": sum(row.kind == RowResult.IMPORT_TYPE_UPDATE for row in rows),
                "unchanged": sum(row.kind == RowResult.IMPORT_TYPE_SKIP for row in rows),
            },
            "file_errors": [str(error.error) if isinstance(error.error, SpreadsheetError)
                            else gettext("The file could not be imported: %(reason)s") % {"reason": error.error}
                            for error in result.base_errors],
            "column_help": self.get_import_resource_classes(request)[0].column_descriptions(),
        })
        if invalid:
            context.pop("confirm_form", None)

    def get_import_context_data(self, **kwargs):
        return {"column_help": self.resource_classes[0].column_descriptions()}

    # --- Confirming ----------------------------------------------------------------------------

    def process_import(self, request, **kwargs):
        confirm = ConfirmImportForm(request.POST)
        formats = self.get_import_formats()
        import_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        if request.method == "POST" and (not confirm.is_valid() or not confirm.cleaned_data["format"].isdigit()
                                         or int(confirm.cleaned_data["format"]) >= len(formats)):
            messages.error(request, gettext("The confirmation was incomplete: upload the file again."))
            return redirect(import_url)
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            messages.error(request, gettext("That upload is no longer available (it may have been imported "
                                            "already): upload the file again."))
            return redirect(import_url)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            invalid = len(result.invalid_rows) + len(result.row_errors())
            messages.error(request, ngettext(
                "Nothing was imported: %(count)d row no longer passes the checks. Upload the file again to see why.",
                "Nothing was imported: %(count)d rows no longer pass the checks. Upload the file again to see why.",
                invalid) % {"count": invalid})
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(request, gettext(
            "Import finished: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % {
            "new": totals[RowResult.IMPORT_TYPE_NEW], "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
            "unchanged": totals[RowResult.IMPORT_TYPE_SKIP]})
