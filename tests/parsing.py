"""Read back what the site serves: JSON-LD from a page, events from an .ics, entries from an Atom feed."""

import json
import re
import xml.etree.ElementTree as ET

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
