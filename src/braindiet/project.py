"""A site loaded whole: settings, pages, the knowledge graph and the bibliography.

Every command starts here. Loading never raises on bad content: what is broken is reported in
`diagnostics` and the rest is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from braindiet.config import SiteConfig, load_config
from braindiet.content.document import Document
from braindiet.content.loader import Content, load_content
from braindiet.diagnostics import Diagnostic
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.science.bibliography import Bibliography, load_bibliography


def example_site() -> Path:
    """The example knowledge base shipped inside the package."""
    return Path(str(resources.files("braindiet") / "examples" / "default"))


@dataclass(slots=True)
class Project:
    root: Path
    config: SiteConfig
    content: Content
    graph: KnowledgeGraph
    bibliography: Bibliography
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def documents(self) -> list[Document]:
        return self.content.documents

    @property
    def static_dir(self) -> Path:
        return self.root / self.config.static_dir

    def document_at(self, path: Path) -> Document | None:
        """The page read from a file path (absolute, or relative to the site or docs folder)."""
        path = path if path.is_absolute() else (self.root / path)
        for document in self.documents:
            if document.source_file(self.root).resolve() == path.resolve():
                return document
        return None


def load_project(root: Path | None = None) -> Project:
    root = (root or example_site()).resolve()
    config, problems = load_config(root)
    content = load_content(root, config.docs_dir)
    graph = KnowledgeGraph.build(content)
    bibliography = load_bibliography([root / p for p in config.bibliography], relative_to=root)
    diagnostics = [*problems, *content.diagnostics, *graph.diagnostics, *bibliography.diagnostics]
    return Project(root, config, content, graph, bibliography, diagnostics)
