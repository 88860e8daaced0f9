"""Markdown inside raw HTML, read as MDX reads it: lists, headings and components between tag
lines are Markdown; text inside a `<p>` keeps its inline Markdown without a second `<p>`."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from tests.conftest import page, write_site

from braindiet.checks import run_checks
from braindiet.content.markdown import parse
from braindiet.project import load_project
from braindiet.render.markdown import render_body
from braindiet.site.build import prepare

PANEL = """<div class="panel-item" data-demo>
<div class="panel-shell">
<button type="button" class="panel-toggle" aria-expanded="false">
<strong>Focus — modulates</strong>
</button>
<div class="panel-body" hidden>
- **Confidence:** Low–Medium
- **Key References:** see [the review](/docs/papers/refs#doe_magnesium_2020)
<SubstanceList tag="Mineral" />
- **Evidence Confidence:** Low
</div>
</div>
</div>
## After the panel

Text."""

PHRASING = """<div class="key">
<p class="key-intro">
These are <strong>three</strong> *separate* scores,
<em>never</em> added up.
</p>
</div>"""

MARKUP_ONLY = """<div class="plain">
<p>Only <b>tags</b> here</p>
<img
  src="/img/x.png"
  alt="x"
/>
</div>"""

BIB = "@article{doe_magnesium_2020,\n  title = {Magnesium},\n  author = {Doe, Jane},\n" \
      "  journal = {J},\n  year = {2020},\n}\n"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BeautifulSoup]:
    root = write_site(tmp_path_factory.mktemp("mdx-html"), {
        "static/bibtex/BRAIN-diet.bib": BIB,
        "static/img/x.png": "",
        "docs/papers/refs.md": page("References", body="<BibTexReferences />"),
        "docs/substances/mg.md": page("Magnesium", "Substance", "Mineral"),
        "docs/pages/panel.mdx": page("Panel", body=PANEL),
        "docs/pages/phrasing.mdx": page("Phrasing", body=PHRASING),
        "docs/pages/markup.md": page("Markup", body=MARKUP_ONLY),
        "docs/pages/inline.md": page("Inline", body=(
            'Chopping <FoodEffect direction="increase">raises *sulforaphane*</FoodEffect> '
            'and <FoodEffectIcon direction="preserve" /> keeps it.')),
    })
    (root / "braindiet.toml").write_text('references_page = "/docs/papers/refs"\n',
                                         encoding="utf-8")
    project = load_project(root)
    site = prepare(project, run_checks(project))
    return {d.rel_path.stem: BeautifulSoup(str(render_body(site.ctx, d).html), "html.parser")
            for d in project.documents}


def test_markdown_between_tag_lines_is_markdown(rendered: dict[str, BeautifulSoup]) -> None:
    body = rendered["panel"].select_one("div.panel-body")
    assert body is not None
    items = [li.get_text(" ", strip=True) for li in body.select("ul > li")]
    assert items[0] == "Confidence: Low–Medium"
    assert body.select_one("li strong") is not None
    assert "**" not in body.get_text()
    citation = body.select_one("a.citation")
    assert citation is not None and citation["data-cite"] == "doe_magnesium_2020"
    assert body.select_one(".cards a.card__title").get_text() == "Magnesium"  # the component
    assert items[-1] == "Evidence Confidence: Low"


def test_a_heading_right_after_closing_tags_is_a_heading(
        rendered: dict[str, BeautifulSoup]) -> None:
    heading = rendered["panel"].select_one("h2#after-the-panel")
    assert heading is not None and heading.find_parent("div") is None
    assert "##" not in rendered["panel"].get_text()


def test_text_inside_a_paragraph_element_keeps_inline_markdown_without_a_second_paragraph(
        rendered: dict[str, BeautifulSoup]) -> None:
    intro = rendered["phrasing"].select_one("p.key-intro")
    assert intro is not None and intro.select("p") == []
    assert intro.select_one("em").get_text() == "separate"
    assert " ".join(intro.get_text().split()) == \
        "These are three separate scores, never added up."


def test_a_block_of_tag_lines_is_raw_html_as_commonmark_reads_it(
        rendered: dict[str, BeautifulSoup]) -> None:
    plain = MarkdownIt("commonmark", {"html": True}).render(MARKUP_ONLY)
    tokens = [t.type for t in parse(MARKUP_ONLY)]
    assert tokens == ["html_block"]
    assert str(rendered["markup"]).strip() == str(BeautifulSoup(plain, "html.parser")).strip()


def test_components_inside_a_line_of_text(rendered: dict[str, BeautifulSoup]) -> None:
    paragraph = rendered["inline"].select_one("p")
    assert paragraph is not None and paragraph.select(".component-warning") == []
    effect = paragraph.select_one(".food-effect")
    assert effect is not None and effect.select_one("em").get_text() == "sulforaphane"
    assert " ".join(paragraph.get_text(" ").split()).startswith("Chopping")


def test_check_sees_components_and_citations_inside_html(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docs/pages/panel.mdx": page("Panel", body=(
            '<div class="box">\n<p>Intro</p>\n<Unheard thing="x" />\n'
            '- [gone](/docs/nowhere)\n</div>')),
    })
    found = {(d.code, d.line) for d in run_checks(load_project(root))}
    body = 5  # `page` writes a one-line front matter and a blank line before the body
    assert ("component-unknown", body + 2) in found
    assert ("link-broken", body + 3) in found


# ---- the corpora ---------------------------------------------------------------------------


def _without_html_flow() -> MarkdownIt:
    from braindiet.content.markdown import components_plugin
    from braindiet.content.mdx import mdx_plugin

    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(components_plugin)
    md.use(mdx_plugin)
    return md


@pytest.mark.corpus
def test_corpus_2025_parses_exactly_as_before(corpus_root: Path) -> None:
    """The Dec-2025 pages hold no Markdown inside raw HTML: not one token changes."""
    before = _without_html_flow()
    changed = [d.site_path for d in load_project(corpus_root).documents
               if [(t.type, t.map, t.content) for t in parse(d.body)]
               != [(t.type, t.map, t.content) for t in before.parse(d.body)]]
    assert changed == []


@pytest.mark.corpus
def test_corpus_2026_panels_hold_markdown(corpus_2026_root: Path) -> None:
    project = load_project(corpus_2026_root)
    raw_bullets = 0
    lists_in_panels = 0
    for document in project.documents:
        for token in parse(document.body):
            if token.type == "html_block" and "\n- **" in token.content:
                raw_bullets += 1
            if token.type == "inline" and token.content.startswith("**Biology → Phenome"):
                lists_in_panels += 1
    assert raw_bullets == 0
    assert lists_in_panels >= 216  # every §3 panel whose list follows its opening tag
