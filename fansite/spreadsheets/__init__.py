"""Spreadsheet import and export in the admin (django-import-export), the parts every model shares: the
checks on uploaded files, the dry run shown page by page, who may import or export, and cells that a
spreadsheet program would run as formulas. A content app describes its columns in a resource built on
`SpreadsheetResource` and mixes `SpreadsheetAdmin` into its ModelAdmin."""
