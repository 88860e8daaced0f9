"""A small site and helpers for the hostile-input tests: what a careless or hostile author does."""

from __future__ import annotations

import os
from pathlib import Path

from braindiet.diagnostics import Diagnostic

BASE = {
    "braindiet.toml": 'title = "Hostile"\nbibliography = []\n',
    "docs/tags.yml": "Magnesium:\n  label: Magnesium\n  permalink: /docs/tags/magnesium\n",
    "docs/substances/magnesium.md": "---\ntitle: Magnesium\ntags: [Magnesium]\n---\n\n"
                                    "# Magnesium\n\nA mineral.\n",
    "docs/foods/spinach.md": "---\ntitle: Spinach\ntags: [Magnesium]\n---\n\nLeafy.\n",
    "static/img/leaf.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
}


def make_site(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """The base site with `extra` files added or replacing base ones; returns its folder."""
    for relative, text in {**BASE, **(extra or {})}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (symlinks as their target text), by relative path."""
    found: dict[str, bytes] = {}
    for current, _folders, names in os.walk(folder):
        for name in names:
            path = Path(current, name)
            relative = path.relative_to(folder).as_posix()
            found[relative] = os.readlink(path).encode() if path.is_symlink() \
                else path.read_bytes()
    return found


def codes(diagnostics: list[Diagnostic], file: str | None = None) -> list[str]:
    return [d.code for d in diagnostics if file is None or d.file == file]


def located(diagnostics: list[Diagnostic], code: str) -> list[tuple[str | None, int | None]]:
    return [(d.file, d.line) for d in diagnostics if d.code == code]
