#!/usr/bin/env python3
"""Time braindiet on the reference corpus and print a table (wall time, peak memory).

Each measurement runs in a fresh Python process, so peak memory is that step's own and imports
are counted the way a user pays for them. Nothing here is asserted: these are figures to read.

    .venv/bin/python scripts/benchmark.py [--corpus PATH] [--repeat N] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "brain-diet-2025-12"

# Each step is Python code run in a child; it sets `result` (a dict of extra figures) and the
# harness adds wall time and peak RSS around the part between the markers.
STEPS: dict[str, str] = {
    "load": """
from braindiet.project import load_project
project = load_project(SITE)
result = {"pages": len(project.documents)}
""",
    "load+check": """
from braindiet.checks import run_checks
from braindiet.project import load_project
project = load_project(SITE)
diagnostics = run_checks(project)
result = {"pages": len(project.documents), "diagnostics": len(diagnostics)}
""",
    "full build": """
from braindiet.site.build import build
outcome = build(SITE, OUT)
result = {"pages": outcome.pages, "files": outcome.files}
""",
}

HARNESS = """
import json, resource, sys, time
from pathlib import Path
SITE, OUT = Path(sys.argv[1]), Path(sys.argv[2])
started = time.perf_counter()
{code}
elapsed = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "peak_mb": peak_kb / 1024, **result}}))
"""


def run_step(name: str, site: Path, out: Path, env: dict[str, str]) -> dict[str, float]:
    code = HARNESS.format(code=STEPS[name])
    completed = subprocess.run([sys.executable, "-c", code, str(site), str(out)], env=env,
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{name} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the best is shown")
    parser.add_argument("--only", nargs="*", choices=sorted(STEPS), default=None)
    args = parser.parse_args()
    if not (args.corpus / "docs").is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")
    steps = args.only or list(STEPS)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        for label, cache in (("cold cache", Path(scratch) / "cache"), ("warm cache", None)):
            env = dict(os.environ)
            if cache is not None:
                env["BRAINDIET_CACHE"] = str(cache)
            for name in steps:
                runs = [run_step(name, args.corpus, out, env)
                        for _ in range(1 if cache is not None else args.repeat)]
                best = min(runs, key=lambda r: r["seconds"])
                rows.append((name, label, best))
                if cache is not None:  # each cold step starts from an empty cache
                    subprocess.run(["rm", "-rf", str(cache)], check=True)
    print(f"corpus: {args.corpus}  (python {sys.version.split()[0]}, {os.cpu_count()} cores)")
    print(f"{'step':<14} {'cache':<11} {'seconds':>8} {'peak MB':>8}  details")
    for name, label, figures in rows:
        details = ", ".join(f"{k}={v}" for k, v in figures.items()
                            if k not in ("seconds", "peak_mb"))
        print(f"{name:<14} {label:<11} {figures['seconds']:>8.3f} {figures['peak_mb']:>8.0f}  "
              f"{details}")


if __name__ == "__main__":
    main()
