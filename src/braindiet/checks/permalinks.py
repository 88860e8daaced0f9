"""Pages whose URL changed since the last recorded build, with no redirect from the old URL.

The ledger (`content/ledger.py`) of the last production build remembers each page's URLs;
a page found under a new URL whose old one now leads nowhere is a broken bookmark, a dead
search result and a dead link from other sites. `check` names the line to add.
"""

from __future__ import annotations

from collections.abc import Iterator

from braindiet.checks.redirects import served_paths
from braindiet.config import CONFIG_FILE
from braindiet.content.ledger import Ledger
from braindiet.diagnostics import Diagnostic, warning
from braindiet.project import Project


def check_permalinks(project: Project, ledger: Ledger, recorded: str) -> Iterator[Diagnostic]:
    """`recorded` names where the ledger was read, for the message."""
    covered = served_paths(project) | {r.source for r in project.redirects}
    pages = [*project.documents, *project.standalone]
    for document, old in ledger.moves(pages):
        if old in covered:
            continue
        line = document.line_of("slug") or document.line_of("id") or \
            document.front.start_line or None
        yield warning(
            "permalink-changed", f"the URL changed from {old} to {document.permalink} since "
            f"the last recorded build ({recorded}), and nothing leads from the old URL",
            document.site_path, line,
            hint=f'add to {CONFIG_FILE}, under [redirects]: "{old}" = "{document.permalink}"')
