"""Ctrl+C stops a build wherever it arrives, even while the build forks one of its helpers
(the bibliography's, the checks', a render worker): no site appears, no staging folder stays,
and no helper outlives the command.

An interrupt that arrives while Python runs its at-fork hooks is raised inside a hook, where
Python prints it as "ignored" and drops it, and the build used to go on to the end. The driver
below sends one at exactly that moment, at the n-th fork of the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DRIVER = """
import os, signal, sys
main, nth, marker, forks = os.getpid(), int(sys.argv[1]), sys.argv[2], 0

def interrupt_inside_the_hooks():
    global forks
    if os.getpid() != main:  # a helper's own forks
        return
    forks += 1
    if forks == nth:
        open(marker, "w").close()
        os.kill(main, signal.SIGINT)
        for _ in range(10_000):  # where Python raises what a signal handler asks for
            pass

os.register_at_fork(after_in_parent=interrupt_inside_the_hooks)
sys.argv = ["braindiet", *sys.argv[3:]]
from braindiet.cli import app
app()
"""


def test_an_interrupt_during_any_fork_stops_the_build(tmp_path: Path,
                                                      corpus_root: Path) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    out = tmp_path / "out"
    env = dict(os.environ, BRAINDIET_DAEMON="off")
    interrupted = 0
    for nth in range(1, 20):
        fired = tmp_path / f"fired-{nth}"
        env["BRAINDIET_CACHE"] = str(tmp_path / f"cache-{nth}")  # cold: every helper forks
        # run() returns once every holder of the stderr pipe has closed it: the helpers too
        completed = subprocess.run([sys.executable, str(driver), str(nth), str(fired),
                                    "build", str(corpus_root), "-o", str(out), "-q"],
                                   env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, timeout=300)
        if not fired.exists():  # the build forks fewer times: this one ran to the end
            assert completed.returncode == 0 and (out / "index.html").is_file()
            break
        interrupted += 1
        assert completed.returncode != 0, f"fork {nth}: the build went on"
        assert "ignored" not in completed.stderr
        assert not out.exists() and not list(tmp_path.glob(".out.building-*")), nth
    # the bibliography's helper, the checks' child, and a render worker where there are cores
    assert interrupted >= (3 if (os.cpu_count() or 1) > 1 else 2)
