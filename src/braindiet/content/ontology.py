"""The identifiers of the mechanism ontology, and how a page under `biological-targets/` says
which part of it it is.

The August 2026 tree replaced the old biological targets with Biological Regulatory Systems
(BRS1-BRS6 and the cross-system BRS-X with its systems, e.g. `BRS-X(ECS)`), each holding
functional mechanisms (FM), their process mechanisms (PM), key constraints (KC) and specific
mechanisms (SM). Mechanism pages carry their id in a typed key (`pm_id: BRS1-FM1-PM3`); hubs
carry none: their id is the title's prefix (`BRS3 - Inflammation & Oxidative Stress`).
Dependency pages (`integration_id: BRS5->BRS6`) state that one system depends on another.

Ids are compared exactly; `sort_key` orders them numerically (`PM10` after `PM9`, where a
plain string sort would put it before `PM7`), locale-free, so output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from braindiet.content.kinds import Kind

# The front-matter key that names each kind's id.
ID_KEYS: dict[Kind, str] = {Kind.FUNCTIONAL: "fm_id", Kind.PROCESS: "pm_id",
                            Kind.CONSTRAINT: "kc_id", Kind.SPECIFIC: "sm_id"}
DEPENDENCY_KEY = "integration_id"

_SYSTEM = r"BRS(?:[1-9]\d*|-X(?:\(\w+\))?)"
SYSTEM_ID = re.compile(rf"^{_SYSTEM}$")
# A hub's title: `<system id> - <name>` (any dash, as authors type them).
HUB_TITLE = re.compile(rf"^\s*({_SYSTEM})\s+[-\u2013\u2014]\s+(\S.*?)\s*$")
DEPENDENCY_ID = re.compile(rf"^({_SYSTEM})->({_SYSTEM})$")

# Two forms per kind: BRS1-6, and the BRS-X systems (whose PMs have no FM segment).
_ID_FORMS: dict[Kind, tuple[re.Pattern[str], ...]] = {
    Kind.FUNCTIONAL: (re.compile(r"^BRS(?P<brs>[1-9]\d*)\(FM(?P<fm>\d+)\)$"),
                      re.compile(r"^BRS-X\((?P<sys>\w+)-FM(?P<fm>\d+)\)$")),
    Kind.PROCESS: (re.compile(r"^BRS(?P<brs>[1-9]\d*)-FM(?P<fm>\d+)-PM(?P<n>\d+)$"),
                   re.compile(r"^BRS-X\((?P<sys>\w+)-PM(?P<n>\d+)\)$")),
    Kind.CONSTRAINT: (re.compile(r"^BRS(?P<brs>[1-9]\d*)\(KC(?P<n>\d+)\)$"),
                      re.compile(r"^BRS-X\((?P<sys>\w+)-KC(?P<n>\d+)\)$")),
    Kind.SPECIFIC: (re.compile(r"^BRS(?P<brs>[1-9]\d*)\(SM-(?P<cat>SNP|CROSS)(?P<n>\d+)\)$"),),
}
EXAMPLES: dict[Kind, str] = {Kind.FUNCTIONAL: "BRS1(FM1) or BRS-X(ECS-FM1)",
                             Kind.PROCESS: "BRS1-FM1-PM3 or BRS-X(ECS-PM3)",
                             Kind.CONSTRAINT: "BRS1(KC1) or BRS-X(ECS-KC1)",
                             Kind.SPECIFIC: "BRS1(SM-SNP2)", Kind.SYSTEM: "BRS3 or BRS-X(ECS)"}

# How the original names its files (the validator classifies by these alone).
_FILE_FORMS: dict[Kind, re.Pattern[str]] = {
    Kind.PROCESS: re.compile(r"(-fm\d+-pm\d+-|^brs-x-[a-z]+-pm\d+-)"),
    Kind.FUNCTIONAL: re.compile(r"(^brs\d+-fm\d+-|^brs-x-[a-z]+-fm\d+-)"),
}


@dataclass(frozen=True, slots=True)
class MechanismId:
    """A parsed mechanism id: which system it belongs to and its numbers."""

    text: str
    kind: Kind
    system: str  # `BRS1`, `BRS-X(ECS)`
    fm: int | None  # the FM number (PM ids of BRS-X systems have none)
    number: int  # the FM, PM, KC or SM number
    category: str = ""  # SM: SNP or CROSS


def parse_id(kind: Kind, text: str) -> MechanismId | None:
    """The id parsed as one of `kind`'s forms, or None when it is not well formed."""
    for form in _ID_FORMS.get(kind, ()):
        found = form.match(text)
        if found is None:
            continue
        parts = found.groupdict()
        system = f"BRS{parts['brs']}" if parts.get("brs") else f"BRS-X({parts['sys']})"
        fm = int(parts["fm"]) if parts.get("fm") else None
        number = int(parts["n"]) if parts.get("n") else int(parts["fm"])
        return MechanismId(text, kind, system, fm, number, parts.get("cat") or "")
    return None


