"""The static search index: Pagefind (its binary ships on PyPI) over the built pages, in shards.

Pages mark what is searchable with `data-pagefind-body`, their kind and tags with
`data-pagefind-meta` (Pagefind's filter files differ from build to build, metadata does not;
the search box filters on it) and what to skip with `data-pagefind-ignore`. The index is a
folder of static files beside the pages; searching needs no server code and works offline.

The searchable pages are split into shards, each its own Pagefind index in
`pagefind/<shard>/`, which the browser merges (Pagefind's `mergeIndex`; `shards.json` lists
them). A page's shard is a stable hash of its path, modulo a shard count that only changes
when the number of pages crosses a power of four: adding or removing a page changes only its
own shard, and an edit re-indexes only the shards whose pages changed, since Pagefind's cost
is per page plus a fixed start. The count grows as the square root of the pages, which keeps
both the edit (one shard) and the whole build (every shard's fixed cost) small.

Pagefind reads only what it indexes: each shard runs over a folder of its own pages, each
cut down to its head and its `data-pagefind-body` element when the rest of the page holds no
Pagefind markup (the sidebar is a large part of every page, and Pagefind parses whole files),
and without the ignored parts in which it reads nothing. Both corpora index to the same fragments
as from the whole pages; on the Dec-2025 corpus it saves about a sixth of Pagefind's time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from braindiet.cache import cache_dir, versions

SEARCH_DIR = "pagefind"
SEARCHABLE = b"data-pagefind-body"  # Pagefind indexes only pages marked so, when there are any
ENTRY_FILE = "pagefind-entry.json"  # names the index's other files, which are named by hash
MANIFEST = "shards.json"  # the shards the browser merges, the first one loading Pagefind
SHARD_RUNS = 2  # Pagefind processes at once: the machines this runs on have two cores or more
# What Pagefind writes for its own UIs, which the site's search box does not load.
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                "pagefind-modular-ui.css", "pagefind-component-ui.js",
                "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(RuntimeError):
    pass


# ---- which shard a page is in ----------------------------------------------------------------


def shard_count(pages: int) -> int:
    """How many shards `pages` searchable pages are split into: a power of two between a
    quarter of the square root and the square root, which changes only where the page count
    crosses a power of four (16, 64, 256, 1,024, ...). 60 pages make 4 shards, 301 make 16
    of about 19 pages, 10,000 make 64."""
    count = 1
    while count * count * 4 <= pages:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    """The shard of the page at `path` (its path in the site) among `count` shards: a hash
    of the path alone, so no other page moves it and every build agrees."""
    hashed = hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(hashed, "big") % count


def shard_name(number: int, count: int) -> str:
    # The count is in the name: a shard of another split is another folder, never reused.
    width = len(str(count - 1))
    return f"{number:0{width}d}-of-{count}"


@dataclass(frozen=True, slots=True)
class Shard:
    name: str  # its folder in SEARCH_DIR
    pages: tuple[str, ...]  # the paths in the site of the files it indexes, sorted
    key: str  # digest of those paths and the digests of their bytes: same key, same index


def plan_shards(pages: Mapping[str, str]) -> dict[str, Shard]:
    """The non-empty shards of the site whose searchable files are `pages` (path in the site:
    digest of the file's bytes), by name, in the order the browser merges them."""
    count = shard_count(len(pages))
    members: dict[int, list[str]] = {}
    for path in sorted(pages):
        members.setdefault(shard_of(path, count), []).append(path)
    shards: dict[str, Shard] = {}
    for number in sorted(members):
        paths = tuple(members[number])
        key = hashlib.blake2b(repr([(p, pages[p]) for p in paths]).encode("utf-8"),
                              digest_size=16).hexdigest()
        name = shard_name(number, count)
        shards[name] = Shard(name, paths, key)
    return shards


# ---- the index on disk ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """A search index in place: its shards' keys and its files, by path within SEARCH_DIR."""

    shards: Mapping[str, str] = field(default_factory=dict)  # shard name: key
    files: frozenset[str] = frozenset()
    rebuilt: int = 0  # shards Pagefind made this time; the others were in place already

    @property
    def outcome(self) -> str:
        """What became of the index, for the end line of a build."""
        if not self.rebuilt:
            return "reused"
        if self.rebuilt == len(self.shards):
            return "rebuilt"
        return f"updated ({self.rebuilt} of {len(self.shards)} shards)"


NO_INDEX = SearchIndex()  # nothing in place yet


def index_site(folder: Path, pages: Mapping[str, str], previous: SearchIndex = NO_INDEX,
               done: Callable[[int], None] = lambda pages: None,
               store: ShardStore | None = None,
               source: Callable[[str], Path] | None = None) -> SearchIndex:
    """Bring `folder/pagefind/` up to date with the searchable files `pages` of `folder` (path:
    `search_digest`), re-indexing only the shards `previous` (what is in place) does not hold
    already and `store` (the cache's shards) does not keep; what Pagefind makes goes into
    `store` for next time.

    Every changed shard is made in a temporary folder first, so a failure changes nothing.
    Into a live site the new files are added beside the old ones, each shard's entry file
    replaced after its other files and the shard list last, so a tab that loaded the old list
    still finds its files; old files stay while `previous` names them (one generation), and
    go with the next index. `done` hears how many pages each shard indexed, as it finishes.
    `source` says where each page's file is, when not in `folder` yet (a `Patch`'s)."""
    shards = plan_shards(pages)
    stale = [shard for name, shard in shards.items() if previous.shards.get(name) != shard.key]
    index = folder / SEARCH_DIR
    if not stale and list(shards) == list(previous.shards) and (index / MANIFEST).is_file():
        return SearchIndex(previous.shards, previous.files | {MANIFEST})  # nothing to do
    scratch = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=folder))
    try:
        made: dict[str, frozenset[str]] = {}
        unmade: list[Shard] = []
        for shard in stale:
            kept = store.take(shard.key, scratch / shard.name) if store else None
            if kept is None:
                unmade.append(shard)
            else:
                made[shard.name] = kept
                done(len(shard.pages))
        with ThreadPoolExecutor(max_workers=SHARD_RUNS) as runs:
            located = source or (lambda page: folder / page)
            running = {runs.submit(_index_shard, located, shard, scratch): shard
                       for shard in unmade}
            for finished in as_completed(running):  # the caller's `done` runs on its thread
                shard = running[finished]
                made[shard.name] = finished.result()
                if store:
                    store.keep(shard.key, scratch / shard.name, made[shard.name])
                done(len(shard.pages))
        made = {name: made[name] for name in sorted(made)}
        index.mkdir(exist_ok=True)
        for name, files in made.items():
            _move_into_place(scratch / name, index / name, files)
        current = {f"{name}/{file}" for name, files in made.items() for file in files}
        for name in shards.keys() - made.keys():
            current |= {path for path in previous.files if path.startswith(f"{name}/")}
        _write_manifest(index, list(shards))
        current.add(MANIFEST)
        for old in sorted(index.rglob("*"), reverse=True):  # files before their folders
            name = old.relative_to(index).as_posix()
            if old.is_file() and name not in current and name not in previous.files:
                old.unlink()
            elif old.is_dir() and not any(old.iterdir()):
                old.rmdir()
        if store:
            store.prune(keep=STORED_GENERATIONS * len(shards))
        return SearchIndex({name: shard.key for name, shard in shards.items()},
                           frozenset(current), len(unmade))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _index_shard(source: Callable[[str], Path], shard: Shard, scratch: Path
                 ) -> frozenset[str]:
    """Pagefind over the pages of one shard (each in the file `source` names), into
    `scratch/<shard name>`; its files."""
    pages = Path(tempfile.mkdtemp(prefix="braindiet-search-", dir=_pages_scratch()))
    try:
        for page in shard.pages:
            _place_for_pagefind(source(page), pages / page)
        output = scratch / shard.name
        completed = subprocess.run(
            [*pagefind_command(), "--site", str(pages), "--output-path", str(output),
             "--silent"], capture_output=True, text=True, check=False)
    finally:
        shutil.rmtree(pages, ignore_errors=True)
    if completed.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({completed.returncode}): "
                               f"{completed.stderr.strip() or completed.stdout.strip()}")
    validate_index(output)
    for name in UNUSED_FILES:
        (output / name).unlink(missing_ok=True)
    return index_files(output)


