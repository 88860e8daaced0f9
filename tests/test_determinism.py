"""Two builds of the same input are byte-identical, whatever the process's hash seed.

Each build runs in its own interpreter with its own PYTHONHASHSEED and no cache, so an output
that followed the order of a set or dict of strings (which the seed shuffles) would differ.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def build_in_subprocess(site: Path | None, output: Path, seed: int) -> dict[str, bytes]:
    env = dict(os.environ, PYTHONHASHSEED=str(seed), BRAINDIET_CACHE="off")
    command = [sys.executable, "-m", "braindiet.cli", "build", "-o", str(output), "-q"]
    if site is not None:
        command.insert(4, str(site))
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=600)
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


def assert_identical(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert sorted(first) == sorted(second), set(first) ^ set(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_the_example_builds_identically_under_different_hash_seeds(tmp_path: Path) -> None:
    first = build_in_subprocess(None, tmp_path / "a", seed=1)
    second = build_in_subprocess(None, tmp_path / "b", seed=2)
    assert len(first) > 100
    assert_identical(first, second)


@pytest.mark.corpus
def test_the_corpus_builds_identically_under_different_hash_seeds(corpus_root: Path,
                                                                   tmp_path: Path) -> None:
    first = build_in_subprocess(corpus_root, tmp_path / "a", seed=3)
    second = build_in_subprocess(corpus_root, tmp_path / "b", seed=4)
    assert len(first) > 1000
    assert_identical(first, second)
