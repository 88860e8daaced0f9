"""Hub panels in the browser: the collapsibles mechanism pages write as raw HTML open and close
on a click and from the keyboard, a #hash opens the panels around its target, and without
JavaScript every panel shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from tests.conftest import page as page_text
from tests.conftest import write_site

if TYPE_CHECKING:
    from tests.browser.conftest import Served

pytestmark = pytest.mark.browser

Serve = Callable[[str, Path, bool], "Served"]
HUB = "/docs/pages/hub"


def item(title: str, inside: str, extra: str = "") -> str:
    """A panel of the first kind: the shell's own summary button."""
    return (f'<div class="brs-fm-hub-item" data-brs-fm-hub{extra}>\n'
            '<div class="brs-fm-hub-shell">\n'
            '<button type="button" class="brs-fm-hub-summary" aria-expanded="false">\n'
            '<span class="brs-fm-hub-chevron" aria-hidden="true"></span>\n'
            f"<strong>{title}</strong>\n</button>\n"
            f'<div class="brs-fm-hub-panel" hidden>\n\n{inside}\n\n</div>\n</div>\n</div>\n')


ROW = """<div class="brs-fm-hub-item" data-brs-fm-hub>
<div class="brs-fm-hub-shell">
<div class="brs-fm-hub-summary-row">
<button type="button" class="brs-fm-hub-toggle" aria-expanded="false" aria-label="Expand Focus">
<span class="brs-fm-hub-chevron" aria-hidden="true"></span>
</button>
<strong class="brs-fm-hub-title">Focus — modulates</strong>
<a class="brs-fm-hub-open" href="/docs/pages/other">Open Page →</a>
</div>
<div class="brs-fm-hub-panel" hidden>
- **Confidence:** Low–Medium
- **Rationale:** Row rationale text.
</div>
</div>
</div>
"""

GROUP = """<div class="brs-fm-hub-item brs-fm-hub-group" data-brs-fm-hub>
<div class="brs-fm-hub-shell">
<div class="brs-fm-hub-group-summary-row">
<button type="button" class="brs-fm-hub-toggle brs-fm-hub-group-toggle"
  aria-expanded="false" aria-label="Expand section">
<span class="brs-fm-hub-chevron" aria-hidden="true"></span>
</button>
<ul class="brs-fm-hub-group-title-list">
<li><span>First child</span> <button type="button"
  class="brs-fm-hub-open brs-fm-hub-open--action" data-brs-hub-focus-child="0">Open first</button>
</li>
<li><span>Second child</span> <button type="button"
  class="brs-fm-hub-open brs-fm-hub-open--action" data-brs-hub-focus-child="1">Open second</button>
</li>
</ul>
</div>
<div class="brs-fm-hub-panel" hidden>
<div class="brs-fm-hub-group-children">

<div class="brs-fm-hub-item" data-brs-fm-hub data-brs-fm-hub-group-index="0">
<div class="brs-fm-hub-shell">
<button type="button" class="brs-fm-hub-summary" aria-expanded="false">
<strong>First child</strong></button>
<div class="brs-fm-hub-panel" hidden>
<p>First child text.</p>
</div>
</div>
</div>

<div class="brs-fm-hub-item" data-brs-fm-hub data-brs-fm-hub-group-index="1">
<div class="brs-fm-hub-shell">
<button type="button" class="brs-fm-hub-summary" aria-expanded="false">
<strong>Second child</strong></button>
<div class="brs-fm-hub-panel" hidden>
<p>Second child text.</p>
</div>
</div>
</div>

</div>
</div>
</div>
</div>
"""

BODY = "\n".join([
    "## Panels\n",
    item("Outer levers", item("Inner foods", "### Deep heading\n\nDeep panel text.")),
    ROW,
    GROUP,
    item("Named panel", "Named panel text.", ' data-brs-hub-hash="named-panel"'),
    "<PhenomeScoringKey defaultExpanded />\n",
    "## After\n\nThe end of the page.",
])


@pytest.fixture
def hub_server(serve_built: Serve, tmp_path_factory: pytest.TempPathFactory) -> Served:
    root = write_site(tmp_path_factory.mktemp("hub-src") / "site", {
        "docs/pages/hub.mdx": page_text("Hub panels", body=BODY),
        "docs/pages/other.md": page_text("Other", body="Another page."),
        "docs/pages/plain.md": page_text("Plain", body="No panels here."),
    })
    return serve_built("hub-panels", root, False)


def toggle(page: Page, title: str) -> Locator:
    return page.locator(".brs-fm-hub-summary", has_text=title)


def test_a_click_opens_and_closes_a_panel(page: Page, hub_server: Served,
                                          screenshots: Path) -> None:
    page.goto(hub_server.url(HUB))
    outer = toggle(page, "Outer levers")
    expect(outer).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_text("Inner foods")).to_be_hidden()
    outer.click()
    expect(outer).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_text("Inner foods")).to_be_visible()
    expect(page.get_by_text("Deep panel text.")).to_be_hidden()  # the inner one stays closed
    page.screenshot(path=screenshots / "hub-panels-open.png")
    outer.click()
    expect(outer).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_text("Inner foods")).to_be_hidden()

    row = page.get_by_role("button", name="Expand Focus")
    row.click()
    expect(row).to_have_attribute("aria-expanded", "true")
    expect(page.locator("li", has_text="Row rationale text.")).to_be_visible()
    expect(page.get_by_role("link", name="Open Page →")).to_be_visible()


