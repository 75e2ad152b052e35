"""The translation catalogues: where they are, and compiling them without GNU gettext.

Why not `compilemessages`: it needs GNU gettext's `msgfmt`, which a fresh machine (or a slim container)
may not have. polib writes the same .mo files in pure Python, so `manage.py update_translations
--compile-only` works everywhere, and the compiled files are kept in git so a checkout runs as it is;
tests/test_translations.py fails when one of them no longer matches its .po file.
"""

from pathlib import Path

import polib
from django.conf import settings


def po_files():
    """Every .po file of the site's catalogues (settings.LOCALE_PATHS), sorted."""
    return sorted(path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/LC_MESSAGES/*.po"))


def mo_path(po_path):
    return Path(po_path).with_suffix(".mo")


def compiled(po_path):
    """The .mo bytes for a .po file: its translated entries (not fuzzy, not obsolete), as msgfmt writes."""
    return polib.pofile(str(po_path)).to_binary()


def stale_mo_files():
    """The .mo files that are missing or do not match their .po file."""
    return [
        mo_path(po) for po in po_files()
        if not mo_path(po).exists() or mo_path(po).read_bytes() != compiled(po)
    ]


def compile_catalogues():
    """Write the .mo file of every .po file whose compiled form changed; the paths written."""
    written = []
    for po in po_files():
        data = compiled(po)
        target = mo_path(po)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            written.append(target)
    return written


def untranslated(language):
    """[(po file, msgid)] of every entry in `language`'s catalogues that is untranslated or fuzzy."""
    missing = []
    for po in po_files():
        if po.parent.parent.name != language:
            continue
        catalogue = polib.pofile(str(po))
        for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
            missing.append((po, entry.msgid))
    return missing
