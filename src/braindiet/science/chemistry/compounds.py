"""The compound table shipped with braindiet, and the InChIKeys known to name something else.

`compounds.csv` is the source of truth for structures a page does not state itself: one row per
compound (name, InChIKey, SMILES or InChI, note). Every row must reproduce its InChIKey exactly
when RDKit computes it; the test suite checks each one, and a row that does not is removed
rather than forced.

`misassigned.csv` lists InChIKeys found on real pages that encode a different compound than the
page is about (a salt, an isomer, or an unrelated molecule). Each row carries the SMILES of what
the key actually encodes, so the claim is checkable the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import TypeVar

COMPOUNDS_FILE = "compounds.csv"
MISASSIGNED_FILE = "misassigned.csv"


@dataclass(frozen=True, slots=True)
class Compound:
    name: str
    inchikey: str
    smiles: str | None = None
    inchi: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class MisassignedKey:
    inchikey: str
    encodes: str  # what the key really is
    smiles: str  # its structure, so the claim can be verified
    used_for: str  # the compound pages mistakenly give it to
    correct_inchikey: str | None = None  # the key of `used_for`, when known


_Row = TypeVar("_Row", Compound, MisassignedKey)


def parse_compounds(text: str) -> list[Compound]:
    """Rows of a compound table; a row needs a name, a key and a SMILES or an InChI."""
    compounds: list[Compound] = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        name, key = _cell(row, "name"), _cell(row, "inchikey")
        smiles, inchi = _cell(row, "smiles"), _cell(row, "inchi")
        if not name or not key or not (smiles or inchi):
            raise ValueError(f"compound table line {number}: name, inchikey and a SMILES or "
                             "InChI are required")
        compounds.append(Compound(name, key, smiles or None, inchi or None,
                                  _cell(row, "note")))
    return compounds


def parse_misassigned(text: str) -> list[MisassignedKey]:
    rows: list[MisassignedKey] = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        key, encodes, smiles = _cell(row, "inchikey"), _cell(row, "encodes"), _cell(row, "smiles")
        if not key or not encodes or not smiles:
            raise ValueError(f"misassigned table line {number}: inchikey, encodes and smiles "
                             "are required")
        rows.append(MisassignedKey(key, encodes, smiles, _cell(row, "used_for"),
                                   _cell(row, "correct_inchikey") or None))
    return rows


@cache
def compound_table() -> Mapping[str, Compound]:
    """The shipped table, keyed by InChIKey."""
    return MappingProxyType(_index(parse_compounds(_package_text(COMPOUNDS_FILE)), "compound"))


@cache
def misassigned_keys() -> Mapping[str, MisassignedKey]:
    """InChIKeys known to encode another compound than the one pages use them for."""
    return MappingProxyType(_index(parse_misassigned(_package_text(MISASSIGNED_FILE)),
                                   "misassigned"))


def _index(rows: list[_Row], table: str) -> dict[str, _Row]:
    indexed: dict[str, _Row] = {}
    for row in rows:
        if row.inchikey in indexed:
            raise ValueError(f"{table} table lists {row.inchikey} twice")
        indexed[row.inchikey] = row
    return indexed


def _package_text(name: str) -> str:
    return (resources.files(__package__) / name).read_text(encoding="utf-8")


def _cell(row: dict[str, str | None], column: str) -> str:
    return (row.get(column) or "").strip()
