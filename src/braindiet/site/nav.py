"""The sidebar and breadcrumbs, generated from the folder tree as Docusaurus would.

Each folder is a category named, placed and linked as `graph/folders.py` decides (its
`_category_.json`, else its landing page, else its name); pages are ordered by
`sidebar_position`, then label. A folder without a page standing for it still gets one: a
generated index listing what it holds.

Each page's sidebar shows the top level and opens only the folders on the way to that page (and
categories declared `collapsed: false`), so its size grows with the depth of the tree, not with
the size of the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from braindiet.content.document import Document
from braindiet.graph.folders import FolderTree
from braindiet.graph.knowledge import FOLDERS, KnowledgeGraph


@dataclass(slots=True, eq=False)
class NavNode:
    label: str
    permalink: str
    folder: str | None = None  # set for categories (folders)
    document: Document | None = None  # the page, or the page standing for the folder
    position: float | None = None
    children: list[NavNode] = field(default_factory=list)
    starts_open: bool = False  # a category shown expanded wherever its parent is
    class_name: str = ""
    unpublished: str = ""  # why a production build leaves the page out (dev builds mark it)

    @property
    def is_category(self) -> bool:
        return self.folder is not None

    @property
    def mark(self) -> str:
        """The mark a dev build puts on a page production leaves out."""
        if not self.unpublished:
            return ""
        return "draft" if self.unpublished == "draft" else "not published"

    def sort_key(self) -> tuple[bool, float, str, str]:
        return (self.position is None, self.position or 0.0, self.label.casefold(),
                self.permalink)


@dataclass(slots=True)
class Navigation:
    root: NavNode
    categories: dict[str, NavNode]  # folder -> category node
    tree: FolderTree

    @classmethod
    def build(cls, graph: KnowledgeGraph) -> Navigation:
        tree = graph.folders
        root = NavNode("Docs", "/docs", folder="")
        categories: dict[str, NavNode] = {"": root}
        for folder in tree.folders():  # parents sort before their subfolders
            if not folder:
                continue
            view = tree.view(folder)
            node = NavNode(view.label, view.permalink, folder=folder, document=view.page,
                           position=view.position, starts_open=view.starts_open,
                           class_name=view.class_name, unpublished=_reason(tree, view.page))
            categories[folder.rsplit("/", 1)[0] if "/" in folder else ""].children.append(node)
            categories[folder] = node
        for document in sorted(graph.documents, key=lambda d: d.rel_path.as_posix()):
            if tree.is_entry(document):
                categories[document.folder].children.append(NavNode(
                    document.label, document.permalink, document=document,
                    position=document.meta.sidebar_position,
                    unpublished=_reason(tree, document)))
        for node in categories.values():
            node.children.sort(key=NavNode.sort_key)
        return cls(root, categories, tree)

    def generated_indexes(self) -> list[NavNode]:
        """Folders that have no page standing for them: the build writes an index for each."""
        FOLDERS.read()
        return [node for folder, node in sorted(self.categories.items())
                if folder and node.document is None]

    def folder_of(self, document: Document) -> str:
        """The folder whose sidebar entry is this page (the one it stands for, else its own)."""
        return self.tree.folder_of(document)

    def open_folders(self, folder: str) -> set[str]:
        """The folders a sidebar opened down to `folder` shows expanded: each one on the way,
        and categories that start open wherever their parent is shown open."""
        parts = folder.split("/") if folder else []
        path = {"/".join(parts[:depth]) for depth in range(1, len(parts) + 1)}
        found: set[str] = set()
        stack = [self.root]
        while stack:
            for child in stack.pop().children:
                if child.folder is not None and (child.folder in path or child.starts_open):
                    found.add(child.folder)
                    stack.append(child)
        return found

    def trail(self, document: Document | None, folder: str) -> list[NavNode]:
        """Categories from the top down to `folder` (breadcrumbs without the page itself)."""
        trail: list[NavNode] = []
        parts = folder.split("/") if folder else []
        for depth in range(1, len(parts) + 1):
            node = self.categories.get("/".join(parts[:depth]))
            if node is not None and node.document is not document:
                trail.append(node)
        return trail


def _reason(tree: FolderTree, document: Document | None) -> str:
    return tree.unpublished.get(document.site_path, "") if document is not None else ""
