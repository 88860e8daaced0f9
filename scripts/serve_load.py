#!/usr/bin/env python3
"""Load-test `braindiet serve` while a page is being edited; print errors, truncated answers,
refused foreign Hosts and p50/p99 latency.

The server runs as a user runs it (`braindiet serve SITE --port N`) on a copy of the site, on
127.0.0.1 only. Client threads fetch pages (the edited one most often) over keep-alive
connections while an editor rewrites a page's source every `--edit-every` seconds, so the
server rebuilds and replaces files under the readers. An answer is truncated when its body is
shorter than its Content-Length or an HTML page does not end with `</html>`. The run makes
`--requests` requests (more if no edit has been served by then), is bounded by `--seconds`, and
stops the server when done.

    .venv/bin/python scripts/serve_load.py                       # the example, 4,000 requests
    .venv/bin/python scripts/serve_load.py --requests 600 --json # shorter, machine-readable
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src" / "braindiet" / "examples" / "default"
EDITED = "docs/foods/spinach.md"
PAGES = ["/docs/foods/spinach/", "/docs/foods/spinach/", "/docs/foods/spinach/", "/",
         "/docs/foods/", "/docs/tags/", "/api/index.json", "/sitemap.xml"]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    truncated: int = 0
    edits: int = 0
    edited_pages_seen: int = 0  # answers showing an edit: the server did rebuild under load
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(site: Path, port: int, output: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-c", "from braindiet.cli import app; app()", "serve", str(site),
               "--port", str(port), "--output", str(output)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def wait_ready(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {seconds:.0f} s")


def fetch(connection: http.client.HTTPConnection, path: str, tally: Tally) -> None:
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{connection.port}"})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    length = int(response.getheader("Content-Length") or -1)
    broken = len(body) != length or (path.endswith("/") and not body.rstrip().endswith(b"</html>"))
    with tally.lock:
        tally.latencies.append(elapsed)
        if response.status != 200:
            tally.errors.append(f"{path}: HTTP {response.status}")
        if broken:
            tally.truncated += 1
        if b"Edit number" in body:
            tally.edited_pages_seen += 1


def reader(port: int, count: int, offset: int, tally: Tally, stop: threading.Event) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    number = 0
    # Past `count`, go on until an edited page has been served: on a busy machine the requests
    # can all be answered before the first rebuild lands, and then nothing was tested.
    while number < count or not tally.edited_pages_seen:
        if stop.is_set():
            return
        number += 1
        try:
            fetch(connection, PAGES[(number + offset) % len(PAGES)], tally)
        except http.client.IncompleteRead:  # the body ended before its Content-Length
            with tally.lock:
                tally.truncated += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        except (OSError, http.client.HTTPException) as exc:
            with tally.lock:
                tally.errors.append(f"{type(exc).__name__}: {exc}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.close()


def editor(page: Path, every: float, tally: Tally, stop: threading.Event) -> None:
    """Save the page the way an editor does, over and over: new text in place."""
    original = page.read_text(encoding="utf-8")
    while not stop.wait(every):
        tally.edits += 1
        page.write_text(original + f"\nEdit number {tally.edits}.\n", encoding="utf-8")


def foreign_host_refused(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", "/", headers={"Host": "attacker.example:80"})
    refused = connection.getresponse().status == 421
    connection.close()
    return refused


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def run(site: Path, requests: int, clients: int, every: float, seconds: float) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="braindiet-load-"))
    try:
        copy = work / "site"
        shutil.copytree(site, copy)
        port = free_port()
        server = start_server(copy, port, work / "out")
        tally, stop = Tally(), threading.Event()
        try:
            wait_ready(port, 120)
            threads = [threading.Thread(target=reader, args=(port, requests // clients, n, tally,
                                                             stop)) for n in range(clients)]
            edits = threading.Thread(target=editor, args=(copy / EDITED, every, tally, stop))
            started = time.monotonic()
            for thread in [*threads, edits]:
                thread.start()
            for thread in threads:
                thread.join(timeout=max(0.0, seconds - (time.monotonic() - started)))
            stop.set()
            for thread in [*threads, edits]:
                thread.join(timeout=15)
            elapsed = time.monotonic() - started
            refused = foreign_host_refused(port)
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        latencies = sorted(tally.latencies)
        return {"requests": len(latencies), "clients": clients, "edits": tally.edits,
                "edited_pages_seen": tally.edited_pages_seen,
                "seconds": round(elapsed, 2), "errors": len(tally.errors),
                "error_samples": tally.errors[:5], "truncated": tally.truncated,
                "foreign_host_refused": refused,
                "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
                "p99_ms": round(percentile(latencies, 0.99) * 1000, 2)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=EXAMPLE)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--edit-every", type=float, default=0.3, help="seconds between edits")
    parser.add_argument("--seconds", type=float, default=300, help="upper bound on the run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = run(args.site, args.requests, args.clients, args.edit_every, args.seconds)
    if args.json:
        print(json.dumps(figures))
        return
    for name, value in figures.items():
        print(f"{name:>22}: {value}")


if __name__ == "__main__":
    main()
