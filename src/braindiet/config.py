"""Site settings: `braindiet.toml` beside `docs/`, every key optional."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from braindiet.content.redirects import Redirect, redirect
from braindiet.content.sitedata import declares_dri
from braindiet.diagnostics import Diagnostic, error, warning

CONFIG_FILE = "braindiet.toml"
REFERENCE_TABLES = ("us", "eu", "dri")  # science/nutrition/daily_values.yaml


def _declared_reference(site_root: Path) -> str:
    """Without a `daily_values` setting: the DRIs when the site's own reference module
    declares them (the BRAIN Diet's `src/utils/nutrientReference.mjs`), else the FDA's."""
    return "dri" if declares_dri(site_root) else "us"


@dataclass(frozen=True, slots=True)
class TableEntry:
    """`key = "value"` in a table of settings, with the line it is written on."""

    key: str
    value: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = "BRAIN Diet"
    tagline: str = "Nutrition for brain health, traced to its evidence"
    base_url: str = "/"  # path the site is served under
    url: str = ""  # public address (https://...), for absolute links in sitemap.xml
    docs_dir: str = "docs"
    static_dir: str = "static"
    bibliography: tuple[str, ...] = ("static/bibtex/BRAIN-diet.bib",)
    references_page: str = "/docs/papers/BRAIN-Diet-References"
    daily_values: str = "us"  # "us" (FDA Daily Values), "eu" (EU NRVs) or "dri" (US DRIs)
    sanitize: bool = False  # remove scripts and event handlers from page bodies (nh3)
    exclude: tuple[str, ...] = ()  # globs under docs/ left out of the published site
    exclude_line: int | None = None
    redirects: tuple[Redirect, ...] = ()  # the [redirects] table: old URL = new URL
    phenome_registry: str = "src/data/phenome-registry.json"  # "" : the site keeps none
    areas: tuple[TableEntry, ...] = ()  # [areas]: registry area id = therapeutic-area page
    retired_targets: tuple[TableEntry, ...] = ()  # [retired_targets]: old name = successor
    extra: dict[str, object] = field(default_factory=dict)


def load_config(site_root: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """Read `braindiet.toml`; a broken or unknown setting is reported and the default kept."""
    path = site_root / CONFIG_FILE
    if not path.is_file():
        return SiteConfig(daily_values=_declared_reference(site_root)), []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM is not a setting
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return SiteConfig(), [error("config-invalid", f"cannot read settings: {exc}", CONFIG_FILE)]
    known = {f.name for f in fields(SiteConfig)} - {"extra", "exclude_line"}
    values: dict[str, object] = {}
    problems: list[Diagnostic] = []
    lines = _key_lines(path.read_text(encoding="utf-8"))
    for key, value in raw.items():
        if key not in known:
            problems.append(warning("config-unknown-key", f"unknown setting {key!r} is ignored",
                                    CONFIG_FILE))
            continue
        if key in ("areas", "retired_targets"):
            entries, found = _read_table(key, value, lines)
            problems.extend(found)
            values[key] = entries
            continue
        if key in ("exclude", "redirects"):
            read, found = _read_list(key, value, lines)
            problems.extend(found)
            if read is not None:
                values[key] = read
            continue
        if key == "sanitize":
            if isinstance(value, bool):
                values[key] = value
            else:
                problems.append(error("config-invalid", "sanitize must be true or false",
                                      CONFIG_FILE))
            continue
        if key == "bibliography":
            if not isinstance(value, str | list):
                problems.append(error("config-invalid", "bibliography must be a path or a list "
                                      "of paths", CONFIG_FILE))
                continue
            value = (value,) if isinstance(value, str) else tuple(str(v) for v in value)
        elif not isinstance(value, str):
            problems.append(error("config-invalid", f"setting {key!r} must be a string",
                                  CONFIG_FILE))
            continue
        values[key] = value
    if values.get("daily_values", "us") not in REFERENCE_TABLES:
        problems.append(error("config-invalid", "daily_values must be 'us', 'eu' or 'dri'",
                              CONFIG_FILE))
        values.pop("daily_values")
    values.setdefault("daily_values", _declared_reference(site_root))
    if "exclude" in values:
        values["exclude_line"] = lines.get(("", "exclude"))
    return SiteConfig(**values), problems  # type: ignore[arg-type]


def _read_list(key: str, value: Any, lines: dict[tuple[str, str], int]
               ) -> tuple[tuple[Any, ...] | None, list[Diagnostic]]:
    """`exclude = ["recipes/WIP/**"]` and the `[redirects]` table (`"/old" = "/new"`)."""
    line = lines.get(("", key)) or lines.get((key, ""))
    if key == "exclude":
        patterns = [value] if isinstance(value, str) else value
        if isinstance(patterns, list) and all(isinstance(p, str) for p in patterns):
            return tuple(patterns), []
        return None, [error("config-invalid", "exclude must be a list of glob patterns",
                            CONFIG_FILE, line)]
    if not isinstance(value, dict):
        return None, [error("config-invalid", "redirects must be a table of old URL = new URL",
                            CONFIG_FILE, line)]
    pairs, problems = [], []
    for source, target in value.items():
        where = lines.get(("redirects", source), line)
        if not isinstance(target, str) or not source.startswith("/"):
            problems.append(error("config-invalid", f"redirect {source!r} must be written "
                                  '"/old/url" = "/new/url"', CONFIG_FILE, where))
            continue
        pairs.append(redirect(source, target, CONFIG_FILE, where))
    return tuple(pairs), problems


def _read_table(key: str, value: Any, lines: dict[tuple[str, str], int]
                ) -> tuple[tuple[TableEntry, ...], list[Diagnostic]]:
    """`[areas]` (`TA002 = "Anxiety & GAD"`) and `[retired_targets]` (`"Gut Microbiome" =
    "BRS5"`): names to names."""
    line = lines.get((key, "")) or lines.get(("", key))
    if not isinstance(value, dict):
        return (), [error("config-invalid", f"{key} must be a table of name = name",
                          CONFIG_FILE, line)]
    entries, problems = [], []
    for name, target in value.items():
        where = lines.get((key, name), line)
        if not isinstance(target, str):
            problems.append(error("config-invalid", f"[{key}] {name!r} must be given as text",
                                  CONFIG_FILE, where))
            continue
        entries.append(TableEntry(name, target, where))
    return tuple(entries), problems


_TABLE = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """(table, key) -> line, so a setting's problem points at the line it is written on.
    tomllib gives no positions; a table's own header is recorded as (table, '')."""
    found: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _TABLE.match(line):
            table = header.group(1).strip("\"'")
            found.setdefault((table, ""), number)
        elif key := _KEY.match(line):
            name = key.group(1)
            if name[:1] == '"':
                name = name[1:-1].encode("utf-8").decode("unicode_escape")
            elif name[:1] == "'":
                name = name[1:-1]
            found.setdefault((table, name), number)
    return found
