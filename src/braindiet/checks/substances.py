"""Substance pages: identifiers that can be checked without drawing anything."""

from __future__ import annotations

import re
from collections.abc import Iterator

from braindiet.content.schema import SubstanceMeta
from braindiet.diagnostics import Diagnostic, error
from braindiet.project import Project

INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")


def check_inchikeys(project: Project) -> Iterator[Diagnostic]:
    for document in project.documents:
        meta = document.meta
        if isinstance(meta, SubstanceMeta) and meta.inchikey is not None \
                and not INCHIKEY.match(meta.inchikey.strip()):
            yield error("inchikey-malformed",
                        f"{meta.inchikey!r} is not an InChIKey (14-10-1 upper-case letters)",
                        document.site_path, document.line_of("inchikey"))
