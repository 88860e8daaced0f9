"""A content-addressed cache for expensive results (parsed and formatted bibliographies, ...).

Entries are keyed by a hash of their inputs and of the versions of the code that computed them,
so a stale entry is never read: it is simply never asked for again. The folder can be deleted
at any time (`braindiet cache clear`, or `rm -r` on `braindiet cache path`). It lives in
`$BRAINDIET_CACHE`, else `$XDG_CACHE_HOME/braindiet`, else `~/.cache/braindiet`;
`BRAINDIET_CACHE=off` disables it. Data derived from installed packages rather than from a
site (the USDA index) is kept per machine instead, in `data_dir()`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")

# Bump when a cached type changes shape in a way the package version does not show.
FORMAT = "1"


def cache_dir() -> Path | None:
    configured = os.environ.get("BRAINDIET_CACHE")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "braindiet"


def data_dir() -> Path:
    """Where braindiet keeps data it derives from installed packages (the USDA index).

    Unlike results, such data depends on nothing a site holds, so it is kept once per machine
    rather than in each cache folder: `$BRAINDIET_DATA_DIR`, else `$XDG_CACHE_HOME/braindiet-data`,
    else `~/.cache/braindiet-data`. Whatever is kept there names the package version and the
    file it was derived from, and is checked against that file before it is used.
    """
    configured = os.environ.get("BRAINDIET_DATA_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "braindiet-data"


@cache
def code_fingerprint() -> str:
    """A hash of braindiet's own code and data, so an edited checkout never reads old results."""
    package = Path(__file__).parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".csv", ".yaml", ".json")
                   and "examples" not in p.relative_to(package).parts)
    return digest(p.read_bytes() for p in files)


@cache
def versions(packages: tuple[str, ...]) -> str:
    """braindiet's code and these packages' versions, for keys of what they compute."""
    from importlib import metadata  # ~30 ms: not for commands that never compute

    found = [f"braindiet-code={code_fingerprint()}"]
    for name in packages:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ";".join(found)


def digest(parts: Iterable[bytes | str]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def cached(namespace: str, inputs: Iterable[bytes | str], compute: Callable[[], T],
           packages: tuple[str, ...] = ()) -> T:
    """`compute()`, or its earlier result for the same inputs and code versions."""
    root = cache_dir()
    if root is None:
        return compute()
    key = _key(namespace, inputs, packages)
    if key in _recent:  # the dev server asks again after every edit: skip the unpickling
        return cast(T, _recent[key])
    path = root / namespace / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        value = compute()  # missing or unreadable: compute it again
        _store(path, value)
    _remember(namespace, key, value)
    return cast(T, value)


def stored(namespace: str, inputs: Iterable[bytes | str], packages: tuple[str, ...] = ()) -> bool:
    """Whether `cached` holds a result for these inputs (so asking for it computes nothing)."""
    root = cache_dir()
    if root is None:
        return False
    key = _key(namespace, inputs, packages)
    return key in _recent or (root / namespace / f"{key}.pickle").is_file()


def _key(namespace: str, inputs: Iterable[bytes | str], packages: tuple[str, ...]) -> str:
    return digest([FORMAT, namespace, versions(packages), *inputs])


_recent: dict[str, object] = {}
_recent_by_namespace: dict[str, str] = {}


def _remember(namespace: str, key: str, value: object) -> None:
    """Keep the latest value of each namespace in memory (one per namespace bounds it)."""
    old = _recent_by_namespace.get(namespace)
    if old is not None:
        _recent.pop(old, None)
    _recent_by_namespace[namespace] = key
    _recent[key] = value


def _store(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only or full disk costs speed, never correctness


def latest(namespace: str, owner: str, packages: tuple[str, ...] = ()) -> object | None:
    """The last value stored for `owner` (e.g. a site folder), if any and readable, by this
    code and these `packages`' versions.

    Unlike `cached`, the key is not the inputs: the caller must check what it gets (loaded
    pages are reused only where their files are unchanged).
    """
    root = cache_dir()
    if root is None:
        return None
    path = root / namespace / f"{digest([FORMAT, versions(packages), owner])}.pickle"
    try:
        with path.open("rb") as handle:
            value: object = pickle.load(handle)
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def store_latest(namespace: str, owner: str, value: object,
                 packages: tuple[str, ...] = ()) -> None:
    root = cache_dir()
    if root is not None:
        _store(root / namespace / f"{digest([FORMAT, versions(packages), owner])}.pickle",
               value)
