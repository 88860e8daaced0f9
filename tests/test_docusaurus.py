"""A Docusaurus tree read as its authors write it: categories, MDX, drafts, exclusions, pages.

A small site written here uses each convention once; the Aug-2026 corpus checks the same
behaviour on the real tree, and the Dec-2025 corpus that nothing it did not use has changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.conftest import page, write_site
from typer.testing import CliRunner

from braindiet.checks import run_checks
from braindiet.cli import app
from braindiet.content.publishing import glob_regex
from braindiet.diagnostics import warning
from braindiet.project import load_project
from braindiet.site.build import build

CONFIG_TS = """import type { Config } from '@docusaurus/types';
// A comment with 'quotes' and a regex-looking /path/ in it
const includeWip = process.env.NODE_ENV !== 'production';
const config: Config = {
  title: `The ${'Site'}`,
  presets: [
    ['classic', {
      docs: {
        async sidebarItemsGenerator(args) { return args.defaultSidebarItemsGenerator(args); },
        exclude: includeWip ? [] : ['**/recipes/WIP/**'],
      },
    } satisfies Preset.Options],
  ],
  plugins: [
    ['./src/plugin/listing', { pattern: /docs\\/[a-z]+/g }],
    [require.resolve('@docusaurus/plugin-client-redirects'), {
      redirects: [
        { to: '/docs/foods/kale', from: '/docs/foods/borecole' },
        {
          to: '/docs/phenomes',
          from: ['/docs/phenomes/old-one', '/docs/phenomes/old-two'],
        },
      ],
    }],
  ],
};
export default config;
"""


def category(**fields: object) -> str:
    return json.dumps(fields, indent=2)


def docusaurus_site(root: Path) -> Path:
    return write_site(root, {
        "docusaurus.config.ts": CONFIG_TS,
        "docs/tags.yml": "Food:\n  label: Food\n  permalink: /food\n",
        "docs/biological-targets/index.md": page("Regulatory Systems overview",
                                                 id="targets-overview"),
        "docs/biological-targets/_category_.json": category(
            label="Biological Regulatory Systems", position=2,
            link={"type": "doc", "id": "biological-targets/targets-overview"}),
        "docs/biological-targets/neurotransmitters.md": page(
            "Neurotransmitter hub", id="neurotransmitters", hide_title=True,
            body="## BRS1 hub heading\n\nThe hub."),
        "docs/biological-targets/brs1/_category_.json": category(
            label="BRS1 - Neurotransmitter Regulation", position=1,
            link={"type": "doc", "id": "biological-targets/neurotransmitters"}),
        "docs/biological-targets/brs1/fm1/_category_.json": category(
            label="BRS1(FM1) - Monoamines", position=1,
            link={"type": "doc", "id": "fm1-monoamines"}),
        "docs/biological-targets/brs1/fm1/fm1-monoamines.mdx": page(
            "Monoaminergic function", id="fm1-monoamines", hide_table_of_contents=True,
            body='import Note from "@site/src/components/Note";\n\n'
                 '## First section\n\n<div className="hub-note" style={{marginTop: 8, '
                 "fontWeight: 700}}>\n\nA *note*.\n\n</div>\n\n"
                 'Inline <span style={{color: "teal"}}>teal</span> and '
                 '<span className="plain">plain</span>.'),
        "docs/biological-targets/brs1/fm1/pm1-supply.mdx": page("Precursor supply",
                                                               sidebar_position=1),
        "docs/biological-targets/brs1/kc/_category_.json": category(
            label="Key Constraints", link={"type": "generated-index",
                                           "description": "Limits on what food can do."}),
        "docs/biological-targets/brs1/kc/kc1.md": page("Amino-acid competition"),
        "docs/biological-targets/brs1/kc/kc2.md": page("Hidden from listings",
                                                       excludeFromFolderList=True),
        "docs/phenomes/_category_.json": category(label="Phenome Registry", position=3,
                                                  collapsed=False),
        "docs/phenomes/focus.md": page("Focus stability"),
        "docs/foods/kale.md": page("Kale", "Food", body="![kale](/img/my%20kale.png)",
                                   list_image="/img/my%20kale.png"),
        "docs/foods/secret.md": page("Secret food", "Food", draft=True),
        "docs/recipes/soup.md": page("Soup"),
        "docs/recipes/WIP/_category_.json": category(label="WIP (internal)"),
        "docs/recipes/WIP/idea.md": page("Half an idea"),
        "src/pages/about-us.md": page("About us", body="# About us\n\nSee [kale](/docs/foods/"
                                      "kale) and [the team](/editorial-team)."),
        "src/pages/editorial-team.mdx": page("Editorial team", body="The team."),
        "static/img/my kale.png": "not really a png",
    })


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return docusaurus_site(tmp_path_factory.mktemp("docusaurus") / "site")


@pytest.fixture(scope="module")
def published(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    build(source, out, search=False)
    return out


@pytest.fixture(scope="module")
def preview(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `braindiet serve` builds it."""
    out = tmp_path_factory.mktemp("preview") / "site"
    build(source, out, dev=True, search=False)
    return out


