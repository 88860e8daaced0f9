"""Food records, serving weights, recipes and declared contribution levels."""

from __future__ import annotations

from collections.abc import Iterable

from braindiet.diagnostics import Diagnostic
from braindiet.project import Project


def check_nutrition(project: Project) -> Iterable[Diagnostic]:
    return project.nutrition.diagnostics
