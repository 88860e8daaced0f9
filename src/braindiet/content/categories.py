"""`_category_.json` (or `.yml`): how a folder presents itself in the sidebar and breadcrumbs.

Docusaurus reads one such file per folder: the category's `label`, its `position` among its
siblings, whether it starts `collapsed` (and is `collapsible` at all), a `className`, and its
`link`: a page that stands for the folder (`{"type": "doc", "id": ...}`, the id either the
page's full doc id or its id within the folder) or a generated index (`{"type":
"generated-index", "title", "description", "slug"}`). Every key is optional.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from braindiet.content import frontmatter, jsdata
from braindiet.diagnostics import Diagnostic, error

CATEGORY_FILES = ("_category_.json", "_category_.yml", "_category_.yaml")


@dataclass(frozen=True, slots=True)
class Category:
    folder: str  # relative to docs/, POSIX
    file: str  # the file it was read from, relative to the site folder
    label: str | None = None
    position: float | None = None
    collapsed: bool | None = None
    collapsible: bool | None = None
    class_name: str | None = None
    description: str | None = None
    link_doc: str | None = None  # a doc id: the page that stands for the folder
    link_line: int | None = None
    generated_index: bool = False  # the link is a generated index
    index_title: str | None = None
    index_slug: str | None = None  # where the generated index is served, under /docs

    @property
    def starts_open(self) -> bool:
        """Shown expanded wherever its parent is: `collapsed: false`, or not collapsible."""
        return self.collapsed is False or self.collapsible is False


def category_files(docs_dir: Path) -> list[Path]:
    """Every folder's category file under docs/ (folders Docusaurus skips are skipped)."""
    found: list[tuple[str, Path]] = []
    for folder, subfolders, files in os.walk(docs_dir):
        subfolders[:] = [d for d in subfolders if not d.startswith((".", "_"))]
        name = next((n for n in CATEGORY_FILES if n in files), None)
        if name is not None:
            found.append((os.path.relpath(folder, docs_dir), Path(folder, name)))
    return [path for _, path in sorted(found)]


def read_categories(docs_dir: Path, site_root: Path) -> tuple[dict[str, Category],
                                                               list[Diagnostic]]:
    """Folder (relative to docs/) -> its category; problems name the file and line."""
    categories: dict[str, Category] = {}
    problems: list[Diagnostic] = []
    for path in category_files(docs_dir):
        folder = path.parent.relative_to(docs_dir).as_posix()
        folder = "" if folder == "." else folder
        site_path = path.relative_to(site_root).as_posix()
        try:
            data, lines = _read(path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            line = getattr(exc, "line", None)
            problems.append(error("category-invalid", f"cannot read the category: {exc}",
                                  site_path, line))
            continue
        category, found = _category(folder, site_path, data, lines)
        categories[folder] = category
        problems.extend(found)
    return categories, problems


def _read(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The file's keys and their lines (JSON read as JavaScript data, which keeps lines)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".json":
        front = frontmatter.parse(text, first_line=1)
        lines = dict(front.key_lines)
        for key, sub in front.subkey_lines.items():
            lines.update({f"{key}.{name}": line for name, line in sub.items()})
        return front.data, lines
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CategoryError(f"invalid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(data, dict):
        raise CategoryError("a category file must hold one JSON object", 1)
    value, _ = jsdata.parse_value(jsdata.tokenize(text), 0)  # valid JSON: for its lines
    return data, _lines(value) if isinstance(value, jsdata.Object) else {}


class CategoryError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def _lines(value: jsdata.Object) -> dict[str, int]:
    lines = dict(value.key_lines)
    link = value.get("link")
    if isinstance(link, jsdata.Object):
        lines.update({f"link.{key}": line for key, line in link.key_lines.items()})
    return lines


def _category(folder: str, site_path: str, data: dict[str, Any], lines: dict[str, int]
              ) -> tuple[Category, list[Diagnostic]]:
    problems: list[Diagnostic] = []

    def typed(key: str, kinds: type | tuple[type, ...], data: dict[str, Any] = data,
              prefix: str = "") -> Any:
        value = data.get(key)
        if value is None or (isinstance(value, kinds) and not (
                isinstance(value, bool) and bool not in _as_tuple(kinds))):
            return value
        problems.append(error("category-invalid", f"{prefix}{key} has the wrong type "
                              f"({type(value).__name__})", site_path,
                              lines.get(prefix + key)))
        return None

    link = data.get("link")
    fields: dict[str, Any] = {}
    if isinstance(link, dict):
        kind = link.get("type")
        if kind == "doc":
            fields["link_doc"] = typed("id", str, link, "link.")
            fields["link_line"] = lines.get("link.id") or lines.get("link")
        elif kind == "generated-index":
            fields.update(generated_index=True, index_title=typed("title", str, link, "link."),
                          index_slug=typed("slug", str, link, "link."),
                          index_description=typed("description", str, link, "link."))
        else:
            problems.append(error("category-invalid", f"link type {kind!r} is neither 'doc' nor "
                                  "'generated-index'", site_path, lines.get("link")))
    elif link is not None:
        problems.append(error("category-invalid", "link must be an object or null", site_path,
                              lines.get("link")))
    position = typed("position", (int, float))
    description = fields.pop("index_description", None) or typed("description", str)
    category = Category(
        folder=folder, file=site_path, label=typed("label", str),
        position=float(position) if position is not None else None,
        collapsed=typed("collapsed", bool), collapsible=typed("collapsible", bool),
        class_name=typed("className", str), description=description, **fields)
    return category, problems


def _as_tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)
