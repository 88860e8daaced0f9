"""The kinds of page, once: what each is called, where it lives, how it is drawn and ordered.

Python, the templates and the browser all read this table (the browser as JSON, see
`browser_table`), so a kind has one label, one plural and one colour everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """A page's role in the causal chain, given by its top folder under `docs/`.

    Under `biological-targets/` the front matter refines it (content/ontology.py): a page
    declaring `pm_id` is a process mechanism, `fm_id` a functional mechanism, and so on; a hub
    titled `BRS3 - ...` a regulatory system. Pages of the December 2025 tree declare none of
    these and stay biological targets.
    """

    SUBSTANCE = "substance"
    FOOD = "food"
    RECIPE = "recipe"
    TARGET = "biological-target"
    SYSTEM = "regulatory-system"  # a BRS hub page
    FUNCTIONAL = "functional-mechanism"  # FM
    PROCESS = "process-mechanism"  # PM
    SPECIFIC = "specific-mechanism"  # SM: SNP-sensitive or cross-system
    CONSTRAINT = "key-constraint"  # KC
    PHENOME = "phenome"
    AREA = "therapeutic-area"
    PAPER = "paper"
    SECTION = "section"  # a folder's landing page (index.md / README.md)
    PAGE = "page"


@dataclass(frozen=True, slots=True)
class KindInfo:
    kind: Kind
    label: str  # "Biological target"
    plural: str  # "Biological targets"
    short: str  # what fits a narrow column: "Targets"
    folder: str | None  # the top folder under docs/ that gives a page this kind
    light: str | None = None  # colour on light and dark themes (kinds on the chain)
    dark: str | None = None
    radius: float = 4.0  # node size in the graph view


# In display order: the causal chain first, recipe towards area, then the rest. The regulatory
# systems and their mechanisms stand where biological targets stand; a tree has one or the
# other (or both, while it moves from the old targets to the new ontology).
KINDS: tuple[KindInfo, ...] = (
    KindInfo(Kind.RECIPE, "Recipe", "Recipes", "Recipes", "recipes",
             "#c0561c", "#f09a5c", 6),
    KindInfo(Kind.FOOD, "Food", "Foods", "Foods", "foods", "#3a8a35", "#7ec46f", 3.6),
    KindInfo(Kind.SUBSTANCE, "Substance", "Substances", "Substances", "substances",
             "#2d6cb0", "#7fb0ea", 4.6),
    KindInfo(Kind.TARGET, "Biological target", "Biological targets", "Targets",
             "biological-targets", "#8a4bb0", "#c59be2", 8),
    KindInfo(Kind.SYSTEM, "Regulatory system", "Regulatory systems", "Systems", None,
             "#6a3d9a", "#b99ce0", 8.5),
    KindInfo(Kind.FUNCTIONAL, "Functional mechanism", "Functional mechanisms", "FMs", None,
             "#7d5fb8", "#c0aaea", 6),
    KindInfo(Kind.PROCESS, "Process mechanism", "Process mechanisms", "PMs", None,
             "#9368c4", "#d2b8f0", 4.4),
    KindInfo(Kind.SPECIFIC, "Specific mechanism", "Specific mechanisms", "SMs", None,
             "#a25a9e", "#dea2da", 4.4),
    KindInfo(Kind.CONSTRAINT, "Key constraint", "Key constraints", "KCs", None,
             "#7a6a8c", "#bcaed0", 4),
    KindInfo(Kind.PHENOME, "Phenome", "Phenomes", "Phenomes", "phenomes",
             "#1f8a84", "#6fd0c8", 7),
    KindInfo(Kind.AREA, "Therapeutic area", "Therapeutic areas", "Areas", "therapeutic-areas",
             "#b52f5a", "#ef88a6", 9.5),
    KindInfo(Kind.PAPER, "Paper", "Papers", "Papers", "papers"),
    KindInfo(Kind.SECTION, "Section", "Sections", "Sections", None),
    KindInfo(Kind.PAGE, "Page", "Pages", "Pages", None),
)

_BY_KIND: dict[Kind, KindInfo] = {info.kind: info for info in KINDS}
ORDER: dict[Kind, int] = {info.kind: position for position, info in enumerate(KINDS)}
KIND_FOLDERS: dict[str, Kind] = {info.folder: info.kind for info in KINDS if info.folder}

# The kinds the causal chain runs through, recipe towards area.
CHAIN_KINDS: tuple[Kind, ...] = tuple(info.kind for info in KINDS if info.light is not None)
CHAIN_INDEX: dict[Kind, int] = {kind: index for index, kind in enumerate(CHAIN_KINDS)}

# The kinds a substance can act on: the old biological targets, and the regulatory systems
# with their mechanisms and constraints.
MECHANISM_KINDS: tuple[Kind, ...] = (Kind.FUNCTIONAL, Kind.PROCESS, Kind.SPECIFIC,
                                     Kind.CONSTRAINT)
TARGET_KINDS: frozenset[Kind] = frozenset({Kind.TARGET, Kind.SYSTEM, *MECHANISM_KINDS})


def info(kind: Kind) -> KindInfo:
    return _BY_KIND[kind]


def label(kind: Kind) -> str:
    return _BY_KIND[kind].label


def plural(kind: Kind) -> str:
    return _BY_KIND[kind].plural


def browser_table() -> list[dict[str, Any]]:
    """The table as the site's scripts read it (`window.braindiet.kinds`)."""
    return [{"kind": str(i.kind), "label": i.label, "plural": i.plural, "short": i.short,
             "chain": CHAIN_INDEX.get(i.kind), "radius": i.radius} for i in KINDS]


def colour_css() -> str:
    """The `--kind-<kind>` colour variables for both themes."""
    def block(selector: str, theme: str) -> str:
        rows = "".join(f"  --kind-{i.kind}: {getattr(i, theme)};\n"
                       for i in KINDS if getattr(i, theme))
        return f"{selector} {{\n{rows}}}\n"
    return block(':root,\nhtml[data-theme="light"]', "light") + \
        block('html[data-theme="dark"]', "dark")