def soup(site: Path, permalink: str) -> BeautifulSoup:
    path = site / permalink.strip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def sidebar(html: BeautifulSoup) -> list[tuple[int, str]]:
    """(depth, label) of every sidebar entry shown."""
    return [(len(li.find_parents("ul")), li.find("a").get_text(strip=True))
            for li in html.select("nav.sidebar li")]


def breadcrumbs(html: BeautifulSoup) -> list[str]:
    return [li.get_text(strip=True) for li in html.select("nav.breadcrumbs li")]


# ---- categories ----------------------------------------------------------------------------


def test_category_labels_name_folders_in_sidebar_and_breadcrumbs(published: Path) -> None:
    html = soup(published, "/docs/biological-targets/brs1/fm1/pm1-supply")
    assert breadcrumbs(html) == ["Home", "Biological Regulatory Systems",
                                 "BRS1 - Neurotransmitter Regulation", "BRS1(FM1) - Monoamines",
                                 "Precursor supply"]
    entries = sidebar(html)
    assert (2, "BRS1 - Neurotransmitter Regulation") in entries
    assert (3, "BRS1(FM1) - Monoamines") in entries
    assert not any("Brs1" in label or label == "brs1" for _, label in entries)


def test_category_position_orders_the_top_level(published: Path) -> None:
    top = [label for depth, label in sidebar(soup(published, "/docs/foods/kale")) if depth == 1]
    assert top.index("Biological Regulatory Systems") < top.index("Phenome Registry")


def test_a_page_a_category_links_to_appears_once_as_that_category(published: Path) -> None:
    hub = soup(published, "/docs/biological-targets/neurotransmitters")
    labels = [label for _, label in sidebar(hub)]
    assert labels.count("BRS1 - Neurotransmitter Regulation") == 1
    assert "Neurotransmitter hub" not in labels  # not listed a second time as a page
    current = hub.select_one("nav.sidebar li.nav__item--current a")
    assert current is not None and current.get_text() == "BRS1 - Neurotransmitter Regulation"
    assert current["href"] == "/docs/biological-targets/neurotransmitters/"
    # the id within the folder (`fm1-monoamines`) is resolved as Docusaurus resolves it
    link = hub.find("a", string="BRS1(FM1) - Monoamines")
    assert link["href"] == "/docs/biological-targets/brs1/fm1/fm1-monoamines/"


def test_a_generated_index_shows_its_description_and_honours_exclude_from_folder_list(
        published: Path) -> None:
    index = soup(published, "/docs/biological-targets/brs1/kc")
    assert index.select_one("h1").get_text() == "Key Constraints"
    assert "Limits on what food can do." in index.get_text()
    cards = [a.get_text(strip=True) for a in index.select("a.card__title")]
    assert cards == ["Amino-acid competition"]
    kc2 = soup(published, "/docs/biological-targets/brs1/kc/kc2")
    assert "Hidden from listings" in [label for _, label in sidebar(kc2)]


