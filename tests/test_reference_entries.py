"""After an edit to one bibliography entry, only that entry goes through citeproc again."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from braindiet import references
from braindiet.science.bibliography import apa
from braindiet.science.bibliography.apa import format_bibliography

FIXTURE = Path(__file__).parent / "fixtures" / "bib" / "kinds.bib"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles citeproc is asked to render, in this process."""
    calls: list[str] = []
    render_one = apa._render_one

    def counting(style: Any, item: Any) -> tuple[str, str]:
        calls.append(str(item.reference["title"]))
        return render_one(style, item)

    monkeypatch.setattr(apa, "_render_one", counting)
    monkeypatch.setattr(apa, "PARALLEL_FROM", 10**6)  # in this process, where it is counted
    return calls


def _site(tmp_path: Path) -> tuple[Path, Path]:
    bib = tmp_path / "site" / "static" / "refs.bib"
    bib.parent.mkdir(parents=True)
    shutil.copy(FIXTURE, bib)
    return tmp_path / "site", bib


def _format(root: Path, bib: Path) -> dict[str, str]:
    return references.formatted(root, [bib], references.parsed(root, [bib])).html


def test_an_edited_entry_is_the_only_one_rendered_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rendered: list[str]) -> None:
    monkeypatch.setenv("BRAINDIET_CACHE", str(tmp_path / "cache"))
    root, bib = _site(tmp_path)
    first = _format(root, bib)
    assert len(rendered) >= 4  # the entries with authors or editors
    rendered.clear()
    bib.write_text(bib.read_text("utf-8").replace("Zinc and attention", "Zinc and focus"),
                   "utf-8")
    edited = _format(root, bib)
    assert rendered == ["Zinc and focus"]
    assert "Zinc and focus" in edited["chapter_2021"]
    assert {k: v for k, v in edited.items() if k != "chapter_2021"} == \
        {k: v for k, v in first.items() if k != "chapter_2021"}


@settings(max_examples=15, deadline=None)
@given(title=st.text(alphabet="abcdefgh ,:?", min_size=3, max_size=30).filter(str.strip))
def test_reused_entries_read_as_a_fresh_formatting(
        tmp_path_factory: pytest.TempPathFactory, title: str) -> None:
    folder = tmp_path_factory.mktemp("entries")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRAINDIET_CACHE", str(folder / "cache"))
        root, bib = _site(folder)
        _format(root, bib)  # fills the per-entry store
        bib.write_text(bib.read_text("utf-8").replace("Zinc and attention", title), "utf-8")
        reused = _format(root, bib)
    fresh = format_bibliography(references.parsed(root, [bib]), cache={}).html
    assert reused == fresh
