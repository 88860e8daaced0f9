"""The ten biological targets of the December 2025 tree, retired in 2026, and who succeeds them.

Substances still name them (`mechanisms:` keys, tags), so on today's tree the chain breaks
there. A retired name that still names a page is not retired on that site (the December tree
keeps its target pages). Where none does, `check` says so at the line; when exactly one
page of the ontology plainly succeeds it by name (the name is that page's name, its own tag,
or one `&`-part of it: `Inflammation` -> `BRS3 - Inflammation & Oxidative Stress`), the hint
names it and the line to write. Nothing is guessed into the graph: a retired name makes no
edge, unless braindiet.toml's `[retired_targets]` names its successor (`"Gut Microbiome" =
"BRS5"`), which is the site's own decision, reported as an info.
"""

from __future__ import annotations

import re
from typing import Protocol

from braindiet.content.document import Document
from braindiet.content.kinds import TARGET_KINDS, Kind
from braindiet.content.ontology import hub_title
from braindiet.diagnostics import Diagnostic, info, warning
from braindiet.graph.aliases import AliasIndex, normalize
from braindiet.graph.registry import Setting

RETIRED_TARGETS = ("Endocannabinoid System", "Gut Microbiome", "Hormonal Response",
                   "Inflammation", "Insulin Response", "Methylation", "Mitochondrial Support",
                   "Neurochemical Balance", "Oxidative Stress", "Stress Response")


class Names(Protocol):
    """What the successor search needs of the graph being built."""

    _documents: list[Document]
    _aliases: AliasIndex


class RetiredNames:
    def __init__(self, settings: tuple[Setting, ...] = (),
                 config_file: str = "braindiet.toml") -> None:
        self._names = {normalize(n) for n in RETIRED_TARGETS}
        self._settings = {normalize(s.key): s for s in settings}
        self._names.update(self._settings)
        self._config_file = config_file
        self._successors: dict[str, Document | None] = {}

    def is_retired(self, name: str) -> bool:
        return normalize(name) in self._names

    def configured(self, name: str) -> bool:
        """The site names the successor itself (so the graph may follow it)."""
        setting = self._settings.get(normalize(name))
        return setting is not None and bool(setting.value.strip())

    def successor(self, graph: Names, name: str) -> Document | None:
        key = normalize(name)
        if key not in self._successors:
            self._successors[key] = self._find(graph, name)
        return self._successors[key]

    def _find(self, graph: Names, name: str) -> Document | None:
        setting = self._settings.get(normalize(name))
        if setting is not None:
            page = graph._aliases.resolve(setting.value).page if setting.value.strip() else None
            return page if page is not None and page.kind in TARGET_KINDS else None
        wanted = normalize(name)
        found = [d for d in graph._documents
                 if d.kind in TARGET_KINDS and d.kind is not Kind.TARGET
                 and wanted in _plain_names(d)]
        return found[0] if len(found) == 1 else None

    def tag_problem(self, document: Document, name: str, line: int | None,
                    successor: Document | None) -> Diagnostic:
        return self._problem(document, line, f"tag {name!r} names a retired biological "
                             "target", successor, "tag", name)

    def key_problem(self, document: Document, name: str, line: int | None,
                    successor: Document | None) -> Diagnostic:
        return self._problem(document, line, f"mechanism key {name!r} names a retired "
                             "biological target", successor, "key", name)

    def _problem(self, document: Document, line: int | None, message: str,
                 successor: Document | None, what: str, name: str) -> Diagnostic:
        if successor is not None and self.configured(name):
            return info("target-retired", f"{message}; read as {successor.title!r}, as "
                        f"{self._config_file} says", document.site_path, line)
        if successor is None:
            return warning("target-retired", f"{message}; no page succeeds it by name, so "
                           "the chain stops here", document.site_path, line,
                           hint="name the regulatory system or mechanism it acts on, or map "
                           f'the name under [retired_targets] in {self._config_file}')
        written = _own_name(successor)
        line_to_write = f"- {written}" if what == "tag" else f"{written}: <the same sentence>"
        return warning("target-retired", f"{message}; {successor.title!r} "
                       f"({successor.site_path}) succeeds it by name", document.site_path,
                       line, hint=f"write `{line_to_write}` instead")


def _plain_names(document: Document) -> set[str]:
    """The names a page plainly goes by: its title, the name after a hub's id, its own tags,
    and each `&`-part of those."""
    names: list[str] = [document.title]
    hub = hub_title(document.title)
    if hub is not None:
        names.append(hub[1])
    names.extend(document.tags)
    found: set[str] = set()
    for name in names:
        found.add(normalize(name))
        found.update(normalize(part) for part in re.split(r"\s+(?:&|and)\s+", name) if part)
    return found


def _own_name(document: Document) -> str:
    hub = hub_title(document.title)
    return hub[1] if hub is not None else document.title
