"""Evidence you can follow: formatted references, resolved citations, cited-by, `refs`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from braindiet.cli import app

MAGNESIUM = "docs/substances/nutrients/micronutrients/minerals/macro/magnesium/index.html"
REFERENCES = "docs/papers/BRAIN-Diet-References/index.html"
CLERC = ("Clerc, P., Young, C. A., Bordt, E. A., Grigore, A. M., Fiskum, G., & Polster, B. M. "
         "(2013). Magnesium sulfate protects against the bioenergetic consequences of chronic "
         "glutamate receptor stimulation. PLoS ONE, 8(11), e79982. "
         "https://doi.org/10.1371/journal.pone.0079982")


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def check_clerc(site: Path) -> None:
    references = soup(site, REFERENCES)
    entry = references.select_one("li.reference#clerc_magnesium_2013")
    assert entry is not None
    assert entry.select_one(".reference__text").get_text() == CLERC
    doi = entry.select_one('a[href="https://doi.org/10.1371/journal.pone.0079982"]')
    assert doi is not None
    cited_by = [a["href"] for a in entry.select(".reference__cited-by a")]
    assert "/docs/substances/nutrients/micronutrients/minerals/macro/magnesium/" in cited_by
    magnesium = soup(site, MAGNESIUM)
    citation = magnesium.select_one('a.citation[data-cite="clerc_magnesium_2013"]')
    assert citation is not None and citation.get_text() == "Clerc et al. 2013"
    assert citation["href"] == "/docs/papers/BRAIN-Diet-References/#clerc_magnesium_2013"
    own = magnesium.select_one(".page-references li#ref-clerc_magnesium_2013")
    assert own is not None and own.select_one(".reference__text").get_text() == CLERC


def test_example_citation_resolves_both_ways(example_site: Path) -> None:
    check_clerc(example_site)


def test_page_reference_list_follows_first_appearance(tmp_path: Path) -> None:
    from tests.conftest import page, write_site

    from braindiet.site.build import build

    refs = "/docs/papers/BRAIN-Diet-References"
    bib = "".join(f"@article{{{key},\n  title = {{{title}}},\n  author = {{Doe, Jane}},\n"
                  f"  journal = {{J}},\n  year = {{2020}},\n}}\n"
                  for key, title in (("a_2020", "Alpha"), ("b_2020", "Beta")))
    root = write_site(tmp_path / "src", {
        "static/bibtex/BRAIN-diet.bib": bib,
        "docs/papers/BRAIN-Diet-References.md": "---\ntitle: Refs\n---\n<BibTexReferences />\n",
        "docs/foods/kale.md": page("Kale", body=f"[B]({refs}#b_2020), [A]({refs}#a_2020), "
                                                 f"[B again]({refs}#b_2020), [X]({refs}#x_1999)"),
    })
    build(root, tmp_path / "out")
    kale = soup(tmp_path / "out", "docs/foods/kale/index.html")
    keys = [li["data-cite"] for li in kale.select(".page-references li")]
    assert keys == ["b_2020", "a_2020", "x_1999"]
    missing = kale.select_one('span.citation.unresolved[data-cite="x_1999"]')
    assert missing is not None and "not in the bibliography" in missing["title"]
    assert missing.get_text() == "X" and not kale.select('a[href*="#x_1999"]')
    assert "reference--missing" in kale.select_one("li#ref-x_1999")["class"]


def test_refs_command_counts_and_lists(tmp_path: Path) -> None:
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["refs", "--format", "json"]).stdout)
    clerc = next(r for r in data if r["key"] == "clerc_magnesium_2013")
    assert clerc["citations"] >= 2 and clerc["pages"] >= 2
    unused = json.loads(runner.invoke(app, ["refs", "--unused", "--format", "json"]).stdout)
    assert unused == []  # the example cites every entry it lists
    missing = json.loads(runner.invoke(app, ["refs", "--missing", "--format", "json"]).stdout)
    assert missing == []


@pytest.mark.corpus
def test_corpus_bibliography_on_the_site(corpus_site: Path) -> None:
    references = soup(corpus_site, REFERENCES)
    entries = references.select("li.reference")
    assert len(entries) == 659
    assert all(e.select_one(".reference__text").get_text(strip=True) for e in entries)
    dates = [re.search(r"\((\d{4}|n\.d\.)", e.get_text()) for e in entries]
    years = [int(m.group(1)) for m in dates if m and m.group(1).isdigit()]
    assert len(years) > 600 and years == sorted(years, reverse=True)  # sortBy="year" desc
    check_clerc(corpus_site)


@pytest.mark.corpus
def test_corpus_refs_missing_lists_every_place(corpus_root: Path) -> None:
    result = CliRunner().invoke(app, ["refs", str(corpus_root), "--missing", "--format", "json"])
    rows = json.loads(result.stdout)
    assert len({r["key"] for r in rows}) == 56 and len(rows) == 90
    first = rows[0]
    line = (corpus_root / first["file"]).read_text().splitlines()[first["line"] - 1]
    assert f"#{first['key']}" in line
    unused = json.loads(CliRunner().invoke(app, ["refs", str(corpus_root), "--unused",
                                                 "--format", "json"]).stdout)
    assert all(r["citations"] == 0 for r in unused) and len(unused) > 100


@pytest.mark.corpus
def test_corpus_citations_link_only_to_anchors_that_exist(corpus_site: Path) -> None:
    """The 56 keys missing from the .bib are drawn broken, and none is a link to nowhere."""
    anchors = {tag["id"] for tag in soup(corpus_site, REFERENCES).select("[id]")}
    unresolved: set[str] = set()
    for path in (corpus_site / "docs").rglob("index.html"):
        html = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for link in html.select("a.citation[href]"):
            assert link["href"].rpartition("#")[2] in anchors, (path, link)
        unresolved |= {span["data-cite"] for span in html.select("span.citation.unresolved")}
        assert not html.select("a.citation.unresolved")
    assert len(unresolved) == 56
