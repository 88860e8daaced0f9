"""Rewrite the README's component table from the component registry.

The table is documentation read from the registry, never written by hand: after adding or
changing a component, run `.venv/bin/python scripts/component_table.py` (tests/test_components.py
fails while the README and the registry disagree).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from braindiet.render.components import REGISTRY

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = re.compile(r"(<!-- components:.*?-->\n)(.*?)(<!-- /components -->)", re.S)


def table() -> str:
    return "| component | about | attributes | shows |\n|---|---|---|---|\n" + "".join(
        f"{c.signature.table_row()}\n" for c in REGISTRY.values())


def main() -> int:
    text = README.read_text(encoding="utf-8")
    if not SECTION.search(text):
        print("README.md has no <!-- components: --> section", file=sys.stderr)
        return 1
    README.write_text(SECTION.sub(lambda m: m[1] + table() + m[3], text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
