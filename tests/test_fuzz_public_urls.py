"""Generated query strings and paths sent to every public URL name never give a 5xx (SQLite and PostgreSQL).

Bounded in time: each URL name gets MAX_EXAMPLES generated requests (hypothesis), against the demo content
plus a featured concert (tests/public_pages.py). The shapes are the ones attacks and broken clients send:
real parameter names with hostile values (huge numbers, far years, NUL and other control characters,
other scripts, very long text), made-up names, repeated keys, raw bytes that are not UTF-8.
"""

import time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.public_pages import FEATURED_CONCERT_SLUG, load_site_content

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 30
SECONDS_PER_URL_NAME = 20  # a run that gets slower than this fails rather than dragging the suite on

KNOWN_PARAMETERS = ["city", "country", "venue", "series", "year", "season", "page", "q", "p", "preview", "junk"]
NASTY_VALUES = ["", "0", "-1", "1", "9999", "10000", "99999999999999999999", "1e308", "NaN", "\x00", "\x0b",
                "%00", "' OR 1=1 --", "<script>", "２０２４", "٣", "\ud800", "Москва", "x" * 5000]

values = st.one_of(st.sampled_from(NASTY_VALUES), st.text(max_size=60), st.integers().map(str))
names = st.one_of(st.sampled_from(KNOWN_PARAMETERS), st.text(min_size=1, max_size=12))
query_pairs = st.lists(st.tuples(names, values), max_size=5)
raw_queries = st.one_of(st.just("%ff%fe=%c0%af"), st.just("&&==&"), st.just("year=%00"), st.just("p=0&p=-3"),
                        st.text(alphabet="%&=+;?#aZ09\x00 ", max_size=40))
segments = st.one_of(st.text(max_size=40), st.sampled_from(["..", "%2e%2e", "a" * 300, "con", FEATURED_CONCERT_SLUG]))


def public_url_names():
    """(name, kwargs names) for every named route outside the editor."""
    found = []

    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name != "admin":
                    walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((namespace + entry.name, tuple(entry.pattern.converters)))

    walk(get_resolver())
    return sorted(set(found))


def sample_kwargs(converters):
    samples = {"slug": FEATURED_CONCERT_SLUG, "section": "concerts", "pk": "1"}
    return {name: samples.get(name, "x") for name in converters}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_site_content()
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def encode(text):
    from urllib.parse import quote

    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def assert_no_server_error(client, url, started):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    assert time.monotonic() - started < SECONDS_PER_URL_NAME, "fuzzing took too long"


@pytest.mark.parametrize("name,converters", public_url_names())
def test_generated_query_strings_never_give_a_server_error(client, site, name, converters):
    path = reverse(name, kwargs=sample_kwargs(converters))
    started = time.monotonic()

    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(pairs=query_pairs, raw=raw_queries)
    def check(pairs, raw):
        query = "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs)
        assert_no_server_error(client, f"{path}?{query}", started)
        assert_no_server_error(client, f"{path}?{raw}", started)

    check()


@pytest.mark.parametrize("name,converters", public_url_names())
def test_every_parameter_a_view_reads_takes_every_nasty_value(client, site, name, converters):
    """The systematic part: each parameter the view names (fansite/page_cache.py) with each value above."""
    from django.urls import resolve

    from fansite.page_cache import query_parameters

    path = reverse(name, kwargs=sample_kwargs(converters))
    started = time.monotonic()
    for parameter in sorted(query_parameters(resolve(path).func) or ()):
        for value in NASTY_VALUES:
            assert_no_server_error(client, f"{path}?{parameter}={encode(value)}", started)


@pytest.mark.parametrize("name,converters", [entry for entry in public_url_names() if entry[1]])
def test_generated_path_segments_never_give_a_server_error(client, site, name, converters):
    started = time.monotonic()
    path = reverse(name, kwargs=sample_kwargs(converters))

    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(segment=segments)
    def check(segment):
        for value in sample_kwargs(converters).values():
            assert_no_server_error(client, path.replace(value, encode(segment), 1), started)

    check()
