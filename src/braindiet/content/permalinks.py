"""Where a page lives on the site, computed exactly as Docusaurus 3 computes it.

A page's URL is `/docs/` + its folder + (front-matter `slug`, else `id`, else the file name). A
folder's `index.md`, `README.md` or `<folder name>.md` stands for the folder itself, unless it
declares a slug. A slug starting with `/` is absolute under `/docs`.

A permalink becomes a folder of the output, so it must stay one: `unsafe_reason` refuses what
could leave the output folder or cannot be a file name (`..` climbing above the root, NUL and
control characters, a URL scheme, a name too long for the file system).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

DOCS_ROUTE = "/docs"
MAX_NAME_BYTES = 200  # one path segment; file systems stop at 255, and `.json` etc. follow
_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")
INDEX_NAMES = frozenset({"index", "readme"})

# Pages braindiet makes itself; a document at one of these URLs would take its place.
TAGS_PERMALINK = "/docs/tags"  # the tag index; each tag's page lies below it
GRAPH_PERMALINK = "/docs/graph"
FINDER_PERMALINK = "/docs/finder"
GENERATED_PAGES = {TAGS_PERMALINK: "the tag index", GRAPH_PERMALINK: "the graph view",
                   FINDER_PERMALINK: "the recipe finder"}


def unsafe_reason(path: str, base_depth: int = 0) -> str | None:
    """Why `path` (a URL path, or a slug read `base_depth` folders below the root) cannot be an
    output location, or None when it can."""
    if _SCHEME.match(path):
        return f"{path[:60]!r} is a URL with a scheme, not a path on this site"
    if _CONTROL.search(path):
        return "it holds a NUL, control character or backslash"
    depth = 0 if path.startswith("/") else base_depth
    for segment in path.split("/"):
        if segment == "..":
            depth -= 1
            if depth < 0:
                return f"{path[:60]!r} climbs above the site's root with '..'"
        elif segment not in ("", "."):
            if len(segment.encode("utf-8")) > MAX_NAME_BYTES:
                return f"a part of it is longer than {MAX_NAME_BYTES} bytes"
            depth += 1
    return None


def normalized(path: str) -> str:
    """`/a//b/./c/` as `/a/b/c`: one spelling per folder of the output."""
    return "/" + posixpath.normpath("/" + path).lstrip("/").rstrip("/")


def slug_problem(rel_path: PurePosixPath, slug: str | None) -> str | None:
    """Why a page's slug cannot be used (it would leave the docs or the output folder)."""
    if not slug:
        return None
    folder = rel_path.parent.as_posix()
    return unsafe_reason(slug, 0 if folder == "." else len(folder.split("/")))


def generated_page_at(permalink: str) -> str | None:
    """What braindiet itself publishes at `permalink`, if anything."""
    if permalink.startswith(TAGS_PERMALINK + "/"):
        return "the tag pages"
    return GENERATED_PAGES.get(permalink)


def is_folder_index(rel_path: PurePosixPath) -> bool:
    """`index.md`, `README.md` or `foo/foo.md` (case-insensitive), as Docusaurus decides."""
    stem = rel_path.stem.lower()
    parent = rel_path.parent.name.lower()
    return stem in INDEX_NAMES or (parent != "" and stem == parent)


def doc_id(rel_path: PurePosixPath, front_matter_id: str | None) -> str:
    """Docusaurus's doc id: folder + (front-matter id, else file name)."""
    base = front_matter_id or rel_path.stem
    folder = rel_path.parent.as_posix()
    return base if folder == "." else f"{folder}/{base}"


def permalink(rel_path: PurePosixPath, front_matter_id: str | None = None,
              slug: str | None = None) -> str:
    """The URL path of a page, given its path relative to `docs/`."""
    folder = rel_path.parent.as_posix()
    folder_url = "/" if folder == "." else f"/{folder}/"
    if slug and slug.startswith("/"):
        path = normalized(slug)
    elif not slug and is_folder_index(rel_path):
        path = folder_url
    else:
        name = slug or front_matter_id or rel_path.stem
        path = posixpath.normpath(posixpath.join(folder_url, name))
    path = path.rstrip("/")
    return f"{DOCS_ROUTE}{path}" if path else DOCS_ROUTE


def standalone_permalink(rel_path: PurePosixPath) -> str:
    """A standalone page (`src/pages/about-us.md`) is served at its own path: `/about-us`;
    an `index` stands for its folder."""
    parts = [*rel_path.parent.parts, rel_path.stem]
    if parts[-1].lower() == "index":
        parts.pop()
    return "/" + "/".join(part for part in parts if part not in ("", "."))
