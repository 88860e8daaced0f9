"""Random series of edits on a small site: after each, the live folder equals a clean build.

Hypothesis draws the edits an author makes — body text, links between pages, slug and id
changes, renames, deletions, new pages, tags, tags.yml, braindiet.toml, the .bib, static files
— and every state the dev server reaches is compared byte for byte with a full build of the
same sources. Seeded (`derandomize`), so a failure reproduces.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import page, write_site
from tests.test_incremental import tree

from braindiet.site.build import build
from braindiet.site.incremental import LiveSite

REFS = "/docs/papers/references"
PAGES = {
    "foods/almonds.md": "Almonds",
    "foods/spinach.md": "Spinach",
    "substances/magnesium.md": "Magnesium",
    "recipes/salad.md": "Green Salad",
    "biological-targets/energy.md": "Energy Metabolism",
    "therapeutic-areas/adhd.md": "ADHD",
}
BIB = """@article{clerc_magnesium_2013,
  author = {Clerc, Pascaline and Polster, Brian M.},
  title = {Magnesium Sulfate Protects Against the Bioenergetic Consequences},
  journal = {PLoS ONE}, year = {2013}, volume = {8}, pages = {e79982},
  doi = {10.1371/journal.pone.0079982},
}
"""


def small_site(root: Path) -> Path:
    return write_site(root, {
        "braindiet.toml": 'title = "Small"\nbibliography = ["static/refs.bib"]\n'
                          f'references_page = "{REFS}"\n',
        "docs/tags.yml": "Vegan:\n  label: Vegan\n  permalink: /docs/tags/vegan\n",
        "docs/foods/almonds.md": page("Almonds", "Food", "Magnesium", "Vegan",
                                      body="<FoodSubstances details={frontMatter} />"),
        "docs/foods/spinach.md": page("Spinach", "Food", "Magnesium",
                                      body="Leafy. See [almonds](./almonds.md)."),
        "docs/substances/magnesium.md": page(
            "Magnesium", "Substance", "Magnesium", "Energy Metabolism",
            mechanisms={"Energy Metabolism": "Cofactor of ATP."},
            body=f"Cited [Clerc 2013]({REFS}#clerc_magnesium_2013).\n\n"
                 "<SubstanceFoods tag=\"Magnesium\" />\n\n<SubstanceMatrix tag=\"Magnesium\" />"),
        "docs/recipes/salad.md": page("Green Salad", "Recipe", "Spinach", "Almonds",
                                      body="<RecipeFoods details={frontMatter} />"),
        "docs/biological-targets/energy.md": page("Energy Metabolism", "Biological Target",
                                                  "ADHD"),
        "docs/therapeutic-areas/adhd.md": page(
            "ADHD", "Therapeutic Area", body="<TherapeuticAreaMatrix tag=\"ADHD\" />"),
        "docs/papers/references.md": page("References", body="<BibTexReferences />"),
        "static/refs.bib": BIB,
        "static/img/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })


Edit = Callable[[Path], None]


def _existing(root: Path, relative: str) -> Path | None:
    path = root / "docs" / relative
    return path if path.is_file() else None


def _append(relative: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        if (path := _existing(root, relative)) is not None:
            path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    return edit


def _front(relative: str, line: str) -> Edit:
    """Add a front-matter line (a later duplicate key replaces an earlier one's effect)."""
    def edit(root: Path) -> None:
        if (path := _existing(root, relative)) is not None:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("---\n", f"---\n{line}\n", 1), encoding="utf-8")
    return edit


def _rename(relative: str, to: str) -> Edit:
    def edit(root: Path) -> None:
        if (path := _existing(root, relative)) is not None and not (root / "docs" / to).exists():
            (root / "docs" / to).parent.mkdir(parents=True, exist_ok=True)
            path.rename(root / "docs" / to)
    return edit


def _delete(relative: str) -> Edit:
    def edit(root: Path) -> None:
        if (path := _existing(root, relative)) is not None:
            path.unlink()
    return edit


