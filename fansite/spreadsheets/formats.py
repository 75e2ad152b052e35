"""The file formats the admin imports and exports (settings.SPREADSHEET_FORMATS)."""

from import_export.formats import base_formats


class ODS(base_formats.TablibFormat):
    """OpenDocument spreadsheets, read as the binary (zip) files they are.

    django-import-export 4.4.3 declares ODS a text format, so the admin reads an uploaded .ods as UTF-8
    text and fails (django-import-export pull request #2176 fixes it upstream, after that release).
    """

    TABLIB_MODULE = "tablib.formats._ods"
    CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
