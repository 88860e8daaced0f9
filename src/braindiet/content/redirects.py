"""Old URLs that lead to new ones: declared in braindiet.toml or in the Docusaurus config.

A redirect is written as a pair of site paths (`/docs/foods/duckweed` -> `/docs/foods/mankai`),
each with the file and line it is declared on, so `check` can point at it. Where one redirect
leads to another, readers are sent straight to the end of the chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Redirect:
    source: str  # the old URL path (`from`), without a trailing slash
    target: str  # where it leads (`to`): a site path, maybe with `#fragment`, or a full URL
    file: str  # where it is declared, relative to the site folder
    line: int | None

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def target_path(self) -> str:
        """The target's path without fragment or trailing slash ('' for an external URL)."""
        if is_external(self.target):
            return ""
        return normalize(self.target.split("#", 1)[0])

    @property
    def fragment(self) -> str:
        return self.target.split("#", 1)[1] if "#" in self.target else ""


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def normalize(path: str) -> str:
    """`/docs/foods/mankai/` and `/docs/foods/mankai` are one URL; `/` stays `/`."""
    path = path.split("?", 1)[0]
    return path.rstrip("/") or "/"


def redirect(source: str, target: str, file: str, line: int | None) -> Redirect:
    return Redirect(normalize(source.strip()), target.strip(), file, line)


def final_target(redirects: dict[str, Redirect], start: Redirect) -> tuple[list[Redirect], bool]:
    """The chain a redirect starts (itself first), and whether it loops back on itself."""
    chain, seen = [start], {start.source}
    while (path := chain[-1].target_path) in redirects:
        if path in seen:
            return chain, True
        seen.add(path)
        chain.append(redirects[path])
    return chain, False
