"""`docs/tags.yml`: the declared tags, each a key with a label, permalink and description.

Front matter may name a tag by its key or its label; both mean the same tag. A tag that is not
declared still works (Docusaurus "inline tags"), with its own text as label.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from braindiet.content import frontmatter
from braindiet.content.permalinks import (
    DOCS_ROUTE,
    TAGS_PERMALINK,
    normalized,
    unsafe_reason,
)
from braindiet.diagnostics import Diagnostic, error

TAGS_FILE = "tags.yml"


@dataclass(frozen=True, slots=True)
class Tag:
    key: str
    label: str
    permalink: str
    description: str = ""
    declared: bool = True
    line: int | None = None  # line of the key in tags.yml


def tag_slug(text: str) -> str:
    """The URL slug Docusaurus derives for an undeclared tag (lower case, dashes)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w'\u00C0-\uFFFF]+", "-", text)
    return text.strip("-") or "tag"


def tag_permalink(declared: str) -> str:
    """tags.yml permalinks are relative to the tags page, as in Docusaurus: `/adhd` is
    `/docs/tags/adhd`. One written in full (`/docs/tags/adhd`) is taken as it is."""
    declared = declared.strip()
    if declared.startswith(TAGS_PERMALINK + "/"):
        return declared
    return f"{TAGS_PERMALINK}/{declared.strip('/')}"


class TagRegistry:
    """Declared tags by key and by label; `resolve` answers for any name a page may use."""

    def __init__(self, tags: list[Tag]) -> None:
        self.declared = tags
        self._by_name: dict[str, Tag] = {}
        for tag in tags:
            self._by_name.setdefault(tag.key, tag)
        for tag in tags:
            self._by_name.setdefault(tag.label, tag)

    def get(self, name: str) -> Tag | None:
        """The declared tag with this key or label, if any."""
        return self._by_name.get(name)

    def resolve(self, name: str) -> Tag:
        """The declared tag, or an inline tag made from the name itself."""
        declared = self.get(name)
        if declared is not None:
            return declared
        return Tag(key=name, label=name, permalink=f"{TAGS_PERMALINK}/{tag_slug(name)}",
                   declared=False)


def load_tags(docs_dir: Path, site_root: Path) -> tuple[TagRegistry, list[Diagnostic]]:
    path = docs_dir / TAGS_FILE
    if not path.is_file():
        return TagRegistry([]), []
    rel = path.relative_to(site_root).as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
        front = frontmatter.parse(text, first_line=1)
    except frontmatter.FrontMatterError as exc:
        return TagRegistry([]), [error("tags-invalid", str(exc), rel, exc.line)]
    except UnicodeDecodeError as exc:
        return TagRegistry([]), [error("tags-invalid", f"not UTF-8 text: {exc}", rel)]
    except OSError as exc:
        return TagRegistry([]), [error("tags-invalid", f"cannot read tags: {exc}", rel)]
    tags: list[Tag] = []
    problems = [error("tags-invalid", message, rel, line) for line, message in front.problems]
    for key, value in front.data.items():
        line = front.key_lines.get(key)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            problems.append(error("tags-invalid", f"tag {key!r} must map to label/permalink/"
                                  "description", rel, line))
            continue
        label = str(value.get("label") or key)
        default = f"{TAGS_PERMALINK}/{tag_slug(key)}"
        declared_link = str(value.get("permalink") or tag_slug(key))
        permalink = tag_permalink(declared_link)
        unsafe = unsafe_reason(declared_link) or unsafe_reason(permalink) or \
            unsafe_reason(default) or \
            (None if normalized(permalink).startswith(f"{DOCS_ROUTE}/") else
             f"it must lie below {DOCS_ROUTE}/, where the site's pages are")
        if unsafe is not None:
            line_of_link = front.subkey_lines.get(key, {}).get("permalink", line)
            problems.append(error("tags-permalink-unsafe", f"tag {key!r}: permalink cannot be "
                                  f"used: {unsafe}", rel, line_of_link,
                                  hint=f"the tag is published at {default} instead"))
            if unsafe_reason(default) is not None:
                continue
            permalink = default
        tags.append(Tag(key=key, label=label, permalink=normalized(permalink),
                        description=str(value.get("description") or ""), line=line))
    for key, line in front.duplicate_keys:
        problems.append(error("tags-duplicate", f"tag {key!r} is declared twice", rel, line))
    return TagRegistry(tags), problems
