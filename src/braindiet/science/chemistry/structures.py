"""A substance's chemical structure: where it comes from, whether it is right, and its drawing.

Sources, in order: the page's own `smiles` or `inchi`; the compound table shipped with
braindiet (looked up by InChIKey); an existing `inchi_image` file. The page's InChIKey is the
identity claim everything is checked against: a structure that does not reproduce it is not
drawn, because one of the two is false and nothing false is published.

Everything here is a pure function of plain values. Problems are returned, never raised, as
`Problem`s naming the front-matter key they are about; the caller knows the file and line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdkit import Chem
from rdkit.Chem import Descriptors, rdDepictor, rdMolDescriptors
from rdkit.Chem.Draw import rdMolDraw2D
from rdkit.rdBase import BlockLogs

from braindiet.diagnostics import Severity
from braindiet.science.chemistry.compounds import compound_table, misassigned_keys
from braindiet.science.chemistry.model import (
    Problem,
    Structure,
    StructureSource,
    is_inchikey,
)

RESOLVE_HINT = ("run `braindiet chem resolve --write` to fetch its InChI from PubChem, "
                "or add `smiles:` or `inchi:` to the front matter")

# Drawing style: one scale for every structure (bond length in px) so pages look alike, and no
# colour at all: every stroke and glyph uses `currentColor`, so the drawing takes the text
# colour of the page and reads on light and dark themes alike. The background is transparent.
BOND_LENGTH_PX = 25.0
MIN_CANVAS_PX = (120, 80)  # a lone atom (Mg) would otherwise get a 20 px drawing
_INK = "#000000"


@dataclass(frozen=True, slots=True)
class _Candidate:
    mol: Chem.Mol
    source: StructureSource
    inchikey: str


def molecule_from_smiles(smiles: str) -> Chem.Mol | None:
    with BlockLogs():
        return Chem.MolFromSmiles(smiles) if smiles.strip() else None


def molecule_from_inchi(inchi: str) -> Chem.Mol | None:
    with BlockLogs():
        return Chem.MolFromInchi(inchi.strip()) if inchi.strip() else None


def inchikey_of_inchi(inchi: str) -> str | None:
    """The key of an InChI string as the InChI library computes it (None if it is not one)."""
    with BlockLogs():
        key = Chem.InchiToInchiKey(inchi.strip())
    return key or None


def inchikey_of(mol: Chem.Mol) -> str | None:
    with BlockLogs():
        return Chem.MolToInchiKey(mol) or None


def resolve_structure(name: str, inchikey: object = None, smiles: object = None,
                      inchi: object = None, image_path: Path | None = None, *,
                      draw: bool = True) -> Structure:
    """Find, verify and draw a substance's structure from the page's values.

    `image_path` is the `inchi_image` file on disk (used only when it exists and nothing better
    does). With `draw=False` everything but the SVG is computed.
    """
    problems: list[Problem] = []
    key = _checked_key(inchikey, problems)
    page = _page_structure(smiles, inchi, problems)
    if page is not None:
        return _from_page(name, key, inchikey, page, problems, draw)
    if key is not None and key in misassigned_keys():
        problems.extend(_misassigned(name, key))
        return Structure(name, key, problems=tuple(problems))
    compound = compound_table().get(key) if key is not None else None
    if compound is not None:
        mol = _compound_molecule(compound.smiles, compound.inchi)
        computed = inchikey_of(mol) if mol is not None else None
        if mol is not None and computed is not None and computed == key:
            return _drawn(name, key, _Candidate(mol, StructureSource.TABLE, computed), problems,
                          draw)
    if key is not None and smiles is None and inchi is None:
        problems.append(_missing(name, key, image_path))
    if image_path is not None and image_path.is_file():
        return Structure(name, key, StructureSource.IMAGE, image_path=image_path,
                         problems=tuple(problems))
    return Structure(name, key, problems=tuple(problems))


def _checked_key(inchikey: object, problems: list[Problem]) -> str | None:
    if inchikey is None or (isinstance(inchikey, str) and not inchikey.strip()):
        return None
    if not is_inchikey(inchikey):
        problems.append(Problem(
            Severity.ERROR, "inchikey-malformed",
            f"{inchikey!r} is not an InChIKey (14-10-1 upper-case letters)", "inchikey",
            "copy the standard InChIKey, e.g. FYYHWMGAXLPEAU-UHFFFAOYSA-N"))
        return None
    return str(inchikey)


def _page_structure(smiles: object, inchi: object, problems: list[Problem]) -> _Candidate | None:
    """The structure the page states itself; smiles and inchi, when both given, must agree."""
    from_smiles = _parse_page_value("smiles", smiles, problems)
    from_inchi = _parse_page_value("inchi", inchi, problems)
    if from_smiles and from_inchi and from_smiles.inchikey != from_inchi.inchikey:
        problems.append(Problem(
            Severity.ERROR, "smiles-inchi-disagree",
            f"`smiles` and `inchi` describe different compounds ({from_smiles.inchikey} vs "
            f"{from_inchi.inchikey})", "smiles", "keep one of them, or correct the other"))
        return None
    return from_smiles or from_inchi


def _parse_page_value(field: str, value: object, problems: list[Problem]) -> _Candidate | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = f"{field}-invalid"
    if not isinstance(value, str):
        problems.append(Problem(Severity.ERROR, code, f"`{field}` must be text, not "
                                f"{type(value).__name__}", field))
        return None
    if field == "smiles":
        mol = molecule_from_smiles(value)
        key = inchikey_of(mol) if mol is not None else None
    else:
        mol, key = molecule_from_inchi(value), inchikey_of_inchi(value)
    if mol is None or key is None:
        what = "SMILES" if field == "smiles" else "InChI"
        problems.append(Problem(Severity.ERROR, code, f"RDKit cannot read this {what}: "
                                f"{_shorten(value)}", field,
                                f"check the {what} (copy it from PubChem or ChEBI)"))
        return None
    return _Candidate(mol, StructureSource(field), key)


def _from_page(name: str, key: str | None, written_key: object, page: _Candidate,
               problems: list[Problem], draw: bool) -> Structure:
    if key is not None and page.inchikey != key:
        problems.append(Problem(
            Severity.ERROR, "inchikey-mismatch",
            f"InChIKey {key} does not match the page's `{page.source}` (which gives "
            f"{page.inchikey}); the structure is not shown", "inchikey",
            "correct the key or the structure: one of them names another compound"))
        return Structure(name, key, computed_inchikey=page.inchikey, problems=tuple(problems))
    if key is not None and key in misassigned_keys():
        problems.extend(_misassigned(name, key))
    if written_key is None:
        problems.append(Problem(
            Severity.INFO, "inchikey-missing",
            f"the structure's InChIKey is {page.inchikey}; the page does not state it",
            str(page.source), f"add `inchikey: {page.inchikey}` to the front matter"))
    return _drawn(name, key, page, problems, draw)


def _drawn(name: str, key: str | None, candidate: _Candidate, problems: list[Problem],
           draw: bool) -> Structure:
    # the candidate's key is already computed: the InChI algorithm is the slow part here
    mol, source = candidate.mol, candidate.source
    smiles = Chem.MolToSmiles(mol)
    with BlockLogs():
        inchi = Chem.MolToInchi(mol) or None
    svg = None
    if draw:
        try:
            svg = structure_svg(smiles, name)
        except (RuntimeError, ValueError) as exc:  # RDKit raises these on odd structures
            problems.append(Problem(Severity.WARNING, "structure-draw-failed",
                                    f"RDKit could not draw {name}: {exc}", str(source)))
    return Structure(name, key, source, smiles, inchi, candidate.inchikey,
                     rdMolDescriptors.CalcMolFormula(mol), Descriptors.MolWt(mol), svg,
                     problems=tuple(problems))


def _compound_molecule(smiles: str | None, inchi: str | None) -> Chem.Mol | None:
    if smiles:
        return molecule_from_smiles(smiles)
    return molecule_from_inchi(inchi) if inchi else None


def _missing(name: str, key: str, image_path: Path | None) -> Problem:
    shown = image_path is not None and image_path.is_file()
    message = (f"{name} has an InChIKey but no structure braindiet can draw"
               + ("; its image file is shown as it is, without formula or weight"
                  if shown else ""))
    return Problem(Severity.INFO, "structure-missing", message, "inchikey", RESOLVE_HINT)


def _misassigned(name: str, key: str) -> list[Problem]:
    known = misassigned_keys()[key]
    if known.encodes.casefold() == name.casefold():
        return []
    hint = (f"the InChIKey of {known.used_for} is {known.correct_inchikey}"
            if known.correct_inchikey else "look up the compound's standard InChIKey")
    return [Problem(Severity.WARNING, "inchikey-misassigned",
                    f"InChIKey {key} is that of {known.encodes}, not of {name}; "
                    "no structure is shown", "inchikey", hint)]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# Drawing


def draw_svg(mol: Chem.Mol, title: str | None = None) -> str:
    """An SVG of `mol`, monochrome in `currentColor` on a transparent background."""
    return structure_svg(Chem.MolToSmiles(mol), title)


@lru_cache(maxsize=1024)
def structure_svg(smiles: str, title: str | None = None) -> str:
    """Draw a structure given as SMILES. Canonical input gives the same bytes every time."""
    mol = molecule_from_smiles(smiles)
    if mol is None:
        raise ValueError(f"not a SMILES: {smiles!r}")
    rdDepictor.Compute2DCoords(mol)
    raw = _render(mol, -1, -1)  # sized to the molecule at the fixed bond length
    width, height = _size(raw)
    if width < MIN_CANVAS_PX[0] or height < MIN_CANVAS_PX[1]:
        raw = _render(mol, max(width, MIN_CANVAS_PX[0]), max(height, MIN_CANVAS_PX[1]))
    return _restyle(raw, title)


def _render(mol: Chem.Mol, width: int, height: int) -> str:
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    options = drawer.drawOptions()
    options.useBWAtomPalette()
    options.clearBackground = False
    options.fixedBondLength = BOND_LENGTH_PX
    options.bondLineWidth = 1.5
    options.padding = 0.08
    options.includeRadicals = False  # a lone metal atom is drawn as its symbol, no dots
    options.includeMetadata = False
    rdMolDraw2D.PrepareAndDrawMolecule(drawer, mol)
    drawer.FinishDrawing()
    svg: str = drawer.GetDrawingText()
    return svg


_SIZE = re.compile(r"width='(\d+)px' height='(\d+)px'")


def _size(svg: str) -> tuple[int, int]:
    match = _SIZE.search(svg)
    if match is None:  # pragma: no cover - RDKit always writes both
        raise ValueError("RDKit drawing has no size")
    return int(match.group(1)), int(match.group(2))


def _restyle(svg: str, title: str | None) -> str:
    """Make RDKit's SVG inline-ready: no XML prolog, theme-coloured, labelled for readers."""
    svg = svg.replace(_INK, "currentColor")
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = svg.replace("<!-- END OF HEADER -->\n", "")
    svg = re.sub(r"\s+xmlns:rdkit='[^']*'|\s+xmlns:xlink='[^']*'|\s+xml:space='[^']*'"
                 r"|\s+version='[^']*'|\s+baseProfile='[^']*'", "", svg)
    label = html.escape(title or "chemical structure", quote=True)
    opening = svg.index(">", svg.index("<svg")) + 1
    attributes = " ".join(svg[svg.index("<svg") + 4 : opening - 1].split())
    head = f"<svg {attributes} class='structure' role='img' aria-label='{label}'>"
    titled = f"<title>{label}</title>\n" if title else ""
    return head + "\n" + titled + svg[opening:].lstrip("\n")
