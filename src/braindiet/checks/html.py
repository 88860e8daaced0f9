"""Raw HTML in page bodies that runs code: scripts, event handlers, `javascript:` links.

Bodies come from the site's own authors, so such HTML is published as written by default; but
an author (or a reviewer of an outside contribution) should know it is there. With
`sanitize = true` in braindiet.toml the build removes it, and the warning says so.
"""

from __future__ import annotations

from collections.abc import Iterator

from braindiet.diagnostics import Diagnostic, warning
from braindiet.project import Project


def check_body_html(project: Project) -> Iterator[Diagnostic]:
    """Each piece of raw HTML that runs code, as loading found it (`BodyOutline.active_html`)."""
    removed = project.config.sanitize
    outcome = "removed from the page (sanitize = true)" if removed else \
        "published as written; set sanitize = true in braindiet.toml to remove it"
    for document in project.documents:
        for found in document.outline.active_html:
            yield warning(found.code, f"the body holds {found.what}, which runs code in the "
                          f"reader's browser: {outcome}", document.site_path, found.line)