def _pages_scratch() -> str | None:
    """Where the copies of a shard's pages go: memory (/dev/shm) when there is one and no
    TMPDIR says otherwise. Each page needs a folder of its own, and on a disk removing
    hundreds of fresh folders can cost more than indexing them (seen at 2 ms each)."""
    if os.environ.get("TMPDIR") is None and os.access("/dev/shm", os.W_OK | os.X_OK):
        return "/dev/shm"
    return None  # the system's temporary folder


def _place_for_pagefind(page: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    html = page.read_bytes()
    searched = search_part(html)
    if searched is not None:
        target.write_bytes(searched)
        return
    _link_or_copy(page, target)


def _move_into_place(fresh: Path, current: Path, made: frozenset[str]) -> None:
    if not current.exists():
        fresh.rename(current)
        return
    for name in sorted(made - {ENTRY_FILE}):
        (current / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(fresh / name, current / name)
    os.replace(fresh / ENTRY_FILE, current / ENTRY_FILE)


def _write_manifest(index: Path, shards: list[str]) -> None:
    data = json.dumps({"shards": shards}, indent=1).encode("utf-8") + b"\n"
    temporary = index / f".{MANIFEST}.{os.getpid()}"
    temporary.write_bytes(data)
    os.replace(temporary, index / MANIFEST)


# ---- shards kept in the cache ----------------------------------------------------------------

STORE_NAMESPACE = "search-shards"
STORED_GENERATIONS = 3  # the store keeps about three whole indexes' worth of shards
LISTING = ".files.json"  # an entry's files, with the size and mtime each had when kept


@dataclass(frozen=True, slots=True)
class ShardStore:
    """Shards Pagefind made, kept in the cache by key (the shard's pages and what Pagefind reads
    of each), so a shard made once is not made again: after the output folder was deleted, on
    another output folder, when an edit is undone. Entries are shared with the sites by hard
    link where the file system allows; one whose files changed since it was kept (written
    through such a link) is dropped, not used. The least recently used go first."""

    folder: Path

    @classmethod
    def in_cache(cls) -> ShardStore | None:
        root = cache_dir()
        return None if root is None else cls(root / STORE_NAMESPACE)

    def take(self, key: str, into: Path) -> frozenset[str] | None:
        """The shard of `key` placed in the new folder `into`: its files; None when not kept."""
        entry = self.folder / _entry_name(key)
        try:
            listed = json.loads((entry / LISTING).read_text(encoding="utf-8"))
            if any(_stamp(entry / name) != tuple(stamp) for name, stamp in listed.items()):
                shutil.rmtree(entry, ignore_errors=True)  # changed in place: not to be trusted
                return None
            for name in listed:
                (into / name).parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(entry / name, into / name)
            os.utime(entry)  # the most recently used, for `prune`
        except (OSError, ValueError, TypeError, AttributeError):
            shutil.rmtree(into, ignore_errors=True)
            return None
        return frozenset(listed)

    def keep(self, key: str, made: Path, files: frozenset[str]) -> None:
        """Keep the shard Pagefind made for `key` in `made`; a full disk only costs speed."""
        entry = self.folder / _entry_name(key)
        if entry.exists():
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fresh = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
        except OSError:
            return
        try:
            for name in sorted(files):
                (fresh / name).parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(made / name, fresh / name)
            listing = {name: _stamp(fresh / name) for name in sorted(files)}
            (fresh / LISTING).write_text(json.dumps(listing), encoding="utf-8")
            fresh.rename(entry)
        except OSError:
            shutil.rmtree(fresh, ignore_errors=True)

    def prune(self, keep: int) -> None:
        """Drop all but the `keep` most recently used shards (and what killed builds left)."""
        try:
            entries = [(path.stat().st_mtime_ns, path) for path in self.folder.iterdir()]
        except OSError:
            return
        stale = time.time_ns() - 3600 * 10**9
        unfinished = [path for made, path in entries if path.name.startswith(".") and made < stale]
        kept = sorted((e for e in entries if not e[1].name.startswith(".")), reverse=True)
        for path in [*unfinished, *(path for _, path in kept[keep:])]:
            shutil.rmtree(path, ignore_errors=True)


def _entry_name(key: str) -> str:
    """The store's name for the shard of `key`: another Pagefind or braindiet makes another
    index of the same pages."""
    indexer = versions(("pagefind", "pagefind_bin"))
    return hashlib.blake2b(f"{key}:{indexer}".encode(), digest_size=16).hexdigest()


def _stamp(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_size, found.st_mtime_ns


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)  # another file system: mtime kept, so stamps still agree


# ---- what Pagefind reads of a page ---------------------------------------------------------

_BODY_ELEMENT = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*\sdata-pagefind-body\b[^>]*>")
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
# Where text that looks like a tag may not be one; a script that only names its file is fine.
_UNCOUNTABLE = re.compile(rb"<!--|<script\b[^>]*>(?!</script>)|<(?:template|textarea|style)\b",
                          re.IGNORECASE)


IGNORED = b"data-pagefind-ignore"
_IGNORED_ELEMENT = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*\sdata-pagefind-ignore\b[^>]*>")
_IMAGE = re.compile(rb"<img\b")  # in lower case
_SPACE = frozenset(b" \t\n\r\f\v")  # what `\s` matches in a bytes pattern


def search_digest(html: bytes) -> str | None:
    """What a page's search index depends on: the digest of what Pagefind reads of it (see
    `search_part`), so a change elsewhere on the page (the sidebar every page shows) re-indexes
    nothing; None for a page that is not marked searchable."""
    if SEARCHABLE not in html:
        return None
    read = search_part(html)
    return hashlib.blake2b(html if read is None else read, digest_size=16).hexdigest()


def search_part(html: bytes) -> bytes | None:
    """The page as Pagefind needs to see it: its head, and its one `data-pagefind-body`
    element. None when that might index differently: the page has no such element or more
    than one, Pagefind markup outside it, or content (comments, scripts) that could hide
    where the element ends."""
    if html.count(SEARCHABLE) != 1:
        return None
    body_tag = _BODY_TAG.search(html)
    element = next(marked_tags(_BODY_ELEMENT, SEARCHABLE, html), None)
    if body_tag is None or element is None or element.start() < body_tag.end():
        return None
    end = _element_end(html, element.group(1), element.end())
    if end is None or _UNCOUNTABLE.search(html, element.end(), end):
        return None
    outside = html[body_tag.end():element.start()] + html[end:]
    if b"data-pagefind-" in outside:
        return None
    return b"".join([html[:body_tag.end()], _without_ignored(html[element.start():end]),
                     b"</body></html>\n"])


def _without_ignored(element: bytes) -> bytes:
    """`element` without the parts it marks `data-pagefind-ignore` (the nutrition tables, the
    matrices, the cards), where nothing in them is read: no other Pagefind markup, no image
    (the first one can become the result's image), no anchor for a sub-result."""
    kept: list[bytes] = []
    at = 0
    for ignored in marked_tags(_IGNORED_ELEMENT, IGNORED, element):
        if ignored.start() < at:
            continue  # inside a part already dropped
        end = _element_end(element, ignored.group(1), ignored.end())
        if end is None:
            continue
        part = element[ignored.start():end]
        if part.count(b"data-pagefind-") > 1 or read_inside(part):
            continue
        kept.append(element[at:ignored.start()])
        at = end
    kept.append(element[at:])
    return b"".join(kept)


def read_inside(part: bytes) -> bool:
    r"""Whether Pagefind reads anything in `part`: an image or an element with an id, in any
    case (`<img\b|\sid=`, ignoring case, found by plain search: several times faster on the
    large tables such parts are)."""
    lower = part.lower()
    if _IMAGE.search(lower):
        return True
    at = lower.find(b"id=", 1)
    while at != -1:
        if lower[at - 1] in _SPACE:
            return True
        at = lower.find(b"id=", at + 3)
    return False


def marked_tags(start_tag: re.Pattern[bytes], marker: bytes, html: bytes
                ) -> Iterator[re.Match[bytes]]:
    """What `start_tag.finditer(html)` finds, for a pattern of one start tag holding `marker`,
    looked for only around each occurrence of the marker: trying the pattern at each of a
    page's thousands of `<` cost a millisecond a page. A tag holds no `>` but its last, so a
    match holding an occurrence lies between the `>` before it and the `>` after it."""
    at = html.find(marker)
    while at != -1:
        opening = html.rfind(b">", 0, at) + 1
        closing = html.find(b">", at)
        if closing == -1:
            return
        match = start_tag.search(html, opening, closing + 1)
        if match is not None:
            yield match
        at = html.find(marker, closing)


def _element_end(html: bytes, tag: bytes, start: int) -> int | None:
    """Where the element whose start tag ends at `start` ends (after its end tag)."""
    pattern = re.compile(rb"<(/?)" + re.escape(tag) + rb"\b[^>]*>", re.IGNORECASE)
    depth = 1
    for match in pattern.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return None


# ---- Pagefind itself -----------------------------------------------------------------------


def pagefind_command() -> list[str]:
    """The Pagefind binary `pagefind[bin]` installs, run directly: through `python -m
    pagefind` it costs one more interpreter start (a quarter of an edit-sized build)."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped, unused-ignore]

        return [str(get_executable())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "pagefind"]


def validate_index(index: Path) -> None:
    """Refuse (SearchIndexError) an index Pagefind left incomplete. It reports success even
    when the disk filled up under it and its files are empty; such an index must not go live.
    """
    entry = index / ENTRY_FILE
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        required = [index / "pagefind.js"]
        for language in languages.values():
            required += [index / f"pagefind.{language['hash']}.pf_meta",
                         index / f"wasm.{language['wasm']}.pagefind"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(f"search index incomplete: {ENTRY_FILE} unreadable ({exc})") \
            from None
    missing = [p.name for p in required if not p.is_file()]
    empty = sorted(p.relative_to(index).as_posix() for p in index.rglob("*")
                   if p.is_file() and p.stat().st_size == 0)
    no_fragments = any(int(lang.get("page_count") or 0) > 0 for lang in languages.values()) \
        and not any((index / "fragment").glob("*.pf_fragment"))
    if missing or empty or no_fragments:
        what = ", ".join([*(f"{n} missing" for n in missing), *(f"{n} empty" for n in empty[:5]),
                          *(["no page fragments"] if no_fragments else [])])
        raise SearchIndexError(f"search index incomplete ({what}); the previous site is kept")


def index_files(index: Path) -> frozenset[str]:
    """The files of a search index folder, by path within it."""
    return frozenset(p.relative_to(index).as_posix() for p in index.rglob("*") if p.is_file())
