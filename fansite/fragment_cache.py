"""Rendered fragments kept by what they show, so that a save re-renders only the fragments it changed.

The page cache (fansite/page_cache.py) keeps whole pages and retires every one of them at every content
save: right after an edit, each page is rendered again in full. Most of a listing's rendering is its rows
(measured at 10,000 concerts: 11 of the concert list's 28 ms, 20 rows), and an edit changes one row, or
none of a given page's. This cache keeps each rendered row under a key that is a hash of everything the
row shows, so a row is rendered again only when something it shows has changed.

What the key holds (`fragment_key`): the values the caller says the fragment reads (`inputs`: for a
concert row, every stored column of the concert, its venue, its programme, performers and moves (as a
version of those records kept by the database's triggers, so that they are loaded only for the rows
rendered: `Concert.objects.for_rows`; for the listings that read rows as keys, `row_keys`, that version
covers the concert's own columns too), and what the clock decides, such as "past" and "on sale"), the
page's language, the URL prefix, and the deployed code (`code_version`: the project's templates, Python
modules and translations, and the versions of the packages that render with them). Invalidation is never explicit: a change to any of those makes a new key, and the entry of the
old one is never asked for again and expires after `FRAGMENT_CACHE_SECONDS` (default one hour; 0 turns
the cache off). The cost of a miss is the hash (about 0.05 ms a row) and one round trip for the whole page
(`get_many`, `set_many`).

Why not Django's `{% cache %}` tag: it keys on the values a template names (an `updated_at`, say), which
here would miss changes made with `update()` and changes of related rows (a composer's name shown on
every row of his works), and it costs one cache round trip per fragment.

Beside listing rows (`{% concert_rows %}`) and the repertoire's works, a concert page's article is kept the
same way (concerts/views.py, `concert_page`).

It uses its own cache alias, "fragments" (settings.CACHES): on Redis with its own key prefix; in the
embedded default, a process-local cache of its own, so the fragments never push the pages out of the
page cache's. A process-local cache is right for content-addressed entries: nothing is ever retired.
"""

import hashlib
import importlib.metadata
import operator
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString

from .caching import TolerantCache

_fragments = TolerantCache("fragments")

# What the deployed code is made of, as far as a fragment's rendering goes: the project's files, and the
# packages whose code or data shape a row (templates and dates, translated fields, country names, time
# zones). Listing every installed package took 100 ms at each worker's start.
CODE_FOLDERS = ("fansite", "profiles", "concerts", "templates", "locale")
CODE_SUFFIXES = {".py", ".html", ".txt", ".mo"}
RENDERING_PACKAGES = ("Django", "Jinja2", "MarkupSafe", "django-modeltranslation", "django-countries", "tzdata")


@cache
def code_version():
    """A hash of the project's code, templates and compiled translations, the versions of the packages
    that render with them and the language settings: once per process (15 ms). A deploy that changes any
    of them gets new fragment keys."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in CODE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    packages = [(name, package_version(name)) for name in RENDERING_PACKAGES]
    digest.update(repr((packages, settings.LANGUAGE_CODE, settings.LANGUAGES)).encode())
    return digest.hexdigest()[:16]


def package_version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


@cache
def _columns(model, leaving_out=frozenset()):
    return operator.itemgetter(*(field.attname for field in model._meta.concrete_fields
                                 if field.attname not in leaving_out))


def stored_values(instance, leaving_out=frozenset()):
    """Every stored column of a model instance as loaded (the per-language columns too, each on its own),
    for a fragment's inputs, but the columns named in `leaving_out` (derived ones that the fragment does
    not show and the query did not read). Read from the instance's dict, not through the fields'
    descriptors: a tenth of the time, and the descriptors of translated fields give the active language's
    text, which the per-language columns already hold."""
    if instance is None:
        return None
    try:
        return _columns(type(instance), leaving_out)(instance.__dict__)
    except KeyError:  # a deferred column: read as the template would, loading it
        return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields
                     if field.attname not in leaving_out)


def fragment_key(name, inputs):
    """The cache key of fragment `name` (a template and its flags) rendered from `inputs` in the active
    language."""
    key = (name, code_version(), translation.get_language(), get_script_prefix(), inputs)
    return f"fragment:{hashlib.sha256(repr(key).encode()).hexdigest()}"


def render_each(template_name, items, *, as_name, inputs, context, prepare=None, load=None):
    """`template_name` rendered for each of `items` (as the context's `as_name`, with `context`), each taken
    from the cache when its `inputs(item)` (every value the template reads from it) were rendered before;
    `inputs(item)` None: the item is rendered and not kept (what it shows has no key to follow it).
    The template is rendered without the request: it reads only what it is given. `prepare(items)`, if
    given, is called with the items about to be rendered, before any is (to load what only rendering
    reads, for those alone). `load(items)`, if given, reads what to render those items from, for items
    that hold only their keys' inputs: the objects in order, or None for one that is gone (rendered as
    nothing). A list of HTML strings."""
    template = get_template(template_name)

    def render_all(to_render):
        objects = load(to_render) if load is not None else to_render
        if prepare is not None:
            prepare([item for item in objects if item is not None])
        return [SafeString(template.render({**context, as_name: item})) if item is not None else SafeString("")
                for item in objects]

    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0 or "fragments" not in settings.CACHES:
        return render_all(items)
    name = (template_name, sorted(context.items()))
    keys = [None if (values := inputs(item)) is None else fragment_key(name, values) for item in items]
    asked = [key for key in keys if key is not None]
    found = _fragments.get_many(asked) if asked else {}
    missing = [index for index, key in enumerate(keys) if key not in found]
    if missing:
        rendered = dict(zip(missing, render_all([items[index] for index in missing])))
        # Not kept: an item without a key, and one `load` found gone (rendered as nothing).
        kept = {keys[index]: str(html) for index, html in rendered.items() if html and keys[index] is not None}
        if kept:
            _fragments.set_many(kept, seconds)
        return [rendered[index] if index in rendered else SafeString(found[key]) for index, key in enumerate(keys)]
    return [SafeString(found[key]) for key in keys]
