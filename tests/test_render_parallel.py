"""The site rendered in forked workers is byte for byte the site rendered in one process.

pytest-xdist's workers run threads, and braindiet forks only from a process running none, so
the builds run in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

BUILD_BOTH_WAYS = """
import hashlib, json, os, sys
from pathlib import Path
from braindiet.parallel import can_fork
from braindiet.site import build as site_build
site_build.PARALLEL_FROM = 2  # the example is small
assert can_fork()  # so `workers=2` below does fork
out = Path(sys.argv[1])
def files(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
site_build.build(None, out / "one", search=False, workers=1)
(out / "pids").mkdir()
real = site_build._produce_into
def spy(*args):
    (out / "pids" / str(os.getpid())).touch()  # a worker's memory does not come back
    return real(*args)
site_build._produce_into = spy
site_build.build(None, out / "two", search=False, workers=2)
workers = {p.name for p in (out / "pids").iterdir()} - {str(os.getpid())}
print(json.dumps({"one": files(out / "one"), "two": files(out / "two"),
                  "workers": sorted(workers)}))
"""


def test_the_example_renders_identically_in_two_workers(tmp_path: Path) -> None:
    completed = subprocess.run([sys.executable, "-c", BUILD_BOTH_WAYS, str(tmp_path)],
                               capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    answer = json.loads(completed.stdout)
    assert len(answer["workers"]) >= 1, "the second build did not render in workers"
    assert len(answer["one"]) > 100
    assert answer["two"] == answer["one"]
