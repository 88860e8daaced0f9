"""The bibliography formatted on both cores reads exactly as on one.

Worker processes are forked only from a process running no other thread; pytest-xdist's
workers run threads, so what must fork runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PROJECT_ROOT

from braindiet.parallel import forked_map

FIXTURES = Path(__file__).parent / "fixtures" / "bib"


def _run(script: str, *arguments: str) -> Any:
    completed = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True,
                               text=True, check=True, cwd=PROJECT_ROOT)
    return json.loads(completed.stdout)


def test_forked_tasks_run_in_other_processes_and_keep_their_order() -> None:
    script = """
import json, os, time
from braindiet.parallel import forked_map

def task(i):
    time.sleep(0.005)  # work enough for the helper to take its share
    return i * i, os.getpid()

results = forked_map(task, 100, workers=2)
print(json.dumps({"parent": os.getpid(), "results": results}))
"""
    answer = _run(script)
    assert [square for square, _ in answer["results"]] == [i * i for i in range(100)]
    pids = {pid for _, pid in answer["results"]}
    assert answer["parent"] in pids, "this process works too"
    assert pids - {answer["parent"]}, "and a helper"


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pids = forked_map(lambda i: os.getpid(), 50, workers=2)
    finally:
        stop.set()
        other.join()
    assert set(pids) == {os.getpid()}


FORMAT_BOTH_WAYS = """
import json, sys
from pathlib import Path
from braindiet.parallel import can_fork
from braindiet.science.bibliography import apa
from braindiet.science.bibliography.apa import format_bibliography
from braindiet.science.bibliography.bibtex import load_bibliography
apa.PARALLEL_FROM = 2  # the fixtures are small
assert can_fork()  # so `workers=2` below does fork
paths = [Path(p) for p in sys.argv[1:]]
bibliography = load_bibliography(paths, relative_to=paths[0].parent)
serial = format_bibliography(bibliography, cache={}, workers=1)
parallel = format_bibliography(bibliography, cache={}, workers=2)
print(json.dumps([[serial.html, [d.to_dict() for d in serial.diagnostics]],
                  [parallel.html, [d.to_dict() for d in parallel.diagnostics]]]))
"""


def _serial_and_parallel(*paths: Path) -> tuple[Any, Any]:
    serial, parallel = _run(FORMAT_BOTH_WAYS, *map(str, paths))
    return serial, parallel


def test_the_fixture_bibliographies_format_identically_on_two_cores() -> None:
    serial, parallel = _serial_and_parallel(*sorted(FIXTURES.glob("*.bib")))
    assert parallel == serial
    html, _ = serial
    assert len(html) > 5 and all(text.strip() for text in html.values())


@pytest.mark.corpus
def test_the_corpus_bibliography_formats_identically_on_two_cores(corpus_root: Path) -> None:
    serial, parallel = _serial_and_parallel(corpus_root / "static/bibtex/BRAIN-diet.bib")
    assert parallel == serial
    html, _ = serial
    assert len(html) > 600


def test_an_error_in_a_helper_is_raised_here_and_no_helper_is_left(tmp_path: Path) -> None:
    script = """
import json, os, sys, time
from braindiet.parallel import forked_map

started = sys.argv[1]  # the helper marks that it took a chunk; this process waits for it

def task(i):
    if os.getpid() != parent:
        open(started, "w").close()
        raise ValueError(f"task {i} failed in a helper")
    deadline = time.monotonic() + 60
    while not os.path.exists(started) and time.monotonic() < deadline:
        time.sleep(0.01)
    return i

parent = os.getpid()
try:
    forked_map(task, 100, workers=2)
    raised = None
except ValueError as error:
    raised = "failed in a helper" in str(error)
try:
    os.waitpid(-1, os.WNOHANG)
    left = True
except ChildProcessError:
    left = False
print(json.dumps({"raised": raised, "left": left}))
"""
    assert _run(script, str(tmp_path / "started")) == {"raised": True, "left": False}
