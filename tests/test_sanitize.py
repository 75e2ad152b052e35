"""Staff HTML is cleaned with nh3 before it can be rendered with |safe."""

import pytest

from fansite.sanitize import sanitize_html


@pytest.mark.parametrize(
    "dirty, forbidden",
    [
        ("<p>Hello<script>alert('x')</script></p>", ["<script", "alert"]),
        ('<img src="/media/a.jpg" onerror="alert(1)" alt="A">', ["onerror", "alert"]),
        ('<a href="javascript:alert(1)">click</a>', ["javascript:", "alert"]),
        ('<a href=" JaVaScRiPt:alert(1)">click</a>', ["javascript", "alert"]),
        ('<p onclick="steal()" style="position:fixed">x</p>', ["onclick", "steal", "style"]),
        ('<iframe src="https://evil.example.com"></iframe><p>kept</p>', ["iframe", "evil"]),
        ('<style>body{display:none}</style><p>kept</p>', ["<style", "display"]),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', ["data:"]),
        ('<svg><script>alert(1)</script></svg>', ["<svg", "alert"]),
        ('<form action="/x"><input name="p"></form>', ["<form", "<input"]),
    ],
)
def test_dangerous_markup_is_removed(dirty, forbidden):
    clean = sanitize_html(dirty)
    for fragment in forbidden:
        assert fragment.lower() not in clean.lower(), (dirty, clean)


def test_prose_markup_survives():
    html = (
        '<h2>Early years</h2><p>Born in <strong>Moscow</strong> to a <em>family of musicians</em>.</p>'
        '<ul><li>one</li></ul><blockquote><p>She could move mountains.</p></blockquote>'
        '<p><a href="https://example.org/" title="t">a link</a> <img src="/media/p.jpg" alt="Portrait"></p>'
    )
    clean = sanitize_html(html)
    for fragment in ["<h2>Early years</h2>", "<strong>Moscow</strong>", "<em>family of musicians</em>",
                     "<li>one</li>", "<blockquote>", 'href="https://example.org/"', 'alt="Portrait"']:
        assert fragment in clean
    assert 'rel="noopener noreferrer nofollow"' in clean


def test_empty_input_gives_empty_output():
    assert sanitize_html("") == "" and sanitize_html(None) == ""




@pytest.mark.django_db
def test_plain_text_bio_is_escaped_on_the_page(client):
    from tests.factories import make_profile

    make_profile(long_bio="<script>alert(1)</script>\n\nSecond <b>paragraph</b>.")
    html = client.get("/en/about/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