def _write(relative: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return edit


def _replace(relative: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        if path.is_file():
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return edit


def _redirect(source: str, target: str) -> Edit:
    """Set the one redirect of braindiet.toml's [redirects] table."""
    def edit(root: Path) -> None:
        path = root / "braindiet.toml"
        text = path.read_text(encoding="utf-8").split("[redirects]")[0]
        path.write_text(f'{text}[redirects]\n"{source}" = "{target}"\n', encoding="utf-8")
    return edit


files = st.sampled_from(sorted(PAGES))
names = st.sampled_from([*sorted(PAGES.values()), "Iron", "Vegan", "Nobody"])
words = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(str.strip).filter(bool)
slugs = st.sampled_from(["almond-nuts", "x", "renamed", "deep/path", "/docs/custom"])


def _link(source: str, target: str, absolute: bool) -> Edit:
    if absolute:
        return _append(source, f"[link](/docs/{target.removesuffix('.md')})")
    depth = source.count("/")
    return _append(source, f"[link]({'../' * depth}{target})")


edits = st.one_of(
    st.builds(lambda f, w: _append(f, w), files, words),
    st.builds(_link, files, files, st.booleans()),
    st.builds(lambda f, s: _front(f, f"slug: {s}"), files, slugs),
    st.builds(lambda f, w: _front(f, f"id: {w.replace(' ', '-')}"), files, words),
    st.builds(lambda f, w: _front(f, f"title: {w}"), files, words),
    st.builds(lambda f, n: _replace(f"docs/{f}", "tags:\n", f"tags:\n- {n}\n"), files, names),
    st.builds(lambda f, n: _replace(f"docs/{f}", f"- {n}\n", ""), files, names),
    st.builds(lambda f: _rename(f, f"foods/moved-{Path(f).name}"), files),
    st.builds(lambda f: _rename(f, f"elsewhere/{Path(f).name}"), files),
    st.builds(_delete, files),
    st.builds(lambda n, w: _write(f"docs/foods/{w.replace(' ', '-')}.md",
                                  page(w, "Food", n)), names, words),
    st.builds(lambda w: _replace("docs/tags.yml", "label: Vegan", f"label: {w}"), words),
    st.builds(lambda w: _replace("braindiet.toml", 'title = "Small"', f'title = "{w}"'), words),
    st.builds(lambda w: _replace("static/refs.bib", "Magnesium Sulfate", w), words),
    st.just(_replace("static/refs.bib", "@article{clerc_magnesium_2013",
                     "@article{other_2001,\n title={Other}, author={A, B}, year={2001}}\n\n"
                     "@article{clerc_magnesium_2013")),
    st.builds(lambda w: _write(f"static/img/{w.replace(' ', '-')}.txt", w), words),
    st.builds(lambda f: _front(f, "draft: true"), files),
    st.builds(lambda f: _front(f, "hide_title: true"), files),
    st.builds(lambda d, w, p: _write(f"docs/{d}/_category_.json",
                                     f'{{"label": "{w}", "position": {p}}}'),
              st.sampled_from(["foods", "substances", "elsewhere"]), words,
              st.integers(1, 3)),
    st.builds(lambda d, f: _write(f"docs/{d}/_category_.json", '{"link": {"type": "doc", '
                                  f'"id": "{f.removesuffix(".md")}"}}}}'),
              st.sampled_from(["foods", "recipes"]), files),
    st.builds(lambda f: _redirect("/docs/old", f"/docs/{f.removesuffix('.md')}"), files),
    st.just(lambda root: (root / "static/img/logo.svg").unlink(missing_ok=True)),
)


def assert_matches_full_build(live: LiveSite, scratch: Path) -> None:
    reference = scratch / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    build(live.root, reference, dev=live.dev, search=False, workers=1)
    got, want = tree(live.output), tree(reference)
    assert sorted(got) == sorted(want), set(got) ^ set(want)
    assert [path for path in want if got[path] != want[path]] == []


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(edits, min_size=1, max_size=4))
def test_random_edit_series_match_full_builds(series: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        live = LiveSite(small_site(scratch / "site"), scratch / "live", search=False)
        for edit in series:
            edit(live.root)
            live.rebuild()
            assert_matches_full_build(live, scratch)


def test_a_new_slug_reaches_the_pages_linking_to_it(tmp_path: Path) -> None:
    """The stale-page bug: a link to `../foods/almonds.md` must follow almonds' new slug."""
    from braindiet.project import example_site

    root = tmp_path / "site"
    shutil.copytree(example_site(), root)
    adhd = root / "docs/therapeutic-areas/ADHD.md"
    adhd.write_text(adhd.read_text(encoding="utf-8") + "\n[almonds](../foods/almonds.md)\n",
                    encoding="utf-8")
    live = LiveSite(root, tmp_path / "live", search=False)
    served = live.output / "docs/therapeutic-areas/adhd/index.html"
    assert 'href="/docs/foods/almonds/"' in served.read_text(encoding="utf-8")
    almonds = root / "docs/foods/almonds.md"
    almonds.write_text(almonds.read_text(encoding="utf-8").replace(
        "id: almonds\n", "id: almonds\nslug: almond-nuts\n"), encoding="utf-8")
    live.rebuild()
    html = served.read_text(encoding="utf-8")
    assert 'href="/docs/foods/almond-nuts/"' in html
    assert 'href="/docs/foods/almonds/"' not in html
    assert_matches_full_build(live, tmp_path)


@pytest.mark.parametrize("kind", ["unregistered family", "key outside its fingerprint"])
def test_a_read_no_fingerprint_covers_fails_loudly(kind: str, tmp_path: Path) -> None:
    from braindiet.dependencies import Family, Snapshot, UnfingerprintedRead, recording

    snapshot = Snapshot({"label:/docs/a": "x"})
    with recording() as reads:
        if kind == "unregistered family":
            Family("nowhere", object, lambda _: {}).read("x")  # never registered
        else:
            from braindiet.graph.knowledge import LABEL

            LABEL.read("/docs/missing")
    with pytest.raises(UnfingerprintedRead):
        snapshot.verify(reads, "some/file.html")
