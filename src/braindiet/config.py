"""Site settings: `braindiet.toml` beside `docs/`, every key optional."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from braindiet.diagnostics import Diagnostic, error, warning

CONFIG_FILE = "braindiet.toml"


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
    daily_values: str = "us"  # "us" (FDA Daily Values) or "eu" (EU NRVs)
    sanitize: bool = False  # remove scripts and event handlers from page bodies (nh3)
    extra: dict[str, object] = field(default_factory=dict)


def load_config(site_root: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """Read `braindiet.toml`; a broken or unknown setting is reported and the default kept."""
    path = site_root / CONFIG_FILE
    if not path.is_file():
        return SiteConfig(), []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM is not a setting
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return SiteConfig(), [error("config-invalid", f"cannot read settings: {exc}", CONFIG_FILE)]
    known = {f.name for f in fields(SiteConfig)} - {"extra"}
    values: dict[str, object] = {}
    problems: list[Diagnostic] = []
    for key, value in raw.items():
        if key not in known:
            problems.append(warning("config-unknown-key", f"unknown setting {key!r} is ignored",
                                    CONFIG_FILE))
            continue
        if key == "sanitize":
            if not isinstance(value, bool):
                problems.append(error("config-invalid", "sanitize must be true or false",
                                      CONFIG_FILE))
                continue
        elif key == "bibliography":
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
    if values.get("daily_values", "us") not in ("us", "eu"):
        problems.append(error("config-invalid", "daily_values must be 'us' or 'eu'", CONFIG_FILE))
        values.pop("daily_values")
    return SiteConfig(**values), problems  # type: ignore[arg-type]
