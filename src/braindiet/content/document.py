"""A page as read from disk: where it is, what kind it is, what it declares and contains."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from braindiet.content.body import BodyOutline
from braindiet.content.frontmatter import FrontMatter
from braindiet.content.kinds import Kind
from braindiet.content.schema import PageMeta
from braindiet.content.template import BodyTemplate
from braindiet.diagnostics import Diagnostic

_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*")


@dataclass(slots=True, eq=False)
class Document:
    rel_path: PurePosixPath  # relative to docs/, e.g. foods/spinach.md
    site_path: str  # relative to the site folder, for diagnostics: docs/foods/spinach.md
    kind: Kind
    doc_id: str  # Docusaurus doc id: folder + id
    permalink: str  # /docs/foods/spinach
    meta: PageMeta
    front: FrontMatter
    body: str
    body_start_line: int
    outline: BodyOutline = field(default_factory=BodyOutline, repr=False)
    first_heading: str | None = None
    template: BodyTemplate | None = field(default=None, repr=False)  # the body, prerendered
    source_hash: str = ""
    source_stamp: tuple[int, int] = (0, 0)  # (mtime ns, size) when it was read
    load_problems: tuple[Diagnostic, ...] = ()  # what reading it reported (kept for reuse)
    folder: str = field(init=False)  # relative to docs/ (POSIX, '' for the root)

    def __post_init__(self) -> None:
        parent = self.rel_path.parent.as_posix()
        self.folder = "" if parent == "." else parent

    @property
    def title(self) -> str:
        """Front-matter title, else the first `#` heading, else the file name (as Docusaurus)."""
        return self.meta.title or self.first_heading or self.rel_path.stem

    @property
    def label(self) -> str:
        """The name used in the sidebar and in lists."""
        return self.meta.sidebar_label or self.title

    @property
    def description(self) -> str:
        return self.meta.description or ""

    @property
    def tags(self) -> list[str]:
        return self.meta.tags

    @property
    def is_section(self) -> bool:
        return self.kind is Kind.SECTION

    def line_of(self, key: str) -> int | None:
        """File line of a front-matter key (else the opening fence)."""
        return self.front.line_of(key)

    def tag_line(self, index: int) -> int | None:
        lines = self.front.item_lines.get("tags", [])
        return lines[index] if index < len(lines) else self.line_of("tags")

    def names(self) -> list[str]:
        """Every name this page answers to: title, sidebar label, and their parts."""
        names: list[str] = []
        for full in (self.meta.title, self.meta.sidebar_label, self.first_heading):
            if full:
                names.extend(name_variants(full))
        return list(dict.fromkeys(names))

    def source_file(self, site_root: Path) -> Path:
        return site_root / self.site_path


def name_variants(name: str) -> list[str]:
    """`Coenzyme Q10 (CoQ10)` answers to itself, `Coenzyme Q10` and `CoQ10`.

    Inside a parenthesis, `;`-separated synonyms each count: `Vitamin B9 (Folate; 5-MTHF)`.
    """
    variants = [name.strip()]
    outside = _PARENTHESIS.sub(" ", name).strip()
    if outside and outside != variants[0]:
        variants.append(outside)
    for inside in _PARENTHESIS.findall(name):
        variants.extend(part.strip() for part in inside.split(";") if part.strip())
    return variants
