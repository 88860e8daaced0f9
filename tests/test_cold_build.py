"""A cold build (empty cache) gives what a warm one and one without any cache give.

On a cold cache the bibliography is parsed and formatted in a forked helper process while the
pages load. What forks runs in a fresh interpreter: pytest-xdist's workers run threads, and
nothing forks beside a thread.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import PROJECT_ROOT

from braindiet import example_site


def _build(output: Path, cache: str) -> dict[str, bytes]:
    env = dict(os.environ, BRAINDIET_CACHE=cache)
    subprocess.run([sys.executable, "-m", "braindiet.cli", "build", "-o", str(output), "-q"],
                   env=env, check=True, capture_output=True, timeout=600, cwd=PROJECT_ROOT)
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


def _differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(set(first) ^ set(second)) or [p for p in first if first[p] != second[p]]


def test_cold_warm_and_uncached_builds_are_byte_identical(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    uncached = _build(tmp_path / "uncached", "off")
    cold = _build(tmp_path / "cold", str(cache))
    assert (cache / "references").is_dir()  # the helper's results were kept
    warm = _build(tmp_path / "warm", str(cache))
    assert len(uncached) > 100
    assert _differing(cold, uncached) == []
    assert _differing(warm, cold) == []


LOAD_WITH_HELPER = """
import json, os, sys
from braindiet import example_site, references
from braindiet.project import load_project
project = load_project(example_site(), formatting=True)
helpers = [h.pid for h in references._helpers.values()]
formatted = project.formatted_references()
alive = []
for pid in helpers:
    try:
        os.kill(pid, 0)
        alive.append(pid)
    except ProcessLookupError:
        pass
print(json.dumps({"helpers": helpers, "alive": alive, "parent": os.getpid(),
                  "html": formatted.html, "keys": sorted(r.key for r in project.bibliography),
                  "notes": [d.message for d in project.bibliography.diagnostics]}))
"""


def _load(cache: str) -> dict[str, Any]:
    completed = subprocess.run([sys.executable, "-c", LOAD_WITH_HELPER], capture_output=True,
                               text=True, check=True, cwd=PROJECT_ROOT,
                               env=dict(os.environ, BRAINDIET_CACHE=cache))
    answer: dict[str, Any] = json.loads(completed.stdout)
    return answer


def test_the_helper_computes_what_one_process_does_and_outlives_nothing(tmp_path: Path) -> None:
    alone = _load("off")  # no cache to share results through: no helper
    helped = _load(str(tmp_path / "cache"))
    assert alone["helpers"] == []
    assert helped["helpers"] and helped["helpers"] != [helped["parent"]]
    assert helped["alive"] == []  # waited for, not left running
    entries = sum(line.startswith("@") for bib in (example_site() / "static").rglob("*.bib")
                  for line in bib.read_text("utf-8").splitlines())
    assert entries > 5 and sorted(alone["html"]) == alone["keys"]
    assert len(alone["keys"]) == entries
    for field in ("html", "keys", "notes"):
        assert helped[field] == alone[field], field
    again = _load(str(tmp_path / "cache"))
    assert again["helpers"] == []  # everything is in the cache now: nothing to start
    assert again["html"] == alone["html"]
