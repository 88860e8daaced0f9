"""`braindiet check`: every problem in a site, from YAML syntax to a citation with no entry.

Loading already reports what it meets (YAML, schema, tags, mechanisms, bibliography); the
checks here look across pages. Each check is a function `(project) -> diagnostics`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from braindiet import progress
from braindiet.checks import (
    components,
    html,
    mechanisms,
    nutrition,
    redirects,
    references,
    registry,
    substances,
)
from braindiet.checks.permalinks import check_permalinks
from braindiet.content.ledger import LEDGER_PATH, Ledger
from braindiet.diagnostics import Diagnostic
from braindiet.project import Project

Check = Callable[[Project], Iterable[Diagnostic]]

CHECKS: tuple[Check, ...] = (
    references.check_links,
    references.check_citations,
    references.check_images,
    components.check_components,
    substances.check_structures,
    nutrition.check_nutrition,
    html.check_body_html,
    redirects.check_redirects,
    mechanisms.check_ids,
    mechanisms.check_parents,
    mechanisms.check_required,
    mechanisms.check_links,
    mechanisms.check_coverage,
    mechanisms.check_dependencies,
    mechanisms.check_hub_folders,
    registry.check_registry,
    registry.check_phenome_details,
    registry.check_phenome_rows,
    registry.check_generated_areas,
)


def run_checks(project: Project, since: Path | None = None) -> list[Diagnostic]:
    """Every problem; with `since` (a folder a production build wrote), also the pages whose
    URL changed since that build without a redirect."""
    found: dict[Diagnostic, None] = dict.fromkeys(project.diagnostics)
    for check in progress.track(CHECKS, "checks"):
        found.update(dict.fromkeys(check(project)))
    ledger = Ledger.read(since / LEDGER_PATH) if since is not None else None
    if ledger is not None and since is not None:
        found.update(dict.fromkeys(check_permalinks(project, ledger, str(since / LEDGER_PATH))))
    return sorted(found, key=Diagnostic.sort_key)
