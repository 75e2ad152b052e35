"""Read back what the site serves: JSON-LD from a page, events from an .ics, entries from an Atom feed."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from icalendar import Calendar

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ATOM = "{http://www.w3.org/2005/Atom}"


def json_ld_blocks(html):
    return [json.loads(block) for block in JSON_LD.findall(html)]


def json_ld(html, type_):
    blocks = [block for block in json_ld_blocks(html) if block.get("@type") == type_]
    assert len(blocks) == 1, f"expected one {type_} block, found {len(blocks)}"
    return blocks[0]


def calendar(content):
    return Calendar.from_ical(content)


def events_by_uid(content):
    return {str(event["UID"]): event for event in calendar(content).walk("VEVENT")}


def atom_entries(content):
    root = ET.fromstring(content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self._select, self._textarea, self._text = None, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag in ("input", "select", "textarea"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((attrs["name"], attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_data(html, form_id):
    """What a browser would submit from the form `form_id` of `html` as it stands (no file fields)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}
