"""The sidebar and breadcrumbs, generated from the folder tree as Docusaurus would.

Order is `sidebar_position` (pages; a folder takes its landing page's), then label. A folder
without a landing page still gets one: a generated index listing what it holds.

Each page's sidebar shows the top level and opens only the folders on the way to that page, so
its size grows with the depth of the tree, not with the size of the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from braindiet.content.document import Document
from braindiet.content.permalinks import is_folder_index
from braindiet.graph.knowledge import KnowledgeGraph


@dataclass(slots=True, eq=False)
class NavNode:
    label: str
    permalink: str
    folder: str | None = None  # set for categories (folders)
    document: Document | None = None  # the page, or the folder's landing page
    position: float | None = None
    children: list[NavNode] = field(default_factory=list)

    @property
    def is_category(self) -> bool:
        return self.folder is not None

    def sort_key(self) -> tuple[bool, float, str, str]:
        return (self.position is None, self.position or 0.0, self.label.casefold(),
                self.permalink)


@dataclass(slots=True)
class Navigation:
    root: NavNode
    categories: dict[str, NavNode]  # folder -> category node

    @classmethod
    def build(cls, graph: KnowledgeGraph) -> Navigation:
        root = NavNode("Docs", "/docs", folder="")
        categories: dict[str, NavNode] = {"": root}
        for document in sorted(graph.documents, key=lambda d: d.rel_path.as_posix()):
            parent = _category(categories, document.folder)
            if is_folder_index(document.rel_path):
                if document.folder:  # the landing page names and places its folder
                    parent.document, parent.label = document, document.label
                    parent.position = document.meta.sidebar_position
                continue
            parent.children.append(NavNode(document.label, document.permalink,
                                           document=document,
                                           position=document.meta.sidebar_position))
        for node in categories.values():
            node.children.sort(key=NavNode.sort_key)
        return cls(root, categories)

    def generated_indexes(self) -> list[NavNode]:
        """Folders that have no landing page of their own: the build writes one for each."""
        return [node for folder, node in sorted(self.categories.items())
                if folder and node.document is None]

    def trail(self, document: Document | None, folder: str) -> list[NavNode]:
        """Categories from the top down to `folder` (breadcrumbs without the page itself)."""
        trail: list[NavNode] = []
        parts = folder.split("/") if folder else []
        for depth in range(1, len(parts) + 1):
            node = self.categories.get("/".join(parts[:depth]))
            if node is not None and node.document is not document:
                trail.append(node)
        return trail


def folder_label(name: str) -> str:
    """A folder without a landing page is named after itself: `fatty-acids` -> Fatty acids."""
    words = name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words.islower() else words


def _category(categories: dict[str, NavNode], folder: str) -> NavNode:
    if folder in categories:
        return categories[folder]
    parent_folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
    parent = _category(categories, parent_folder)
    name = folder.rsplit("/", 1)[-1]
    node = NavNode(folder_label(name), f"/docs/{folder}", folder=folder)
    parent.children.append(node)
    categories[folder] = node
    return node
