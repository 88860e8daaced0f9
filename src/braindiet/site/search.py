"""The static search index: Pagefind (its binary ships on PyPI) over the built pages.

Pages mark what is searchable with `data-pagefind-body`, their kind and tags with
`data-pagefind-meta` (Pagefind's filter files differ from build to build, metadata does not;
the search box filters on it) and what to skip with `data-pagefind-ignore`. The index is a
folder of static files beside the pages; searching needs no server code and works offline.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SEARCH_DIR = "pagefind"
SEARCHABLE = b"data-pagefind-body"  # Pagefind indexes only pages marked so, when there are any
ENTRY_FILE = "pagefind-entry.json"  # names the index's other files, which are named by hash


class SearchIndexError(RuntimeError):
    pass


def index_site(folder: Path, keep: frozenset[str] = frozenset()) -> frozenset[str]:
    """Write `folder/pagefind/` from the HTML pages in `folder`; the index's files, by path.

    Into an existing index (a live site) the new files are added beside the old ones and the
    entry file is replaced last, so a tab that loaded the old entry still finds its files; old
    files are removed once neither this index nor `keep` (the previous one's files) names them.
    """
    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=folder))
    try:
        completed = subprocess.run(
            [*pagefind_command(), "--site", str(folder), "--output-path", str(fresh),
             "--silent"], capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise SearchIndexError(f"pagefind failed ({completed.returncode}): "
                                   f"{completed.stderr.strip() or completed.stdout.strip()}")
        validate_index(fresh)
        made = index_files(fresh)
        current = folder / SEARCH_DIR
        if not current.exists():
            fresh.rename(current)
            return made
        for name in sorted(made - {ENTRY_FILE}):
            (current / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(fresh / name, current / name)
        os.replace(fresh / ENTRY_FILE, current / ENTRY_FILE)
        for old in current.rglob("*"):
            name = old.relative_to(current).as_posix()
            if old.is_file() and name not in made and name not in keep:
                old.unlink()
        return made
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


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
