"""Which pages the published site leaves out: drafts, and files matching an exclusion pattern.

`braindiet build` publishes neither; `braindiet serve` (the author's preview) shows both with a
visible mark, as Docusaurus shows drafts and excluded work in progress in `npm start` only.
Patterns are globs relative to `docs/` (`**/recipes/WIP/**`), from `exclude` in braindiet.toml
and from the Docusaurus config's docs plugin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True, slots=True)
class Exclusion:
    pattern: str
    file: str  # where the pattern is declared, relative to the site folder
    line: int | None = None

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def matches(self, rel_path: PurePosixPath) -> bool:
        return glob_regex(self.pattern).fullmatch(rel_path.as_posix()) is not None


@dataclass(frozen=True, slots=True)
class Publication:
    """The rules that decide what a production build leaves out."""

    exclusions: tuple[Exclusion, ...] = ()
    include_unpublished: bool = False  # a dev build: keep them, marked

    def reason(self, rel_path: PurePosixPath, draft: bool) -> str | None:
        """Why the published site leaves this page out, or None."""
        if draft:
            return "draft"
        for exclusion in self.exclusions:
            if exclusion.matches(rel_path):
                return f"excluded by {exclusion.pattern!r} ({exclusion.location})"
        return None


_cache: dict[str, re.Pattern[str]] = {}


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as Docusaurus (globby) reads it: `**` spans folders (none included), `*` and `?`
    stay within one, `{a,b}` is either, `[...]` a character class."""
    compiled = _cache.get(pattern)
    if compiled is None:
        compiled = _cache[pattern] = re.compile(_translate(pattern.removeprefix("./")))
    return compiled


def _translate(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("/**", index) and index + 3 == len(pattern):
            out.append("(?:/.*)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif char == "*":
            out.append("[^/]*")
            index += 1
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "{" and (close := pattern.find("}", index)) > index:
            options = pattern[index + 1 : close].split(",")
            out.append("(?:" + "|".join(_translate(option) for option in options) + ")")
            index = close + 1
        elif char == "[" and (close := pattern.find("]", index + 1)) > index:
            body = pattern[index + 1 : close].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            index = close + 1
        else:
            out.append(re.escape(char))
            index += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A page the published site does not include, and why."""

    site_path: str
    reason: str

    @property
    def is_draft(self) -> bool:
        return self.reason == "draft"
