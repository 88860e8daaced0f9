"""Pages parsed in forked workers are the pages one process parses: same order, same fields,
same problems, so a cold load of a large site may use both cores."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from braindiet.content import loader
from braindiet.content.document import Document
from braindiet.content.loader import load_content


def described(document: Document) -> dict[str, object]:
    return {f.name: repr(getattr(document, f.name)) for f in fields(Document)}


@pytest.mark.corpus
def test_pages_parsed_in_workers_equal_pages_parsed_here(corpus_2026_root: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(loader, "PARALLEL_FROM", 10**9)
    here = load_content(corpus_2026_root)
    monkeypatch.setattr(loader, "PARALLEL_FROM", 2)
    forked = load_content(corpus_2026_root)
    assert len(here.documents) > 400
    assert [described(d) for d in forked.documents] == [described(d) for d in here.documents]
    assert [described(d) for d in forked.standalone] == [described(d) for d in here.standalone]
    assert forked.diagnostics == here.diagnostics


def test_unchanged_pages_are_taken_from_the_earlier_load(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Only the edited page is parsed again, even when the workers parse it."""
    from tests.test_incremental_property import small_site

    monkeypatch.setattr(loader, "PARALLEL_FROM", 1)
    root = small_site(tmp_path / "site")
    first = load_content(root)
    spinach = root / "docs/foods/spinach.md"
    spinach.write_text(spinach.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    second = load_content(root, reuse=first)
    before = {d.site_path: d for d in first.documents}
    changed = [d.site_path for d in second.documents if d is not before[d.site_path]]
    assert changed == ["docs/foods/spinach.md"]
    assert "More." in next(d.body for d in second.documents if d.site_path in changed)
