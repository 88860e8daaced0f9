"""`sanitize = true` on the real knowledge bases: it must remove nothing their pages use."""

from __future__ import annotations

import os
from html.parser import HTMLParser

import nh3
import pytest
from tests.conftest import PROJECT_ROOT

from braindiet.checks import run_checks
from braindiet.project import load_project
from braindiet.render.markdown import render_body
from braindiet.render.sanitize import sanitize
from braindiet.site.build import prepare

CORPORA = PROJECT_ROOT.parent / "shared" / "corpus"


class _Markup(HTMLParser):
    """Every tag, attribute and URL scheme a fragment uses."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    handle_startendtag = handle_starttag


def as_parsed(html: str) -> str:
    """`html` re-serialised by the same parser with nothing removed: the baseline to compare."""
    markup = _Markup()
    markup.feed(html)
    return nh3.clean(html, tags=markup.tags, attributes={"*": markup.attributes},
                     clean_content_tags=set(), url_schemes={"http", "https", "mailto", "tel"},
                     strip_comments=False, link_rel=None)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["brain-diet-2025-12", "brain-diet-2026-08"])
def test_sanitize_removes_nothing_the_corpora_use(name: str) -> None:
    root = CORPORA / name
    if not (root / "docs").is_dir():
        if os.environ.get("BRAINDIET_REQUIRE_CORPUS") == "1":
            pytest.fail(f"corpus required but not found at {root}")
        pytest.skip(f"corpus not found at {root}")
    project = load_project(root)
    diagnostics = run_checks(project)
    assert not [d for d in diagnostics if d.code.startswith("html-")]  # nothing active there
    site = prepare(project, diagnostics)
    changed = []
    for document in project.documents:
        html = str(render_body(site.ctx, document).html)
        if sanitize(html) != as_parsed(html):
            changed.append(document.site_path)
    assert changed == [] and len(project.documents) > 250
