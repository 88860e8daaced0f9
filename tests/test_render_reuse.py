"""What rendering makes once and reuses must read as if it were made for each file.

The body is prerendered at load (HTML with holes the graph fills), a sidebar category is drawn
once in its resting look, and a part many pages show (an area's target table) is made once per
build: each test checks what a reader or the dev server would notice if the reuse were wrong.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import page, write_site
from tests.test_incremental_property import assert_matches_full_build

from braindiet.dependencies import Family, recording, remembered
from braindiet.project import load_project
from braindiet.site.build import build
from braindiet.site.incremental import LiveSite
from braindiet.site.nav import Navigation
from braindiet.site.sidebar import SidebarHtml

REFS = "/docs/papers/references"
BIB = "".join(f"@article{{{key},\n  title = {{On {key}}},\n  author = {{Doe, Jane}},\n"
              f"  journal = {{J}},\n  year = {{2020}},\n}}\n" for key in ("a_2020", "b_2021"))

# ---- remembered values replay their reads ------------------------------------------------

PROBE = Family("probe", object, lambda _: {})  # never registered: only recorded here


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sets(st.sampled_from("abcdef"), max_size=4)),
                min_size=1, max_size=12))
def test_every_file_using_a_kept_value_records_what_making_it_read(
        asks: list[tuple[int, set[str]]]) -> None:
    """Files ask for values by key; the first ask of a key computes it (reading some keys).
    Every later file asking for that key must record the same reads, or an edit to what the
    value was made from would leave that file stale."""
    store: dict[object, tuple[object, frozenset[str]]] = {}
    first_reads: dict[int, set[str]] = {}
    computed: list[int] = []
    for key, reads in asks:
        def compute(key: int = key, reads: set[str] = reads) -> str:
            computed.append(key)
            for name in sorted(reads):
                PROBE.read(name)
            return f"value {key}"

        with recording() as recorded:
            PROBE.read("own")  # what the file reads itself stays recorded too
            value = remembered(store, key, compute)
        expected = first_reads.setdefault(key, reads)
        assert value == f"value {key}"
        assert recorded == {"probe:own", *(f"probe:{name}" for name in expected)}
    assert sorted(computed) == sorted({key for key, _ in asks})  # each key made once


def test_two_areas_sharing_a_target_both_follow_an_edit_to_its_foods(tmp_path: Path) -> None:
    """The target table is made for the first area page and kept for the second: an edit
    that changes it (a food no longer tagged with the substance) must reach both."""
    root = write_site(tmp_path / "site", {
        "docs/foods/kale.md": page("Kale", "Food", "Magnesium"),
        "docs/foods/leek.md": page("Leek", "Food", "Magnesium"),
        "docs/substances/magnesium.md": page(
            "Magnesium", "Substance", "Magnesium", "Energy Metabolism",
            mechanisms={"Energy Metabolism": "Cofactor of ATP."}),
        "docs/biological-targets/energy.md": page("Energy Metabolism", "Biological Target",
                                                  "ADHD", "Anxiety"),
        "docs/therapeutic-areas/adhd.md": page("ADHD", "Therapeutic Area",
                                               body='<TherapeuticAreaMatrix tag="ADHD" />'),
        "docs/therapeutic-areas/anxiety.md": page(
            "Anxiety", "Therapeutic Area", body='<TherapeuticAreaMatrix tag="Anxiety" />'),
    })
    live = LiveSite(root, tmp_path / "live", search=False)
    areas = [live.output / f"docs/therapeutic-areas/{name}/index.html"
             for name in ("adhd", "anxiety")]
    for area in areas:
        assert "Leek" in _matrix_text(area)
    leek = root / "docs/foods/leek.md"
    leek.write_text(page("Leek", "Food"), encoding="utf-8")
    live.rebuild()
    for area in areas:
        assert "Kale" in _matrix_text(area)
        assert "Leek" not in _matrix_text(area)
    assert_matches_full_build(live, tmp_path)


def _matrix_text(path: Path) -> str:
    html = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    matrix = html.select_one(".area-matrix")
    assert matrix is not None
    return matrix.get_text(" ")


# ---- the sidebar -----------------------------------------------------------------------


def _folder_site(root: Path, folders: list[str]) -> Path:
    files = {f"docs/{folder}/index.md": page(folder.rsplit("/", 1)[-1].title())
             for folder in folders}
    for number, folder in enumerate(folders):
        files[f"docs/{folder}/page-{number}.md"] = page(f"Page {number} & <{folder}>")
    files["docs/top.md"] = page("Top")
    return write_site(root, files)


FOLDERS = st.lists(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3)
                   .map("/".join), min_size=1, max_size=6, unique=True)


@settings(max_examples=25, deadline=None)
@given(FOLDERS, st.randoms(use_true_random=False))
def test_a_sidebar_is_the_same_whatever_was_drawn_before_it(
        folders: list[str], order: random.Random) -> None:
    """Categories kept from earlier sidebars must not change a later one: each folder's
    sidebar equals the one a fresh drawing makes, and opens exactly the folders on the way to
    it (each shown once, in the navigation's order)."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        root = _folder_site(Path(scratch), folders)
        nav = Navigation.build(load_project(root).graph)
        shared = SidebarHtml(nav, lambda path: path)
        every = sorted(nav.categories)
        order.shuffle(every)
        for folder in every:
            html = shared.opened_to(folder)
            assert html == SidebarHtml(nav, lambda path: path).opened_to(folder)
            soup = BeautifulSoup(html, "html.parser")
            opened = {item["data-nav"] for item in soup.select("li.nav__category")
                      if item.find("details", recursive=False) is not None}
            expected = {nav.categories[f].permalink for f in nav.open_folders(folder)}
            assert opened == expected
            shown = [item["data-nav"] for item in soup.select("li[data-nav]")]
            assert len(shown) == len(set(shown))


# ---- the prerendered body ----------------------------------------------------------------


def test_citations_are_listed_in_reading_order_wherever_they_are_written(
        tmp_path: Path) -> None:
    """A citation inside a container component's text, one in a component's data and one in
    plain text: the page's own reference list follows the order a reader meets them."""
    body = (f"First [b]({REFS}#b_2021).\n\n"
            "<Collapse title=\"More\">\n\n"
            f"Inside [a]({REFS}#a_2020) and [b again]({REFS}#b_2021).\n\n"
            "</Collapse>\n")
    root = write_site(tmp_path / "site", {
        "braindiet.toml": f'bibliography = ["static/refs.bib"]\nreferences_page = "{REFS}"\n',
        "static/refs.bib": BIB,
        "docs/papers/references.md": page("References", body="<BibTexReferences />"),
        "docs/foods/kale.md": page("Kale", body=body),
    })
    out = tmp_path / "out"
    build(root, out, search=False)
    html = BeautifulSoup((out / "docs/foods/kale/index.html").read_text("utf-8"), "html.parser")
    listed = [item["data-cite"] for item in html.select(".page-references__list li")]
    assert listed == ["b_2021", "a_2020"]
    inside = html.select_one(".doc__body details")
    assert inside is not None and inside.select_one('a[data-cite="a_2020"]') is not None


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([
    "Plain text with \x00 a NUL.", "An entity &#0; written out.", "[Kale](/docs/foods/kale)",
    "[gone](/docs/foods/nowhere)", "![logo](/img/logo.png)", '<a href="/docs/foods/kale">k</a>',
    "## A heading", "<Collapse title=\"x\">\n\n[Kale](/docs/foods/kale)\n\n</Collapse>",
    "| a | b |\n|---|---|\n| [Kale](/docs/foods/kale) | 2 |",
]), min_size=1, max_size=6))
def test_every_link_of_a_body_is_filled_with_the_base_url(parts: list[str]) -> None:
    """Whatever the body holds (even NUL characters, which mark holes in the prerendered
    HTML), the page renders with every site link under the base URL, and no NUL is left."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        root = write_site(Path(scratch) / "site", {
            "braindiet.toml": 'base_url = "/base/"\n',
            "docs/foods/kale.md": page("Kale"),
            "docs/foods/leek.md": page("Leek", body="\n\n".join(parts)),
        })
        out = Path(scratch) / "out"
        build(root, out, search=False, workers=1)
        text = (out / "docs/foods/leek/index.html").read_text("utf-8")
        assert "\x00" not in text
        body = BeautifulSoup(text, "html.parser").select_one(".doc__body")
        assert body is not None
        for element in body.select("[href], [src]"):
            url = str(element.get("href") or element.get("src"))
            assert not re.match(r"/(?!base/)", url), url
        expected = sum(part.count("/docs/foods/kale") for part in parts)
        kale = [a for a in body.select("a[href]")
                if str(a["href"]).rstrip("/") == "/base/docs/foods/kale"]
        assert len(kale) == expected


def test_a_heading_inside_a_container_has_its_own_anchor(tmp_path: Path) -> None:
    """The table of contents lists the headings inside a `<Collapse>` too: each entry must
    lead to a heading of the page, and no two headings share an id."""
    body = ("## Before\n\nText.\n\n<Collapse title=\"Details\">\n\n## Inside one\n\nMore.\n\n"
            "### Inside two\n\n</Collapse>\n\n## After\n")
    root = write_site(tmp_path / "site", {"docs/foods/kale.md": page("Kale", body=body)})
    out = tmp_path / "out"
    build(root, out, search=False)
    html = BeautifulSoup((out / "docs/foods/kale/index.html").read_text("utf-8"), "html.parser")
    toc = [str(a["href"]).removeprefix("#") for a in html.select(".toc a")]
    assert toc == ["before", "inside-one", "inside-two", "after"]
    ids = [str(h["id"]) for h in html.select(".doc__body [id]")]
    assert len(ids) == len(set(ids))
    for anchor in toc:
        heading = html.find(id=anchor)
        assert heading is not None and heading.name in ("h2", "h3")
