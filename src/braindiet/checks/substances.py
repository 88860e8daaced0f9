"""Substance pages: each structure verified against the InChIKey the page claims."""

from __future__ import annotations

from collections.abc import Iterator

from braindiet.diagnostics import Diagnostic
from braindiet.project import Project


def check_structures(project: Project) -> Iterator[Diagnostic]:
    for document, structure in project.structures.items():
        yield from structure.diagnostics(document.site_path, document.line_of)
