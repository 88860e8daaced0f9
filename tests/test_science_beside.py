"""A cold build draws the structures in a child while it computes the nutrition: what it gets
is what drawing them here gives, and a warm cache draws nothing anywhere.

Forking needs a process running no other thread (pytest-xdist's workers run some), so the
loading runs in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import PROJECT_ROOT

SCRIPT = """
import json, os, sys
from pathlib import Path
from braindiet import project as project_module
from braindiet.parallel import can_fork
from braindiet.project import load_project

assert can_fork()
site = Path(sys.argv[1])
cache = Path(sys.argv[2])

def structures(project):
    return {d.permalink: repr(s) for d, s in project.structures.items()}

os.environ["BRAINDIET_CACHE"] = str(cache)
beside = load_project(site)
beside.science()
drawn_here = project_module.draw_structure.cache_info().misses
warm = load_project(site)
warm.science()
drawn_when_warm = project_module.draw_structure.cache_info().misses - drawn_here

here = {d.permalink: repr(project_module.draw_structure.__wrapped__(request))
        for d, request in beside._structure_requests().items()}
print(json.dumps({"beside": structures(beside), "here": here, "warm": structures(warm),
                  "drawn_here": drawn_here, "drawn_when_warm": drawn_when_warm,
                  "nutrition": "nutrition" in vars(beside)}))
"""


def _run(site: Path, cache: Path) -> Any:
    completed = subprocess.run([sys.executable, "-c", SCRIPT, str(site), str(cache)],
                               capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    return json.loads(completed.stdout)


def test_structures_drawn_beside_the_nutrition_are_those_drawn_here(
        example_root: Path, tmp_path: Path) -> None:
    answer = _run(example_root, tmp_path)
    assert answer["beside"], "the example site has substances with structures"
    assert answer["beside"] == answer["here"] == answer["warm"]
    assert answer["nutrition"]
    assert answer["drawn_here"] == 0  # the child drew them all
    assert answer["drawn_when_warm"] == 0  # read back from the cache
