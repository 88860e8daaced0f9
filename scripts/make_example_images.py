"""Regenerate the structure image the example knowledge base ships for the seed page.

The seed page (magnesium.md) points its ``inchi_image`` at
``/img/inchi/FYYHWMGAXLPEAU-UHFFFAOYSA-N.png``; every other substance in the example is
drawn by the program from its SMILES, so only this one file is made here.

Run from the repository root:  .venv/bin/python scripts/make_example_images.py
"""

from __future__ import annotations

from pathlib import Path

from rdkit import Chem
from rdkit.Chem.Draw import rdMolDraw2D

EXAMPLE_STATIC = Path(__file__).resolve().parents[1] / "src/braindiet/examples/default/static"
IMAGE_SIZE = 300

# InChI -> the InChIKey the file must be named after (checked before writing).
STRUCTURES = {
    "InChI=1S/Mg": "FYYHWMGAXLPEAU-UHFFFAOYSA-N",
}


def draw_png(inchi: str) -> bytes:
    molecule = Chem.MolFromInchi(inchi)
    if molecule is None:
        raise ValueError(f"RDKit could not read {inchi}")
    drawer = rdMolDraw2D.MolDraw2DCairo(IMAGE_SIZE, IMAGE_SIZE)
    drawer.DrawMolecule(molecule)
    drawer.FinishDrawing()
    return drawer.GetDrawingText()


def main() -> None:
    out_dir = EXAMPLE_STATIC / "img" / "inchi"
    out_dir.mkdir(parents=True, exist_ok=True)
    for inchi, expected_key in STRUCTURES.items():
        actual_key = Chem.InchiToInchiKey(inchi)
        # A mismatch means the file name would lie about the structure it shows.
        if actual_key != expected_key:
            raise SystemExit(f"{inchi} gives {actual_key}, expected {expected_key}")
        target = out_dir / f"{expected_key}.png"
        target.write_bytes(draw_png(inchi))
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
