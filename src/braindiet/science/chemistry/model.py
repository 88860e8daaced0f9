"""What a structure look-up yields, as plain data: readable (and unpickled from the cache)
without importing RDKit."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from braindiet.diagnostics import Diagnostic, Severity

INCHIKEY_PATTERN = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")


class StructureSource(StrEnum):
    SMILES = "smiles"  # the page's `smiles:`
    INCHI = "inchi"  # the page's `inchi:`
    TABLE = "table"  # braindiet's compound table
    IMAGE = "image"  # the page's `inchi_image` file, shown as it is


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding about one page's chemistry; `field` is the front-matter key it concerns."""

    severity: Severity
    code: str
    message: str
    field: str | None = None
    hint: str | None = None

    def to_diagnostic(self, file: str | Path | None, line: int | None) -> Diagnostic:
        return Diagnostic(self.severity, self.code, self.message,
                          None if file is None else Path(file).as_posix(), line, self.hint)


@dataclass(frozen=True, slots=True)
class Structure:
    """What can be shown for a substance. `svg` is None unless RDKit drew a verified structure."""

    name: str
    inchikey: str | None  # as written on the page
    source: StructureSource | None = None
    smiles: str | None = None  # canonical isomeric SMILES of what is drawn
    inchi: str | None = None  # standard InChI of what is drawn
    computed_inchikey: str | None = None
    formula: str | None = None  # Hill formula, with charge ("C2H3O2-")
    molecular_weight: float | None = None  # average, g/mol
    svg: str | None = None
    image_path: Path | None = None  # set when source is IMAGE
    problems: tuple[Problem, ...] = ()

    @property
    def drawn(self) -> bool:
        return self.svg is not None

    @property
    def weight_text(self) -> str | None:
        return None if self.molecular_weight is None else f"{self.molecular_weight:.2f} g/mol"

    def diagnostics(self, file: str | Path,
                    line_of: Callable[[str], int | None]) -> list[Diagnostic]:
        """The problems as diagnostics; `line_of(key)` gives a front-matter key's file line
        (e.g. `Document.line_of`)."""
        return [problem.to_diagnostic(file, line_of(problem.field) if problem.field else None)
                for problem in self.problems]



def is_inchikey(value: object) -> bool:
    """True for a string of standard InChIKey form (14-10-1 upper-case letters)."""
    return isinstance(value, str) and INCHIKEY_PATTERN.match(value) is not None
