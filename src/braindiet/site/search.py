"""The static search index: Pagefind (its binary ships on PyPI) over the built pages.

Pages mark what is searchable with `data-pagefind-body`, their kind and tags with
`data-pagefind-meta` (Pagefind's filter files differ from build to build, metadata does not;
the search box filters on it) and what to skip with `data-pagefind-ignore`. The index is a
folder of static files beside the pages; searching needs no server code and works offline.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SEARCH_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    pass


def index_site(folder: Path) -> None:
    """Write `folder/pagefind/` from the HTML pages in `folder`, replacing an older index
    only once the new one is complete."""
    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=folder))
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path",
             str(fresh), "--silent"], capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise SearchIndexError(f"pagefind failed ({completed.returncode}): "
                                   f"{completed.stderr.strip() or completed.stdout.strip()}")
        current = folder / SEARCH_DIR
        retired = folder / f".{SEARCH_DIR}-old"
        if current.exists():
            current.rename(retired)
        fresh.rename(current)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
