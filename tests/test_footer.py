"""The footer claims only what is true of the build it is in (issue 14, item 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.conftest import page, write_site

from braindiet.site.build import build

REFS = "/docs/papers/BRAIN-Diet-References"
FALSE_CLAIM = "every citation to the bibliography"


def _bib(*keys: str) -> str:
    return "".join(f"@article{{{key},\n  title = {{Title of {key}}},\n  author = {{Doe, Jane}},\n"
                   f"  journal = {{J}},\n  year = {{2020}},\n}}\n" for key in keys)


def _footer(out: Path, path: str = "index.html") -> str:
    html = BeautifulSoup((out / path).read_text("utf-8"), "html.parser")
    footer = html.select_one("footer.footer .footer__small")
    assert footer is not None
    return " ".join(footer.get_text().split())


def _site(root: Path, cited: list[str], in_bib: list[str]) -> Path:
    body = ", ".join(f"[{key}]({REFS}#{key})" for key in cited)
    return write_site(root, {
        "static/bibtex/BRAIN-diet.bib": _bib(*in_bib),
        "docs/papers/BRAIN-Diet-References.md": "---\ntitle: Refs\n---\n<BibTexReferences />\n",
        "docs/foods/kale.md": page("Kale", body=body or "Leafy."),
        "docs/foods/leek.md": page("Leek", body=f"[a]({REFS}#a_2020)" if cited else "Mild."),
    })


def test_a_site_with_a_missing_key_says_how_many_references_are_found(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(_site(tmp_path / "src", ["a_2020", "b_2020", "x_1999"], ["a_2020", "b_2020"]), out)
    footer = _footer(out)
    assert "2 of 3 cited references are in the bibliography" in footer
    assert FALSE_CLAIM not in footer.casefold()
    assert _footer(out, "docs/foods/kale/index.html") == footer  # the same on every page


def test_a_site_whose_citations_all_resolve_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(_site(tmp_path / "src", ["a_2020", "b_2020"], ["a_2020", "b_2020", "c_2020"]), out)
    assert "All 2 cited references are in the bibliography." in _footer(out)


def test_a_site_with_nothing_to_count_claims_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(_site(tmp_path / "src", [], ["a_2020"]), out)
    assert _footer(out) == "Built with braindiet."


def test_food_figures_are_counted_by_the_pages_that_name_a_record(tmp_path: Path) -> None:
    root = _site(tmp_path / "src", [], [])
    write_site(root, {"docs/foods/spinach.md": page("Spinach", "Food", nutrition_source={
        "dataset": "USDA FDC SR Legacy", "record": "Spinach, raw"})})
    out = tmp_path / "out"
    build(root, out)
    assert "Nutrient figures of 1 food page come from the composition records they name" in \
        _footer(out)


@pytest.mark.corpus
def test_the_december_corpus_footer_counts_its_56_missing_keys(corpus_site: Path) -> None:
    footer = _footer(corpus_site)
    found = re.search(r"(\d+) of (\d+) cited references are in the bibliography", footer)
    assert found is not None, footer
    assert int(found.group(2)) - int(found.group(1)) == 56  # the corpus README's figure
    assert FALSE_CLAIM not in footer.casefold()
