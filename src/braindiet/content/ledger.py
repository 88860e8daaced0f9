"""The permalink ledger: every published page's stable identity and the URLs it has had.

A production build writes `api/permalinks.json` beside the pages it publishes: one entry per
page with its file, its stable ids (front-matter `id`, and `pm_id`, `fm_id`, ... — any
`*_id` it declares) and its URL, plus the URLs it had in earlier builds (`former`). The next
build reads the ledger of the site it replaces, so the history survives from build to build,
and `check` can tell when a page's URL changed without a redirect from the old one.

A page is recognised across builds by the first of its keys (`id`, then the other ids, then
its file) that exactly one page had then and exactly one page has now: a moved file keeps its
ids, a page without ids keeps its file. Output is deterministic: entries by URL, keys sorted.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from braindiet.content.document import Document

LEDGER_PATH = "api/permalinks.json"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    permalink: str
    file: str
    ids: dict[str, str] = field(default_factory=dict)
    former: tuple[str, ...] = ()  # URLs the page had in earlier builds

    def identities(self) -> list[str]:
        """Identity keys, strongest first."""
        ordered = sorted(self.ids.items(), key=lambda item: (item[0] != "id", item[0]))
        return [f"{name}:{value}" for name, value in ordered] + [f"file:{self.file}"]

    def to_json(self) -> dict[str, object]:
        return {"permalink": self.permalink, "file": self.file, "ids": dict(self.ids),
                "former": list(self.former)}


def stable_ids(document: Document) -> dict[str, str]:
    """The ids a page declares: `id`, and every top-level `*_id` with a plain value."""
    ids = {}
    for key, value in document.front.data.items():
        if (key == "id" or key.endswith("_id")) and isinstance(value, str | int) and \
                not isinstance(value, bool) and str(value).strip():
            ids[key] = str(value).strip()
    return ids


def entry_of(document: Document, former: tuple[str, ...] = ()) -> LedgerEntry:
    return LedgerEntry(document.permalink, document.site_path, stable_ids(document), former)


@dataclass(frozen=True, slots=True)
class Ledger:
    entries: tuple[LedgerEntry, ...] = ()

    def to_bytes(self) -> bytes:
        data = {"pages": [e.to_json() for e in sorted(self.entries, key=lambda e: e.permalink)]}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return (text + "\n").encode("utf-8")

    @classmethod
    def read(cls, path: Path) -> Ledger | None:
        """The ledger a build left, or None when there is none (or it cannot be read)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(tuple(LedgerEntry(str(e["permalink"]), str(e["file"]),
                                         {str(k): str(v) for k, v in e.get("ids", {}).items()},
                                         tuple(str(u) for u in e.get("former", ())))
                             for e in data["pages"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def match(self, documents: list[Document]) -> dict[Document, LedgerEntry]:
        """Each current page's entry in this ledger, where one is recognised."""
        now = {document: entry_of(document) for document in documents}
        then_count = Counter(key for entry in self.entries for key in entry.identities())
        now_count = Counter(key for entry in now.values() for key in entry.identities())
        by_key = {key: entry for entry in self.entries for key in entry.identities()
                  if then_count[key] == 1}
        found: dict[Document, LedgerEntry] = {}
        for document, current in now.items():
            for key in current.identities():
                if now_count[key] == 1 and key in by_key:
                    found[document] = by_key[key]
                    break
        return found

    def next(self, documents: list[Document]) -> Ledger:
        """The ledger after a build publishing `documents`: former URLs carried forward."""
        matched = self.match(documents)
        entries = []
        for document in documents:
            earlier = matched.get(document)
            urls = set(earlier.former) | {earlier.permalink} if earlier else set()
            entries.append(entry_of(document, tuple(sorted(urls - {document.permalink}))))
        return Ledger(tuple(entries))

    def moves(self, documents: list[Document]) -> list[tuple[Document, str]]:
        """(page, an URL it had before and has no longer), for every recognised page."""
        found = []
        for document, earlier in sorted(self.match(documents).items(),
                                        key=lambda item: item[0].site_path):
            for url in sorted({earlier.permalink, *earlier.former} - {document.permalink}):
                found.append((document, url))
        return found