def system_of_id(text: str) -> str | None:
    """The system a mechanism id belongs to, whatever its kind (`BRS1-FM1-PM3` -> `BRS1`)."""
    for kind in _ID_FORMS:
        parsed = parse_id(kind, text)
        if parsed is not None:
            return parsed.system
    return text if SYSTEM_ID.match(text) else None


def parent_system(system: str) -> str | None:
    """`BRS-X(ECS)` belongs to `BRS-X`; every other system stands alone."""
    return "BRS-X" if system.startswith("BRS-X(") else None


def hub_title(title: str | None) -> tuple[str, str] | None:
    """(system id, name) of a hub's title `BRS3 - Inflammation & Oxidative Stress`."""
    found = HUB_TITLE.match(title or "")
    return (found.group(1), found.group(2)) if found else None


_KIND_RANK = {Kind.SYSTEM: 0, Kind.FUNCTIONAL: 1, Kind.PROCESS: 2, Kind.SPECIFIC: 3,
              Kind.CONSTRAINT: 4}


def system_key(system: str) -> tuple[int, int, str]:
    """BRS1 ... BRS6 in number order, then BRS-X, then its systems by name."""
    if system.startswith("BRS-X"):
        inner = system[len("BRS-X("):-1] if system.startswith("BRS-X(") else ""
        return (1, 1 if inner else 0, inner.casefold())
    digits = system[3:]
    return (0, int(digits) if digits.isdigit() else 0, "")


def sort_key(kind: Kind, text: str) -> tuple[Any, ...]:
    """Order of ids within the ontology: by system, kind, FM, then number (numerically)."""
    if kind is Kind.SYSTEM:
        return (*system_key(text), 0, 0, 0, "")
    parsed = parse_id(kind, text)
    if parsed is None:
        return (2, 0, text.casefold(), _KIND_RANK.get(kind, 9), 0, 0, "")
    return (*system_key(parsed.system), _KIND_RANK[kind], parsed.fm or 0, parsed.number,
            parsed.category)


def refine_kind(kind: Kind, data: Mapping[str, Any]) -> Kind:
    """A page's kind once its front matter is read: a page under `biological-targets/` that
    declares a mechanism id is that mechanism; a dependency page is a plain page; a hub titled
    with a system id is a regulatory system. Anything else keeps its folder's kind."""
    if kind is not Kind.TARGET:
        return kind
    for refined, key in ID_KEYS.items():
        if key in data:
            return refined
    if DEPENDENCY_KEY in data:
        return Kind.PAGE
    title = data.get("title")
    if isinstance(title, str) and hub_title(title) is not None:
        return Kind.SYSTEM
    return kind


def kind_by_file_name(rel_path: PurePosixPath) -> Kind | None:
    """What the original's validator would call the page, from its file name and folder."""
    stem, folders = rel_path.stem.lower(), rel_path.parts[:-1]
    if folders and folders[-1] == "kc":
        return Kind.CONSTRAINT
    if folders and folders[-1] == "sm" and len(folders) >= 2 and folders[-2].startswith("brs"):
        return Kind.SPECIFIC
    for kind, form in _FILE_FORMS.items():
        if form.search(stem):
            return kind
    return None


def split_constraint(text: str) -> tuple[str, str]:
    """A PM's `key_constraints` entry `BRS1(KC1) - Amino Acid Quality` as (id, name)."""
    kc_id, _, name = text.partition(" - ")
    return kc_id.strip(), name.strip()
