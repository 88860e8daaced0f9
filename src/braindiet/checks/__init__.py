"""`braindiet check`: every problem in a site, from YAML syntax to a citation with no entry.

Loading already reports what it meets (YAML, schema, tags, mechanisms, bibliography); the
checks here look across pages. Each check is a function `(project) -> diagnostics`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from braindiet.checks import components, html, nutrition, references, substances
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
)


def run_checks(project: Project) -> list[Diagnostic]:
    found: dict[Diagnostic, None] = dict.fromkeys(project.diagnostics)
    for check in CHECKS:
        found.update(dict.fromkeys(check(project)))
    return sorted(found, key=Diagnostic.sort_key)
