"""Chemistry: structures from SMILES, InChI or the shipped table, checked against InChIKeys,
drawn by RDKit; and an optional, cached PubChem client to fill in missing ones.

The result types import nothing heavy; the functions that need RDKit load it on first use, so
a build whose structures are all cached never imports it.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from braindiet.science.chemistry.compounds import (
    Compound,
    MisassignedKey,
    compound_table,
    misassigned_keys,
)
from braindiet.science.chemistry.model import (
    INCHIKEY_PATTERN,
    Problem,
    Structure,
    StructureSource,
    is_inchikey,
)

_DRAWING = ("draw_svg", "inchikey_of", "inchikey_of_inchi", "molecule_from_inchi",
            "molecule_from_smiles", "resolve_structure", "structure_svg")


def __getattr__(name: str) -> Any:
    if name in _DRAWING:
        return getattr(import_module("braindiet.science.chemistry.structures"), name)
    raise AttributeError(name)


__all__ = [
    "INCHIKEY_PATTERN",
    "Compound",
    "MisassignedKey",
    "Problem",
    "Structure",
    "StructureSource",
    "compound_table",
    "is_inchikey",
    "misassigned_keys",
    *_DRAWING,
]
