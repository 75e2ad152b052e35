"""axe-core (from the npm registry) finds no serious or critical WCAG problem on any public page."""

import pytest

from tests.browser_fixtures import DESKTOP, MOBILE
from tests.public_pages import load_site_content, public_pages

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE = """async () => await axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
  resultTypes: ['violations'],
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1280px", "375px"])
def test_axe_finds_no_serious_or_critical_violations_on_any_public_page(open_page, axe_core_js, viewport):
    load_site_content()
    # axe is injected as a script element; bypassing the page's CSP lets it run under a strict policy.
    page = open_page(viewport, bypass_csp=True)
    checked, problems = [], {}
    for label, path, status in public_pages():
        assert page.goto(path).status == status, path
        page.add_script_tag(path=axe_core_js)
        results = page.evaluate(RUN_AXE)
        checked.append(label)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes'][:3]]}"
            for v in results["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
        if blocking:
            problems[label] = blocking
    assert problems == {}
    assert {"home", "about", "concerts", "past", "concert", "not-found"} <= set(checked)


def test_the_axe_harness_reports_a_real_violation(page, axe_core_js):
    """Guards the check above: on a page with a known problem, the same harness reports it."""
    page.set_content('<!DOCTYPE html><html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    page.add_script_tag(path=axe_core_js)
    results = page.evaluate(RUN_AXE)
    assert ("image-alt", "critical") in {(v["id"], v["impact"]) for v in results["violations"]}
