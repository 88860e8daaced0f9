"""Chemistry: structures from SMILES, InChI or the shipped table, checked against InChIKeys,
drawn by RDKit; and an optional, cached PubChem client to fill in missing ones."""

from braindiet.science.chemistry.compounds import (
    Compound,
    MisassignedKey,
    compound_table,
    misassigned_keys,
)
from braindiet.science.chemistry.structures import (
    INCHIKEY_PATTERN,
    Problem,
    Structure,
    StructureSource,
    draw_svg,
    inchikey_of,
    inchikey_of_inchi,
    is_inchikey,
    molecule_from_inchi,
    molecule_from_smiles,
    resolve_structure,
    structure_svg,
)

__all__ = [
    "INCHIKEY_PATTERN",
    "Compound",
    "MisassignedKey",
    "Problem",
    "Structure",
    "StructureSource",
    "compound_table",
    "draw_svg",
    "inchikey_of",
    "inchikey_of_inchi",
    "is_inchikey",
    "misassigned_keys",
    "molecule_from_inchi",
    "molecule_from_smiles",
    "resolve_structure",
    "structure_svg",
]