def test_the_keyboard_opens_and_closes_a_panel(page: Page, hub_server: Served) -> None:
    page.goto(hub_server.url(HUB))
    outer = toggle(page, "Outer levers")
    outer.focus()
    page.keyboard.press("Enter")
    expect(outer).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_text("Inner foods")).to_be_visible()
    page.keyboard.press("Space")
    expect(outer).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_text("Inner foods")).to_be_hidden()


def test_a_hash_opens_the_panels_around_its_target(page: Page, hub_server: Served) -> None:
    page.goto(hub_server.url(HUB + "#deep-heading"))
    expect(page.locator("h3#deep-heading")).to_be_visible()
    expect(toggle(page, "Outer levers")).to_have_attribute("aria-expanded", "true")
    expect(toggle(page, "Inner foods")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("h3#deep-heading")).to_be_in_viewport()

    page.evaluate("location.hash = 'named-panel'")  # a link on the page, followed
    expect(page.get_by_text("Named panel text.")).to_be_visible()

    toggle(page, "Named panel").click()  # closing it takes its hash off the URL
    expect(page.get_by_text("Named panel text.")).to_be_hidden()
    assert page.evaluate("location.hash") == ""


def test_an_open_action_opens_a_child_of_its_group(page: Page, hub_server: Served) -> None:
    page.goto(hub_server.url(HUB))
    expect(page.get_by_text("Second child text.")).to_be_hidden()
    page.get_by_role("button", name="Open second").click()
    expect(page.get_by_text("Second child text.")).to_be_visible()
    expect(page.get_by_text("First child text.")).to_be_hidden()
    expect(page.get_by_role("button", name="Expand section")).to_have_attribute(
        "aria-expanded", "true")


def test_the_scoring_key_can_start_open(page: Page, hub_server: Served) -> None:
    page.goto(hub_server.url(HUB))
    key = toggle(page, "How confidence scores differ")
    expect(key).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".scoring-key")).to_be_visible()
    key.click()
    expect(page.locator(".scoring-key")).to_be_hidden()


def test_the_script_is_loaded_only_where_there_are_panels(page: Page,
                                                          hub_server: Served) -> None:
    page.goto(hub_server.url("/docs/pages/plain"))
    assert page.locator('script[src*="hub-panels"]').count() == 0
    page.goto(hub_server.url(HUB))
    assert page.locator('script[src*="hub-panels"]').count() == 1


def test_without_javascript_every_panel_shows(browser: Browser, hub_server: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(hub_server.url(HUB))
        for text in ("Deep panel text.", "Row rationale text.", "Second child text.",
                     "Named panel text."):
            expect(page.get_by_text(text)).to_be_visible()
        expect(page.get_by_role("button", name="Expand Focus")).to_be_hidden()
    finally:
        context.close()


PM1 = ("/docs/biological-targets/brs1/fm1/"
       "brs1-fm1-pm1-amino-acid-availability-and-prioritisation")
BRS1_HUB = "/docs/biological-targets/neurotransmitter-regulation"


@pytest.mark.corpus
def test_corpus_2026_a_phenome_row_opens_on_its_evidence(page: Page, corpus_2026_server: Served,
                                                         screenshots: Path) -> None:
    page.goto(corpus_2026_server.url(PM1))
    row = page.get_by_role("button", name="Expand Focus / Attention Stability — modulates")
    panel = page.locator(".brs-fm-hub-item", has=row).locator(".brs-fm-hub-panel").first
    expect(panel).to_be_hidden()
    row.click()
    expect(panel).to_be_visible()
    expect(panel.locator("li strong").first).to_have_text("Biology → Phenome Confidence:")
    citation = panel.locator(".phenome-bib-links a.citation").first
    expect(citation).to_have_text("Fernstrom (2013) — Mechanistic")
    expect(citation).to_have_attribute("target", "_blank")
    page.screenshot(path=screenshots / "hub-panels-corpus-phenome-row.png")


@pytest.mark.corpus
def test_corpus_2026_a_hub_link_opens_its_panel(page: Page, corpus_2026_server: Served) -> None:
    hash_ = "adhd-evidence-and-connected-brs1-mechanisms"  # the panel's data-brs-hub-hash
    page.goto(corpus_2026_server.url(f"{BRS1_HUB}#{hash_}"))
    panel = page.locator(f'[data-brs-hub-hash="{hash_}"]')
    expect(panel.locator(".brs-fm-hub-summary").first).to_have_attribute("aria-expanded", "true")
    expect(panel.locator("table").first).to_be_visible()
    expect(panel).to_be_in_viewport()