def test_collapsed_false_opens_a_category_on_every_page(published: Path) -> None:
    labels = [label for _, label in sidebar(soup(published, "/docs/foods/kale"))]
    assert "Focus stability" in labels  # shown inside Phenome Registry, though far away
    assert "Amino-acid competition" not in labels  # a collapsed category stays closed


def test_a_broken_category_file_is_reported_with_its_line(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docs/a/_category_.json": '{\n  "label": "A",\n  "position": "first",\n'
                                  '  "link": {"type": "doc", "id": "nowhere"}\n}\n',
        "docs/a/page.md": page("Page"),
        "docs/b/_category_.json": '{"label": "B",, }',
        "docs/b/page.md": page("Other"),
    })
    found = {(d.code, d.file, d.line) for d in run_checks(load_project(root))}
    assert ("category-invalid", "docs/a/_category_.json", 3) in found
    assert ("category-link-unknown", "docs/a/_category_.json", 4) in found
    assert any(code == "category-invalid" and file == "docs/b/_category_.json"
               for code, file, _ in found)


# ---- front matter --------------------------------------------------------------------------


def test_hide_title_and_hide_table_of_contents(published: Path) -> None:
    hub = soup(published, "/docs/biological-targets/neurotransmitters")
    visible_h1 = [h for h in hub.select("h1") if "visually-hidden" not in h.get("class", [])]
    assert visible_h1 == []
    assert hub.select_one("h1.visually-hidden").get_text() == "Neurotransmitter hub"
    assert hub.select_one("aside.toc") is not None  # its ## heading still makes a contents
    monoamines = soup(published, "/docs/biological-targets/brs1/fm1/fm1-monoamines")
    assert monoamines.select_one("aside.toc") is None
    assert monoamines.select_one("h1").get_text() == "Monoaminergic function"


def test_drafts_and_excluded_pages_are_left_out_of_the_published_site(
        source: Path, published: Path) -> None:
    assert not (published / "docs/foods/secret").exists()
    assert not (published / "docs/recipes/WIP").exists()
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    assert "secret" not in sitemap and "WIP" not in sitemap
    index = json.loads((published / "api/index.json").read_text(encoding="utf-8"))
    assert "/docs/foods/secret" not in {p["permalink"] for p in index["pages"]}
    result = CliRunner().invoke(app, ["build", str(source), "-o", str(published.parent / "cli"),
                                      "-q"])
    assert result.exit_code == 0
    assert "left out: 1 draft, 1 excluded" in " ".join(result.output.split())


def test_the_preview_shows_drafts_and_excluded_pages_marked(preview: Path) -> None:
    secret = soup(preview, "/docs/foods/secret")
    mark = secret.select_one(".doc__unpublished")
    assert mark is not None and "Draft" in mark.get_text()
    idea = soup(preview, "/docs/recipes/WIP/idea")
    assert "recipes/WIP" in idea.select_one(".doc__unpublished").get_text()
    kale = soup(preview, "/docs/foods/kale")
    assert kale.select_one(".doc__unpublished") is None
    marks = [m.get_text() for m in soup(preview, "/docs/foods/secret").select(".nav__mark")]
    assert marks == ["draft"]


def test_exclusion_patterns_from_braindiet_toml(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "braindiet.toml": 'exclude = ["foods/archive/**", "**/*.draft.md"]\n',
        "docs/foods/kale.md": page("Kale"),
        "docs/foods/archive/old.md": page("Old"),
        "docs/recipes/soup.draft.md": page("Soup"),
    })
    project = load_project(root)
    assert [d.title for d in project.documents] == ["Kale"]
    assert {(p.site_path, p.reason) for p in project.left_out} == {
        ("docs/foods/archive/old.md", "excluded by 'foods/archive/**' (braindiet.toml:1)"),
        ("docs/recipes/soup.draft.md", "excluded by '**/*.draft.md' (braindiet.toml:1)")}
    assert len(load_project(root, dev=True).documents) == 3


