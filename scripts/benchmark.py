#!/usr/bin/env python3
"""Time braindiet on the reference corpus and on synthetic knowledge bases; print a table.

Each measurement runs in a fresh Python process, so peak memory is that step's own and imports
are counted the way a user pays for them. Nothing here is asserted: these are figures to read.

    .venv/bin/python scripts/benchmark.py                      # the corpus
    .venv/bin/python scripts/benchmark.py --sizes 1000 10000   # plus synthetic sites
    .venv/bin/python scripts/benchmark.py --only "full build"  # one step
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "brain-diet-2025-12"

# Each step is Python run in a child with SITE (the site folder) and OUT (a scratch folder).
# It sets `result`, a dict of figures; a "seconds" entry there replaces the wall time of the
# whole step (used when only part of the step is what is measured).
STEPS: dict[str, str] = {
    "load+check": """
from braindiet.checks import run_checks
from braindiet.project import load_project
project = load_project(SITE)
result = {"pages": len(project.documents), "diagnostics": len(run_checks(project))}
""",
    "full build": """
from braindiet.site.build import build
outcome = build(SITE, OUT / "site", search=False)
result = {"pages": outcome.pages, "files": outcome.files,
          **{f"{phase} s": round(took, 1) for phase, took in outcome.seconds.items()}}
""",
    "full build+search": """
from braindiet.site.build import build
outcome = build(SITE, OUT / "site")
result = {"pages": outcome.pages, "search s": round(outcome.seconds["search"], 2)}
""",
    "incremental": """
import shutil, time
from braindiet.site.incremental import LiveSite
copy = OUT / "source"
shutil.copytree(SITE, copy)
live = LiveSite(copy, OUT / "live")
food = sorted(p for p in (copy / "docs" / "foods").glob("*.md") if p.stem != "index")[0]
timings = {}
for name, change in (("body edit", lambda t: t + "\\nOne more sentence.\\n"),
                     ("retag", lambda t: t.replace("tags:\\n", "tags:\\n  - Benchmark Tag\\n", 1))):
    food.write_text(change(food.read_text()))
    report = live.rebuild()
    timings[name] = (report.seconds, report.made)
body, retag = timings["body edit"], timings["retag"]
result = {"seconds": body[0], "page": food.name, "body edit ms": round(body[0] * 1000),
          "files remade": body[1], "retag ms": round(retag[0] * 1000), "retag remade": retag[1]}
""",
}

HARNESS = """
import json, resource, sys, time
from pathlib import Path
SITE, OUT = Path(sys.argv[1]), Path(sys.argv[2])
started = time.perf_counter()
{code}
elapsed = result.pop("seconds", time.perf_counter() - started)
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "peak_mb": peak_kb / 1024, **result}}))
"""


def run_step(name: str, site: Path, env: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        completed = subprocess.run(
            [sys.executable, "-c", HARNESS.format(code=STEPS[name]), str(site), scratch],
            env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{name} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measure(label: str, site: Path, steps: list[str], repeat: int,
            rows: list[tuple[str, str, str, dict[str, float]]]) -> None:
    with tempfile.TemporaryDirectory() as cache:
        for cache_state in ("cold", "warm"):
            env = dict(os.environ, BRAINDIET_CACHE=cache)
            for name in steps:
                if cache_state == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                runs = [run_step(name, site, env)
                        for _ in range(1 if cache_state == "cold" else repeat)]
                rows.append((label, name, cache_state, min(runs, key=lambda r: r["seconds"])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per step; best shown")
    parser.add_argument("--only", nargs="*", choices=sorted(STEPS), default=None)
    parser.add_argument("--sizes", nargs="*", type=int, default=[],
                        help="also build synthetic sites of these page counts")
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args()
    # In STEPS order, so the cache a warm step finds is the one the cold steps left behind
    # (a warm full build after a cold load+check alone would format the references again).
    steps = [name for name in STEPS if args.only is None or name in args.only]
    rows: list[tuple[str, str, str, dict[str, float]]] = []
    if not args.no_corpus:
        if not (args.corpus / "docs").is_dir():
            raise SystemExit(f"no corpus at {args.corpus}")
        measure("corpus", args.corpus, steps, args.repeat, rows)
    sys.path.insert(0, str(ROOT / "scripts"))
    from synthetic import generate

    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            site = Path(scratch) / f"synthetic-{size}"
            generate(site, size)
            synthetic_steps = [s for s in steps if s in ("load+check", "full build")]
            measure(f"synthetic {size}", site, synthetic_steps, 1, rows)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; best of {args.repeat} "
          "warm runs (one on synthetic sites), one cold run (empty cache)")
    print(f"{'site':<16} {'step':<18} {'cache':<5} {'seconds':>8} {'ms/page':>8} "
          f"{'peak MB':>8}  details")
    for label, name, cache_state, figures in rows:
        pages = figures.get("pages")
        per_page = f"{figures['seconds'] * 1000 / pages:8.2f}" if pages else f"{'':>8}"
        details = ", ".join(f"{k}={v}" for k, v in figures.items()
                            if k not in ("seconds", "peak_mb"))
        print(f"{label:<16} {name:<18} {cache_state:<5} {figures['seconds']:>8.3f} {per_page} "
              f"{figures['peak_mb']:>8.0f}  {details}")


if __name__ == "__main__":
    main()
