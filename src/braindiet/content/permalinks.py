"""Where a page lives on the site, computed exactly as Docusaurus 3 computes it.

A page's URL is `/docs/` + its folder + (front-matter `slug`, else `id`, else the file name). A
folder's `index.md`, `README.md` or `<folder name>.md` stands for the folder itself, unless it
declares a slug. A slug starting with `/` is absolute under `/docs`.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

DOCS_ROUTE = "/docs"
INDEX_NAMES = frozenset({"index", "readme"})

# Pages braindiet makes itself; a document at one of these URLs would take its place.
TAGS_PERMALINK = "/docs/tags"  # the tag index; each tag's page lies below it
GRAPH_PERMALINK = "/docs/graph"
FINDER_PERMALINK = "/docs/finder"
GENERATED_PAGES = {TAGS_PERMALINK: "the tag index", GRAPH_PERMALINK: "the graph view",
                   FINDER_PERMALINK: "the recipe finder"}


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
        path = slug
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