def test_an_edit_to_the_docusaurus_config_reaches_the_next_load(tmp_path: Path) -> None:
    """The config's reading is kept between loads by its bytes: an edit reads it again."""
    root = write_site(tmp_path, {
        "docusaurus.config.js": "module.exports = {presets: [['classic', {docs: {}}]]};\n",
        "docs/foods/kale.md": page("Kale"),
        "docs/foods/old.md": page("Old"),
    })
    assert len(load_project(root).documents) == 2
    (root / "docusaurus.config.js").write_text(
        "module.exports = {presets: [['classic', {docs: {exclude: ['foods/old.md']}}]]};\n",
        encoding="utf-8")
    project = load_project(root)
    assert [d.title for d in project.documents] == ["Kale"]
    assert [p.site_path for p in project.left_out] == ["docs/foods/old.md"]
    project.docusaurus.problems.append(warning("note", "a caller's own note", "x.md"))
    assert load_project(root).docusaurus.problems == []  # a caller's additions stay its own


@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("**/recipes/WIP/**", "recipes/WIP/idea.md", True),
    ("**/recipes/WIP/**", "en/recipes/WIP/deep/idea.mdx", True),
    ("**/recipes/WIP/**", "recipes/WIPE/idea.md", False),
    ("foods/*.md", "foods/kale/x.md", False),
    ("**/*.{md,mdx}", "a/b.mdx", True),
])
def test_exclusion_globs_read_as_docusaurus_reads_them(pattern: str, path: str,
                                                       matches: bool) -> None:
    assert (glob_regex(pattern).fullmatch(path) is not None) is matches


# ---- MDX and raw HTML ----------------------------------------------------------------------


def test_mdx_pages_are_pages_and_their_imports_are_not_text(published: Path) -> None:
    html = soup(published, "/docs/biological-targets/brs1/fm1/fm1-monoamines")
    body = html.select_one(".doc__body")
    assert "import" not in body.get_text()
    assert body.select_one("h2").get_text(strip=True).startswith("First section")


def test_jsx_attributes_in_raw_html_become_html(published: Path) -> None:
    body = soup(published, "/docs/biological-targets/brs1/fm1/fm1-monoamines").select_one(
        ".doc__body")
    note = body.select_one("div.hub-note")
    assert note is not None and note["style"] == "margin-top: 8px; font-weight: 700"
    assert note.select_one("em").get_text() == "note"  # Markdown inside still renders
    assert body.find("span", style="color: teal").get_text() == "teal"
    assert body.select_one("span.plain").get_text() == "plain"
    assert "className" not in str(body) and "{{" not in str(body)


def test_percent_encoded_image_paths_name_existing_files(source: Path, published: Path) -> None:
    problems = [d for d in run_checks(load_project(source)) if d.code == "image-missing"]
    assert problems == []
    kale = soup(published, "/docs/foods/kale")
    assert kale.select_one(".doc__body img")["src"] == "/img/my%20kale.png"
    assert (published / "img/my kale.png").is_file()


def test_tags_yml_permalinks_are_relative_to_the_tags_page(published: Path) -> None:
    kale = soup(published, "/docs/foods/kale")
    assert kale.select_one(".doc__tags a.tag")["href"] == "/docs/tags/food/"
    assert (published / "docs/tags/food/index.html").is_file()


# ---- standalone pages ----------------------------------------------------------------------


def test_standalone_pages_are_built_at_their_own_path(source: Path, published: Path) -> None:
    about = soup(published, "/about-us")
    assert about.select_one("h1").get_text(strip=True).startswith("About us")
    assert len(about.select("h1")) == 1
    links = {a.get_text(): a["href"] for a in about.select(".doc__body a")}
    assert links["kale"] == "/docs/foods/kale/"
    assert (published / "editorial-team/index.html").is_file()
    assert "/about-us" in (published / "sitemap.xml").read_text(encoding="utf-8")
    broken = [d for d in run_checks(load_project(source)) if d.code == "link-broken"]
    assert broken == []  # /editorial-team is a page


