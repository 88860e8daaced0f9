"""The folder tree under docs/: what each folder holds, what it is called and where it leads.

A folder is named and placed by its `_category_.json` (label, position), else by the page that
stands for it, else by its own name. The page that stands for a folder is the one its category
links to (by doc id: the full id, or the id within the folder, as Docusaurus resolves it), else
its landing page (`index.md`, `README.md`, `folder/folder.md`). A folder with neither gets a
generated index at `/docs/<folder>` (or at the category's generated-index `slug`). A page that
stands for a folder appears as that folder, wherever it is stored, never twice.

Reads are recorded by the `folder` family (graph/knowledge.py), whose fingerprint is `rows`:
for each folder, everything its sidebar entry, breadcrumb and listing show.
"""

from __future__ import annotations

from dataclasses import dataclass

from braindiet.content.categories import Category
from braindiet.content.document import Document
from braindiet.content.permalinks import DOCS_ROUTE, is_folder_index
from braindiet.diagnostics import Diagnostic, warning


@dataclass(frozen=True, slots=True)
class FolderView:
    """How a folder presents itself in the sidebar, the breadcrumbs and folder listings."""

    folder: str
    label: str
    permalink: str
    page: Document | None  # the page standing for the folder; None: a generated index
    position: float | None = None
    description: str = ""
    starts_open: bool = False  # `collapsed: false` (or not collapsible): shown expanded
    class_name: str = ""
    named_by: str = "name"  # where the label comes from: category, page, index or name

    @property
    def generated(self) -> bool:
        return self.page is None

    def row(self) -> tuple[object, ...]:
        return (self.label, self.permalink, self.page.permalink if self.page else None,
                self.position, self.description, self.starts_open, self.class_name,
                self.named_by)


def folder_label(name: str) -> str:
    """A folder without a label or page is named after itself: `fatty-acids` -> Fatty acids."""
    words = name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words.islower() else words


class FolderTree:
    def __init__(self, documents: list[Document], categories: dict[str, Category],
                 unpublished: dict[str, str] | None = None) -> None:
        self.unpublished = unpublished or {}
        self.categories: dict[str, Category] = {}
        self.problems: list[Diagnostic] = []
        self._pages: dict[str, list[Document]] = {}  # folder -> the pages stored in it
        self._subfolders: dict[str, set[str]] = {"": set()}
        for document in documents:
            self._pages.setdefault(document.folder, []).append(document)
            parts = document.folder.split("/") if document.folder else []
            for depth in range(len(parts)):
                parent, child = "/".join(parts[:depth]), "/".join(parts[:depth + 1])
                self._subfolders.setdefault(parent, set()).add(child)
                self._subfolders.setdefault(child, set())
        folders = self._subfolders.keys() | self._pages.keys()
        self.categories = {f: c for f, c in categories.items() if f in folders}
        self._standing = self._standing_pages(documents)
        self._stands_for = {page: folder for folder, page in sorted(self._standing.items())
                            if folder}
        self._views: dict[str, FolderView] = {}

    def _standing_pages(self, documents: list[Document]) -> dict[str, Document]:
        by_id = {d.doc_id: d for d in documents}
        standing: dict[str, Document] = {}
        for document in sorted(documents, key=lambda d: d.rel_path.as_posix()):
            category = self.categories.get(document.folder)
            if is_folder_index(document.rel_path) and not (category and category.link_doc):
                standing[document.folder] = document  # the last landing page wins
        for folder, category in sorted(self.categories.items()):
            if category.link_doc is None:
                continue
            local = f"{folder}/{category.link_doc}" if folder else category.link_doc
            linked = by_id.get(local) or by_id.get(category.link_doc)
            if linked is not None:
                standing[folder] = linked
            else:
                self.problems.append(warning(
                    "category-link-unknown", f"the category links to doc id "
                    f"{category.link_doc!r}, which no published page has", category.file,
                    category.link_line, hint="use the page's id (`folder/id`, or its id within "
                    "this folder)"))
        return standing

    # ---- what each folder holds -----------------------------------------------------------

    def folders(self) -> list[str]:
        """Every folder holding a page, at any depth ('' is docs/ itself), sorted."""
        return sorted(self._subfolders)

    def subfolders(self, folder: str) -> list[str]:
        return sorted(self._subfolders.get(folder, ()))

    def stored_in(self, folder: str) -> list[Document]:
        return self._pages.get(folder, [])

    def page_of(self, folder: str) -> Document | None:
        """The page standing for the folder, if any."""
        return self._standing.get(folder)

    def folder_of(self, document: Document) -> str:
        """Where the page sits in the sidebar: the folder it stands for, else its own."""
        return self._stands_for.get(document, document.folder)

    def is_entry(self, document: Document) -> bool:
        """A page listed in its folder's sidebar: not one standing for a folder (it appears as
        that folder), nor a landing page where the category links elsewhere."""
        if document in self._stands_for or document is self._standing.get(""):
            return False
        category = self.categories.get(document.folder)
        return not (is_folder_index(document.rel_path) and not (category and category.link_doc))

    def listed(self, folder: str) -> list[Document]:
        """The pages a folder listing shows: its own pages, but no landing pages and none that
        opt out (`excludeFromFolderList`), by name."""
        pages = [d for d in self.stored_in(folder) if not d.is_section
                 and d not in self._stands_for and not d.meta.exclude_from_folder_list]
        return sorted(pages, key=lambda d: (d.label.casefold(), d.permalink))

    def view(self, folder: str) -> FolderView:
        if folder not in self._views:
            self._views[folder] = self._view(folder)
        return self._views[folder]

    def _view(self, folder: str) -> FolderView:
        category = self.categories.get(folder) or Category(folder, "")
        page = self.page_of(folder)
        if page is not None:
            permalink = page.permalink
        elif category.index_slug:
            permalink = DOCS_ROUTE + "/" + category.index_slug.strip("/")
        else:
            permalink = f"{DOCS_ROUTE}/{folder}".rstrip("/")
        name = folder.rsplit("/", 1)[-1]
        named = [("category", category.label), ("page", page.label if page else None),
                 ("index", category.index_title), ("name", folder_label(name) or "Docs")]
        named_by, label = next((source, text) for source, text in named if text)
        position = category.position if category.position is not None else \
            (page.meta.sidebar_position if page else None)
        description = category.description or (page.description if page else "")
        return FolderView(folder, label, permalink, page, position, description,
                          category.starts_open, category.class_name or "", named_by)

    # ---- fingerprint ----------------------------------------------------------------------

    def rows(self) -> dict[str, object]:
        rows: dict[str, object] = {}
        for folder in self.folders():
            pages = [(d.permalink, d.title, d.label, d.meta.sidebar_position, str(d.kind),
                      d.meta.exclude_from_folder_list, self._stands_for.get(d),
                      self.unpublished.get(d.site_path, ""), d.is_section)
                     for d in self.stored_in(folder)]
            subfolders = [(sub, self.view_row(sub)) for sub in self.subfolders(folder)]
            rows[folder] = (self.view_row(folder), pages, subfolders)
        return rows

    def view_row(self, folder: str) -> tuple[object, ...]:
        """What a folder's entry shows, its page's draft mark included."""
        view = self.view(folder)
        page = view.page
        return (*view.row(), self.unpublished.get(page.site_path, "") if page else "")