def test_a_standalone_pages_problems_point_at_its_file(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docs/foods/kale.md": page("Kale"),
        "src/pages/team.md": page("Team", body="Text.\n\n![x](/img/nobody.jpg)"),
    })
    found = {(d.code, d.file, d.line) for d in run_checks(load_project(root))}
    assert ("image-missing", "src/pages/team.md", 7) in found


# ---- the real tree, August 2026 --------------------------------------------------------


@pytest.mark.corpus
def test_corpus_2026_builds_every_page_but_drafts_and_wip(corpus_2026_root: Path,
                                                          corpus_2026_site: Path) -> None:
    project = load_project(corpus_2026_root)
    assert len(project.documents) + len(project.left_out) == 499
    assert sorted((p.reason == "draft", p.site_path) for p in project.left_out) == [
        (False, "docs/recipes/WIP/index.md"),
        (True, "docs/substances/nutrients/macronutrients/fatty-acids/pufas/omega-3/"
               "omega-3-in-the-brain-dha-pool.md"),
        (True, "docs/system/functional-metrics.md")]
    mdx = [d for d in project.documents if d.rel_path.suffix == ".mdx"]
    assert len(mdx) == 117
    missing = [d.permalink for d in [*project.documents, *project.standalone]
               if not (corpus_2026_site / d.permalink.strip("/") / "index.html").is_file()]
    assert missing == []
    assert {d.permalink for d in project.standalone} >= {
        "/about-us", "/advisory-board", "/editorial-team",
        "/brs-cross-framework-dietary-architecture"}
    assert not (corpus_2026_site / "docs/recipes/WIP").exists()


@pytest.mark.corpus
def test_corpus_2026_sidebar_and_breadcrumbs_use_category_labels(corpus_2026_site: Path) -> None:
    html = soup(corpus_2026_site, "/docs/biological-targets/brs1/fm1/"
                                  "brs1-fm1-monoaminergic-function")
    assert breadcrumbs(html)[:3] == ["Home", "Biological Regulatory Systems",
                                     "BRS1 - Neurotransmitter Regulation"]
    labels = [label for _, label in sidebar(html)]
    assert "BRS1 - Neurotransmitter Regulation" in labels
    assert "BRS1(FM1) - Monoaminergic Function" in labels
    assert not [label for label in labels if label in ("Brs1", "Fm1", "Kc")]
    hub = soup(corpus_2026_site, "/docs/biological-targets/neurotransmitter-regulation")
    assert [h for h in hub.select("h1") if "visually-hidden" not in h.get("class", [])] == []


@pytest.mark.corpus
def test_corpus_2026_raw_html_is_html(corpus_2026_site: Path) -> None:
    register = soup(corpus_2026_site, "/docs/dietary-foundations/nutrient-effects/"
                                      "food-composition-interpretation-register")
    assert "className" not in str(register.select_one("article"))
    assert register.select("table.fcir-table")
    assert register.select_one("aside.toc") is None  # hide_table_of_contents: true


@pytest.mark.corpus
def test_corpus_2026_checks(corpus_2026_root: Path) -> None:
    found = run_checks(load_project(corpus_2026_root))
    images = {d.file for d in found if d.code == "image-missing"}
    for encoded in ("docs/recipes/Breakfast/Ginger Yogurt & Blueberry Bowl.md",
                    "docs/recipes/Lunch/Salmon-beetroot-toast-lemon.md"):
        assert encoded not in images  # `%20` in the path: the file exists
    assert not [d for d in found if d.code.startswith(("redirect-", "category-"))]


@pytest.mark.corpus
def test_corpus_2025_has_no_docusaurus_extras(corpus_root: Path) -> None:
    project = load_project(corpus_root)
    assert (len(project.documents), project.left_out, project.redirects) == (301, [], [])
    assert project.standalone == [] and project.content.categories == {}
