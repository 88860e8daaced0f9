#!/usr/bin/env python3
"""Generate a synthetic BRAIN Diet knowledge base of any size, for benchmarks.

    .venv/bin/python scripts/synthetic.py --pages 10000 --out DIR [--seed 1]

The output is a complete site folder (`braindiet.toml`, `docs/` with every kind folder and its
index pages, `docs/tags.yml`, `static/bibtex/BRAIN-diet.bib`, the references page and the
list icons) that `braindiet check` and `braindiet build` load like the real knowledge base. It
copies the real corpus's *shape*, never its text: every name is an invented pseudo-word and
every sentence is drawn from a small built-in word list.

What stays constant as the size grows is what a page fans out to: a food tags 8-20 substances,
a substance 3-6 biological targets (each with a `mechanisms:` sentence), a recipe 5-10 foods and
a meal, a target 2-5 therapeutic areas. Targets and areas grow like the square root of the size,
so the pages pointing *at* one target grow slowly, as they would in a real, growing knowledge
base. Pages are spread over nested folders; no folder holds more than about 200 files.

Output is a pure function of (pages, seed, options): the same arguments give byte-identical
files. About 2% of citations deliberately name keys missing from the bibliography, as real data
does; `braindiet check` reports them as `citation-missing`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from statistics import mean
from typing import TypeVar

T = TypeVar("T")

MARKER = ".synthetic-braindiet"  # lets a later run replace the folder without deleting others'
REFERENCES = "/docs/papers/BRAIN-Diet-References"
MIN_PAGES = 100

# Proportions measured on the real corpus (301 pages): foods 52%, substances 24%, recipes 3%,
# section/index pages 15%; targets and areas are set by the square-root rule below.
FOOD_SHARE, SUBSTANCE_SHARE = 52, 24
RECIPE_SHARE = 0.03
SECTION_SHARE = 0.15
TARGETS_PER_SQRT_PAGE, AREAS_PER_SQRT_PAGE = 0.6, 0.3
MAX_FILES_PER_FOLDER = 200  # a food group or meal this big is split into sub-folders ...
SPLIT_FOLDER_SIZE = 150  # ... of about this many pages
MAX_SUBSTANCE_DEPTH = 5  # folders below docs/substances/, as deep as the corpus goes

SUBSTANCES_PER_FOOD = (8, 20)
TARGETS_PER_SUBSTANCE = (3, 6)
FOODS_PER_RECIPE = (5, 10)
AREAS_PER_TARGET = (2, 5)
MAX_POPULARITY = 5.0  # relative to the median page

# ---- invented word material ------------------------------------------------------------------

ONSETS = ("b", "br", "c", "ch", "d", "dr", "f", "g", "gl", "k", "l", "m", "n", "p", "pl", "pr",
          "r", "s", "sp", "st", "t", "th", "tr", "v", "z")
VOWELS = ("a", "e", "i", "o", "u", "ae", "ei", "io", "ou", "ya")
CODAS = ("", "", "", "l", "n", "r", "s", "m", "x", "th")
SYLLABLES = tuple(o + v + c for o in ONSETS for v in VOWELS for c in CODAS)
ACCENTS = {"o": ('{\\"o}', "ö"), "u": ('{\\"u}', "ü"), "e": ("{\\'e}", "é"), "a": ("{\\'a}", "á")}

_WORD_TEXT = """
the the the of of of and and and in in to to with with a a is are by for from as on at
that which may can often also more less both within across between through during after
intake levels signal cells tissue membrane energy supply balance response activity pathway
enzyme receptor transport uptake release storage turnover synthesis breakdown function
regular daily dietary meal portion source amount form dose serving pattern habit week
brain nerve neural gut liver muscle blood barrier plasma cortex synapse mitochondria
studies trials cohort adults children participants groups measures outcomes markers effects
support maintain regulate modulate increase reduce protect restore shape guide limit
steady modest clear small large early later typical useful relevant consistent notable
stress sleep mood focus memory attention fatigue recovery resilience repair growth
absorption availability cooking preparation storage fibre protein fat water heat light
observed reported linked associated measured compared described suggested tested followed
"""
WORDS = tuple(_WORD_TEXT.split())
_FUNCTIONAL_TEXT = ("the of and in to with a is are by for from as on at that which may can often "
                    "also more less both within across between through during after")
FUNCTIONAL_WORDS = frozenset(_FUNCTIONAL_TEXT.split())

FOOD_GROUPS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], float], ...] = (
    # folder, category tag, nouns, diet tags, share of foods
    ("vegetables", "Vegetable", ("Leaf", "Root", "Sprout", "Cress", "Squash", "Pepper"),
     ("Vegan", "Vegetarian"), 0.20),
    ("fruits", "Fruit", ("Berry", "Melon", "Plum", "Citrus", "Fig"), ("Vegan", "Vegetarian"), 0.15),
    ("legumes", "Legume", ("Bean", "Lentil", "Pea"), ("Vegan", "Vegetarian"), 0.09),
    ("nuts-and-seeds", "Nut or Seed", ("Nut", "Seed", "Kernel"), ("Vegan", "Vegetarian"), 0.09),
    ("grains", "Grain", ("Grain", "Millet", "Groats", "Flour"), ("Vegan", "Vegetarian"), 0.09),
    ("fish-and-seafood", "Fish or Seafood", ("Fish", "Mackerel", "Clam", "Roe"), (), 0.08),
    ("dairy-and-eggs", "Dairy or Egg", ("Cheese", "Yogurt", "Kefir", "Egg"), ("Vegetarian",), 0.07),
    ("herbs-and-spices", "Herb or Spice", ("Herb", "Spice", "Bark", "Blossom"),
     ("Vegan", "Vegetarian"), 0.08),
    ("oils-and-fats", "Oil or Fat", ("Oil", "Butter"), (), 0.04),
    ("fermented-foods", "Fermented Food", ("Ferment", "Brine", "Culture"), ("Vegetarian",), 0.04),
    ("mushrooms", "Mushroom", ("Mushroom", "Cap"), ("Vegan", "Vegetarian"), 0.04),
    ("meat", "Meat", ("Meat", "Liver", "Broth"), (), 0.03),
)
SUBSTANCE_GROUPS = (  # folder, category tag, list icon
    ("nutrients", "Nutrient", "/img/icons/nutrients.svg"),
    ("bioactive-compounds", "Bioactive", "/img/icons/bioactive.svg"),
    ("microbial-metabolites", "Metabolite", "/img/icons/bioactive.svg"),
)
SUBSTANCE_SUFFIXES = ("ine", "ol", "ate", "in", "ene", "ide", "oside", "ane", "one")
CATEGORY_SUFFIXES = ("oid", "id", "ane", "ite", "ose")
TARGET_PROCESSES = ("Signalling", "Balance", "Response", "Support", "Regulation", "Homeostasis",
                    "Plasticity", "Clearance", "Resilience", "Tone")
AREA_NOUNS = ("Disorder", "Syndrome", "Decline", "Condition", "Dysfunction")
MEALS = ("Breakfast", "Lunch", "Dinner", "Snacks", "Drinks")
MEAL_SHARES = (0.25, 0.25, 0.3, 0.1, 0.1)
DISHES = ("Bowl", "Salad", "Stew", "Soup", "Porridge", "Smoothie", "Bake", "Wrap", "Curry", "Tart")
DISH_ADJECTIVES = ("Warm", "Quick", "Green", "Golden", "Crunchy", "Roasted", "Spiced", "Fresh")
RECIPE_TAGS = ("Quick", "Make Ahead", "Batch Cooking")
JOURNAL_FIELDS = ("Nutrition", "Neuroscience", "Psychiatry", "Clinical Biochemistry",
                  "Food Science", "Metabolism", "Physiology", "Public Health")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
UNITS = ("g", "cup", "tbsp", "tsp")  # as the method text shows them; front matter uses g
ICONS = ("ingredients", "nutrients", "bioactive", "recipes", "biological-targets",
         "therapeutic-areas", "papers")


# ---- the model -------------------------------------------------------------------------------


@dataclass(eq=False)
class Entity:
    title: str
    slug: str
    folder: str  # under docs/, POSIX
    tag: str  # the name other pages tag this page with
    label: str | None = None  # sidebar label, when shorter than the title
    popularity: float = 1.0
    declared: bool = False  # has an entry in tags.yml
    description: str = ""

    @property
    def permalink(self) -> str:
        return f"/docs/{self.folder}/{self.slug}"

    @property
    def filename(self) -> str:
        return f"{self.slug}.md"

    @property
    def shown(self) -> str:
        return self.label or self.title


@dataclass(eq=False)
class Area(Entity):
    targets: list[Target] = field(default_factory=list)


@dataclass(eq=False)
class Target(Entity):
    areas: list[Area] = field(default_factory=list)
    in_recipes: bool = False


@dataclass(eq=False)
class Substance(Entity):
    categories: list[str] = field(default_factory=list)
    icon: str = "/img/icons/nutrients.svg"
    targets: list[Target] = field(default_factory=list)
    mechanisms: dict[str, str] = field(default_factory=dict)
    smiles: str | None = None
    inchikey: str | None = None
    foods: int = 0


@dataclass(eq=False)
class Food(Entity):
    group_tag: str = ""
    diet_tags: tuple[str, ...] = ()
    substances: list[Substance] = field(default_factory=list)
    orphan_tags: list[str] = field(default_factory=list)
    recipes: int = 0


@dataclass(eq=False)
class Recipe(Entity):
    meal: str = "Lunch"
    file_stem: str = ""
    foods: list[Food] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    extra_tags: list[str] = field(default_factory=list)
    with_ingredients: bool = False

    @property
    def filename(self) -> str:
        return f"{self.file_stem or self.slug}.md"


@dataclass(eq=False)
class Folder:
    path: str  # under docs/
    title: str
    depth: int = 0
    category: str | None = None  # the tag its pages carry
    position: int | None = None
    parent: Folder | None = None

    @property
    def chain(self) -> list[Folder]:
        folders, node = [], self
        while node is not None:
            folders.append(node)
            node = node.parent
        return folders[::-1]


@dataclass(eq=False)
class Paper:
    key: str
    kind: str
    authors: list[tuple[str, str, str]]  # (family in BibTeX, family as text, given)
    year: int
    title: str
    venue: str
    number: int
    popularity: float

    @property
    def citation(self) -> str:
        families = [text for _, text, _ in self.authors]
        if len(families) == 1:
            return f"{families[0]} {self.year}"
        if len(families) == 2:
            return f"{families[0]} & {families[1]} {self.year}"
        return f"{families[0]} et al. {self.year}"


@dataclass
class Plan:
    """How many pages of each kind a site of `pages` pages gets."""

    pages: int
    foods: int
    substances: int
    recipes: int
    targets: int
    areas: int
    food_group_sizes: list[int]  # empty: all foods in docs/foods itself, as in the corpus
    meal_sizes: list[int]
    substance_folders: int = 0
    fixed_sections: int = 6  # the five kind folders' index pages and the papers index

    @property
    def sections(self) -> int:
        split = self.food_group_sizes + self.meal_sizes
        return (self.fixed_sections + sum(folder_sections(size) for size in split)
                + self.substance_folders)


@dataclass
class Stats:
    """What was written, and the fan-out figures the generator aimed at."""

    pages: int
    by_kind: dict[str, int]
    files: int
    bytes: int
    folders: int
    largest_folder: int
    deepest_substance_folder: int
    bib_entries: int
    citations: int
    missing_citations: int
    declared_tags: int
    density: dict[str, tuple[float, int, int]]  # name -> (mean, min, max)

    def lines(self) -> list[str]:
        kinds = ", ".join(f"{k} {v} ({100 * v / self.pages:.1f}%)" for k, v in self.by_kind.items())
        rows = [f"pages {self.pages}: {kinds}",
                f"files {self.files}, {self.bytes / 1e6:.1f} MB, {self.folders} folders "
                f"(largest holds {self.largest_folder} files, substance folders "
                f"{self.deepest_substance_folder} deep)",
                f"bibliography {self.bib_entries} entries; {self.citations} citations "
                f"({self.missing_citations} to missing keys); {self.declared_tags} declared tags"]
        rows += [f"  {name}: mean {avg:.1f}, min {low}, max {high}"
                 for name, (avg, low, high) in self.density.items()]
        return rows


# ---- small helpers ---------------------------------------------------------------------------


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def name_key(text: str) -> str:
    """Two names braindiet would treat as one (case, spacing, dashes) get one key."""
    return re.sub(r"[\s\-_/]+", " ", text.casefold()).strip()


def cumulative(weights: Iterable[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def weighted_sample(rng: random.Random, items: Sequence[T], cum: list[float], k: int) -> list[T]:
    """k distinct items, each drawn with probability proportional to its weight."""
    k = min(k, len(items))
    chosen: dict[int, None] = {}
    indices = range(len(items))
    while len(chosen) < k:
        for index in rng.choices(indices, cum_weights=cum, k=k - len(chosen)):
            chosen.setdefault(index)
    return [items[i] for i in list(chosen)[:k]]


def split_evenly(total: int, shares: Sequence[float]) -> list[int]:
    """Integers proportional to `shares` that add up to `total` (largest remainder)."""
    scale = total / sum(shares)
    raw = [share * scale for share in shares]
    sizes = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - sizes[i], reverse=True)
    for i in order[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def folder_sections(size: int) -> int:
    """Index pages a folder of `size` pages needs: its own, plus one per sub-folder if split."""
    return 1 + (math.ceil(size / SPLIT_FOLDER_SIZE) if size > MAX_FILES_PER_FOLDER else 0)


_PLAIN = re.compile(r"[A-Za-z/][A-Za-z0-9 .,()'/&-]*[A-Za-z0-9.)]|[A-Za-z]")
_YAML_KEYWORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n"})


def scalar(value: object) -> str:
    """A YAML scalar: plain when that is unambiguous, else a double-quoted (JSON) string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_KEYWORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def front_matter(fields: Sequence[tuple[str, object]]) -> str:
    lines = ["---"]
    for key, value in fields:
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {scalar(k)}: {scalar(v)}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"{key}:")
            for item in value:
                if isinstance(item, dict):
                    pairs = [f"{k}: {scalar(v)}" for k, v in item.items()]
                    lines.append("  - " + "\n    ".join(pairs))
                else:
                    lines.append(f"  - {scalar(item)}")
        else:
            lines.append(f"{key}: {scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def trimmed(words: list[str]) -> str:
    """Words as a phrase that does not end on `the`, `of`, ... (an empty one gets `intake`)."""
    while words and words[-1] in FUNCTIONAL_WORDS:
        words = words[:-1]
    return " ".join(words) or "intake"


def content_word(words: Iterable[str]) -> str:
    return next((w for w in words if w not in FUNCTIONAL_WORDS), "study")


# ---- names and prose -------------------------------------------------------------------------


class Names:
    """Invented pseudo-words; every page name is unique however braindiet normalises it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def word(self, syllables: tuple[int, int] = (2, 3)) -> str:
        count = syllables[0] + (self.rng.random() < 0.5) * (syllables[1] - syllables[0])
        return "".join(self.rng.choices(SYLLABLES, k=count)).capitalize()

    def claim(self, *names: str) -> bool:
        keys = [name_key(n) for n in names]
        if any(k in self.taken for k in keys) or len(set(keys)) < len(keys):
            return False
        self.taken.update(keys)
        return True

    def unique(self, make: Callable[[], str]) -> str:
        while True:
            name = make()
            if self.claim(name):
                return name

    def abbreviated(self, make: Callable[[], str]) -> tuple[str, str, str]:
        """`Long Name (LN)`, its part before the parenthesis and the abbreviation."""
        while True:
            outside = make()
            initials = "".join(w[0] for w in outside.split()).upper()
            abbreviation = initials + self.rng.choice("ABCDEFGHKLMNPRSTVXZ")
            title = f"{outside} ({abbreviation})"
            if len(abbreviation) >= 3 and self.claim(title, outside, abbreviation):
                return title, outside, abbreviation


class Prose:
    """Sentences from the built-in word list, with links and citations placed in them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=self.rng.randint(low, high)))

    def sentence(self, extra: str = "") -> str:
        rng = self.rng
        text = self.words(7, 20)
        if rng.random() < 0.3:
            cut = text.find(" ", len(text) // 2)
            if cut > 0:
                text = text[:cut] + "," + text[cut:]
        if rng.random() < 0.08:
            first, _, rest = text.partition(" ")
            text = f"{first} **{self.words(1, 2)}** {rest}"
        if extra:
            text = f"{text} {extra}"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int, extras: Sequence[str] = ()) -> str:
        """`sentences` sentences; each of `extras` (a link or citation) ends one of them."""
        slots = [""] * max(sentences, len(extras))
        for extra, slot in zip(extras, self.rng.sample(range(len(slots)), len(extras)),
                               strict=True):
            slots[slot] = extra
        return " ".join(self.sentence(extra) for extra in slots)

    def phrase(self, low: int = 5, high: int = 12) -> str:
        text = trimmed(self.rng.choices(WORDS, k=self.rng.randint(low, high)))
        return text[0].upper() + text[1:]


def link(entity: Entity, text: str | None = None) -> str:
    return f"[{text or entity.shown}]({entity.permalink})"


# ---- bibliography ----------------------------------------------------------------------------


class Citer:
    """Citations to bibliography keys, popular papers more often; a few keys are missing."""

    def __init__(self, rng: random.Random, papers: list[Paper], names: Names,
                 missing_rate: float) -> None:
        self.rng, self.papers, self.names = rng, papers, names
        self.cum = cumulative(p.popularity for p in papers)
        self.keys = {p.key for p in papers}
        self.missing_rate = missing_rate
        self.count = self.missing = 0

    def cite(self) -> str:
        self.count += 1
        if self.rng.random() < self.missing_rate:
            self.missing += 1
            return self._missing()
        paper = self.rng.choices(self.papers, cum_weights=self.cum)[0]
        return f"[{paper.citation}]({REFERENCES}#{paper.key})"

    def many(self, low: int, high: int) -> list[str]:
        return [self.cite() for _ in range(self.rng.randint(low, high))]

    def _missing(self) -> str:
        while True:
            family = self.names.word((2, 3))
            year = self.rng.randint(1995, 2024)
            key = f"{family.lower()}_{content_word(self.rng.choices(WORDS, k=6))}_{year}"
            if key not in self.keys:
                return f"[{family} et al. {year}]({REFERENCES}#{key})"


def make_papers(rng: random.Random, names: Names, count: int) -> list[Paper]:
    journals = [f"{names.word((2, 2))} Journal of {rng.choice(JOURNAL_FIELDS)}"
                for _ in range(max(5, count // 40))]
    # researchers publish more than once: authors come from a pool, some far more prolific
    pool = [make_author(rng, names) for _ in range(max(100, count))]
    prolific = cumulative(min(rng.paretovariate(1.5), 50.0) for _ in pool)
    papers: list[Paper] = []
    keys: set[str] = set()
    for _ in range(count):
        authors = weighted_sample(rng, pool, prolific, rng.choice((1, 2, 3, 3, 4, 5, 6, 8)))
        year = rng.randint(1985, 2025)
        title = trimmed(rng.choices(WORDS, k=rng.randint(6, 16))).capitalize()
        first_content = content_word(title.lower().split())
        key = f"{slugify(authors[0][1]).replace('-', '') or 'anon'}_{first_content}_{year}"
        base, suffix = key, 0
        while key in keys:
            suffix += 1
            key = f"{base}{chr(ord('a') + (suffix - 1) % 26)}{(suffix - 1) // 26 or ''}"
        keys.add(key)
        kind = rng.choices(("article", "book", "incollection", "misc"), (97, 1, 1, 1))[0]
        papers.append(Paper(key, kind, authors, year, title, rng.choice(journals),
                            len(papers), rng.lognormvariate(0, 1.0)))
    return papers


def make_author(rng: random.Random, names: Names) -> tuple[str, str, str]:
    family = names.word((2, 3))
    as_bibtex = as_text = family
    if rng.random() < 0.06:
        for plain, (latex, accented) in ACCENTS.items():
            at = family.find(plain, 1)
            if at > 0:
                as_bibtex = family[:at] + latex + family[at + 1:]
                as_text = family[:at] + accented + family[at + 1:]
                break
    given = " ".join(f"{c}." for c in rng.sample("ABCDEFGHJKLMNOPRSTVW", rng.choice((1, 1, 2))))
    if rng.random() < 0.5:
        given = names.word((2, 2))
    return as_bibtex, as_text, given


def bibtex_entry(rng: random.Random, paper: Paper) -> str:
    authors = " and ".join(f"{family}, {given}" for family, _, given in paper.authors)
    doi = f"10.5555/bd.{paper.year}.{paper.number:06d}"
    fields: list[tuple[str, str]] = [("title", "{" + paper.title + "}")]
    if paper.kind == "article":
        first_page = rng.randint(1, 900)
        fields += [("volume", f"{{{rng.randint(1, 80)}}}"),
                   ("issn", f"{{{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}}}"),
                   ("doi", f"{{{doi}}}"),
                   ("journal", "{" + paper.venue + "}"),
                   ("number", f"{{{rng.randint(1, 12)}}}"),
                   ("pages", f"{{{first_page}--{first_page + rng.randint(3, 20)}}}")]
        if rng.random() < 0.8:
            fields.append(("month", rng.choice(MONTHS)))
    elif paper.kind == "book":
        fields += [("publisher", f"{{{paper.venue.split()[0]} Press}}"),
                   ("address", "{Cambridge}"), ("isbn", f"{{978-0-{paper.number:06d}-0}}")]
    elif paper.kind == "incollection":
        fields += [("booktitle", "{Handbook of " + rng.choice(JOURNAL_FIELDS) + "}"),
                   ("publisher", f"{{{paper.venue.split()[0]} Press}}"),
                   ("pages", f"{{{rng.randint(1, 300)}--{rng.randint(301, 600)}}}")]
    else:
        fields += [("howpublished", f"{{\\url{{https://doi.org/{doi}}}}}"),
                   ("note", "{Report}")]
    fields += [("author", "{" + authors + "}"), ("year", f"{{{paper.year}}}")]
    if rng.random() < 0.4:
        fields.append(("url", f"{{https://doi.org/{doi}}}"))
        fields.append(("urldate", f"{{2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}}}"))
    if rng.random() < 0.3:
        fields.append(("language", "{en}"))
    if rng.random() < 0.45:
        abstract = " ".join(" ".join(rng.choices(WORDS, k=rng.randint(12, 25))).capitalize() + "."
                            for _ in range(rng.randint(3, 7)))
        fields.append(("abstract", "{" + abstract + "}"))
    body = ",\n".join(f"\t{name} = {value}" for name, value in fields)
    return f"@{paper.kind}{{{paper.key},\n{body},\n}}\n"


# ---- chemistry -------------------------------------------------------------------------------

RING_PREFIXES = ("", "", "c1ccccc1", "Oc1ccc(cc1)", "c1ccncc1", "C1CCCCC1", "c1ccc2ccccc2c1",
                 "O=C1CCCN1")
BRANCHES = ("(O)", "(=O)", "(C)", "(N)", "(F)", "(Cl)", "(OC)")


class Chemist:
    """Small valid organic molecules, each with a distinct standard InChIKey (via RDKit)."""

    def __init__(self, rng: random.Random) -> None:
        from rdkit import Chem, RDLogger

        RDLogger.DisableLog("rdApp.*")
        self.rng, self.chem = rng, Chem
        self.keys: set[str] = set()

    def molecule(self) -> tuple[str, str]:
        while True:
            smiles = self._smiles()
            mol = self.chem.MolFromSmiles(smiles)
            key = self.chem.MolToInchiKey(mol) if mol is not None else ""
            if key and key not in self.keys:
                self.keys.add(key)
                return self.chem.MolToSmiles(mol), key

    def _smiles(self) -> str:
        rng = self.rng
        length = rng.randint(3, 14)
        parts = [rng.choice(RING_PREFIXES)]
        for position in range(length):
            inner = 0 < position < length - 1
            atom = rng.choice("CCCCON") if inner else "C"
            parts.append(atom)
            if atom == "C" and rng.random() < 0.3:
                parts.append(rng.choice(BRANCHES))
        return "".join(parts)


# ---- building the knowledge base -------------------------------------------------------------


def make_plan(pages: int) -> Plan:
    if pages < MIN_PAGES:
        raise ValueError(f"at least {MIN_PAGES} pages, please (got {pages})")
    root = math.sqrt(pages)
    targets = max(3, round(TARGETS_PER_SQRT_PAGE * root))
    areas = max(2, round(AREAS_PER_SQRT_PAGE * root))
    recipes = max(len(MEALS), round(RECIPE_SHARE * pages))
    sections = round(SECTION_SHARE * pages)
    rest = pages - targets - areas - recipes - 1 - sections  # 1: the references page
    foods = round(rest * FOOD_SHARE / (FOOD_SHARE + SUBSTANCE_SHARE))
    group_sizes = (split_evenly(foods, [g[4] for g in FOOD_GROUPS])
                   if foods > MAX_FILES_PER_FOLDER else [])
    plan = Plan(pages, foods, rest - foods, recipes, targets, areas, group_sizes,
                split_evenly(recipes, MEAL_SHARES))
    plan.substance_folders = max(len(SUBSTANCE_GROUPS), sections - plan.sections)
    plan.substances -= plan.sections - sections  # keep the total exact
    return plan


@dataclass
class KnowledgeBase:
    plan: Plan
    areas: list[Area]
    targets: list[Target]
    substance_folders: list[Folder]
    substances: list[Substance]
    substance_folder_of: dict[Substance, Folder]
    orphan_tags: list[str]
    food_folders: list[Folder]
    foods: list[Food]
    recipe_folders: list[Folder]
    recipes: list[Recipe]
    papers: list[Paper]
    category_tags: dict[str, str]  # tag -> description


class Builder:
    def __init__(self, pages: int, seed: int, bib_per_page: float, chemistry: bool) -> None:
        self.rng = random.Random(seed)
        self.names = Names(self.rng)
        self.prose = Prose(self.rng)
        self.plan = make_plan(pages)
        self.bib_per_page = bib_per_page
        self.chemist = Chemist(self.rng) if chemistry else None
        self.category_tags: dict[str, str] = {}

    def build(self) -> KnowledgeBase:
        for tag in ("Area", "Substance", "Food", "Recipe", "Biological Target",
                    "Therapeutic Area", "Vegan", "Vegetarian", *MEALS, *RECIPE_TAGS,
                    *(g[1] for g in SUBSTANCE_GROUPS), *(g[1] for g in FOOD_GROUPS)):
            self._category(tag)
        areas = self._areas()
        targets = self._targets(areas)
        folders = self._substance_folders()
        substances, folder_of = self._substances(folders, targets)
        orphans = [self.names.unique(lambda: self.names.word() + "ine")
                   for _ in range(max(2, len(substances) // 30))]
        food_folders, foods = self._foods(substances, orphans)
        recipe_folders, recipes = self._recipes(foods)
        papers = make_papers(self.rng, self.names,
                             max(40, round(self.bib_per_page * self.plan.pages)))
        return KnowledgeBase(self.plan, areas, targets, folders, substances, folder_of, orphans,
                             food_folders, foods, recipe_folders, recipes, papers,
                             self.category_tags)

    def _category(self, tag: str) -> str:
        self.names.claim(tag)
        self.category_tags[tag] = self.prose.phrase(5, 10)
        return tag

    def _popularity(self) -> float:
        """Some pages are tagged far more than others, but capped so that no page's share of
        the tags (and so its fan-in) grows with the size of the site."""
        return min(self.rng.lognormvariate(0, 0.7), MAX_POPULARITY)

    def _area_name(self) -> str:
        return f"{self.names.word()} {self.rng.choice(AREA_NOUNS)}"

    def _substance_name(self) -> str:
        return self.names.word() + self.rng.choice(SUBSTANCE_SUFFIXES)

    def _enzyme_name(self) -> str:
        return f"{self._substance_name()} {self.names.word((2, 2))}ase"

    def _dish_name(self, main: str) -> str:
        return (f"{self.rng.choice(DISH_ADJECTIVES)} {main} {self.names.word((1, 2))} "
                f"{self.rng.choice(DISHES)}")

    def _areas(self) -> list[Area]:
        areas = []
        for _ in range(self.plan.areas):
            if self.rng.random() < 0.3:
                title, outside, abbreviation = self.names.abbreviated(self._area_name)
                area = Area(title, slugify(abbreviation), "therapeutic-areas", abbreviation,
                            outside)
            else:
                title = self.names.unique(self._area_name)
                area = Area(title, slugify(title), "therapeutic-areas", title)
            area.declared, area.popularity = True, self._popularity()
            area.description = self.prose.phrase()
            areas.append(area)
        return areas

    def _targets(self, areas: list[Area]) -> list[Target]:
        cum = cumulative(a.popularity for a in areas)
        targets = []
        for _ in range(self.plan.targets):
            title = self.names.unique(
                lambda: f"{self.names.word()} {self.rng.choice(TARGET_PROCESSES)}")
            target = Target(title, slugify(title), "biological-targets", title,
                            popularity=self._popularity(), declared=self.rng.random() < 0.9,
                            description=self.prose.phrase())
            target.areas = weighted_sample(self.rng, areas, cum,
                                           self.rng.randint(*AREAS_PER_TARGET))
            targets.append(target)
        for area in areas:  # an area no target names would list nothing: give it one
            if not any(area in t.areas for t in targets):
                spare = [t for t in targets if len(t.areas) < AREAS_PER_TARGET[1]] or targets
                self.rng.choice(spare).areas.append(area)
        for target in targets:
            for area in target.areas:
                area.targets.append(target)
        return targets

    def _substance_folders(self) -> list[Folder]:
        folders = [Folder(f"substances/{path}", path.replace("-", " ").title(), 1, tag,
                          position=i + 1)
                   for i, (path, tag, _) in enumerate(SUBSTANCE_GROUPS)]
        open_parents = list(folders)
        siblings: Counter[str] = Counter()
        while len(folders) < self.plan.substance_folders:
            parent = self.rng.choice(open_parents)
            stem = self.names.unique(
                lambda: self.names.word((2, 2)) + self.rng.choice(CATEGORY_SUFFIXES))
            siblings[parent.path] += 1
            folder = Folder(f"{parent.path}/{slugify(stem)}s", stem + "s", parent.depth + 1,
                            self._category(stem), siblings[parent.path], parent)
            folders.append(folder)
            if folder.depth < MAX_SUBSTANCE_DEPTH:
                open_parents.append(folder)
        return folders

    def _substances(self, folders: list[Folder], targets: list[Target]
                    ) -> tuple[list[Substance], dict[Substance, Folder]]:
        cum = cumulative(t.popularity for t in targets)
        substances: list[Substance] = []
        folder_of: dict[Substance, Folder] = {}
        icons = {g[1]: g[2] for g in SUBSTANCE_GROUPS}
        for index in range(self.plan.substances):
            folder = folders[index] if index < len(folders) else self.rng.choice(folders)
            substance = self._substance(folder)
            chain = folder.chain
            substance.categories = [f.category for f in chain if f.category]
            substance.icon = icons[chain[0].category or "Nutrient"]
            substance.targets = weighted_sample(self.rng, targets, cum,
                                                self.rng.randint(*TARGETS_PER_SUBSTANCE))
            substance.mechanisms = {t.title: self.prose.phrase(10, 22) for t in substance.targets}
            if self.chemist is not None and self.rng.random() < 0.95:
                substance.smiles, substance.inchikey = self.chemist.molecule()
            substances.append(substance)
            folder_of[substance] = folder
        return substances, folder_of

    def _substance(self, folder: Folder) -> Substance:
        if self.rng.random() < 0.1:
            title, outside, abbreviation = self.names.abbreviated(self._enzyme_name)
            substance = Substance(title, slugify(abbreviation), folder.path, abbreviation,
                                  outside, declared=True)
        else:
            title = self.names.unique(self._substance_name)
            substance = Substance(title, slugify(title), folder.path, title,
                                  declared=self.rng.random() < 0.7)
        substance.popularity = self._popularity()
        substance.description = self.prose.phrase()
        return substance

    def _foods(self, substances: list[Substance], orphans: list[str]
               ) -> tuple[list[Folder], list[Food]]:
        cum = cumulative(s.popularity for s in substances)
        folders: list[Folder] = []
        foods: list[Food] = []
        groups = (zip(FOOD_GROUPS, self.plan.food_group_sizes, strict=True)
                  if self.plan.food_group_sizes else [(None, self.plan.foods)])
        for position, (group, size) in enumerate(groups, start=1):
            if group is None:
                placed = [("foods", size)]
            else:
                top = Folder(f"foods/{group[0]}", group[0].replace("-", " ").title(), 1,
                             group[1], position)
                placed = self._split(top, size, group[0].split("-")[0].title(), folders)
            for folder, count in placed:
                for _ in range(count):
                    foods.append(self._food(group, folder, substances, cum, orphans))
        return folders, foods

    def _split(self, top: Folder, size: int, noun: str,
               folders: list[Folder]) -> list[tuple[str, int]]:
        """`top` (added to `folders`), or sub-folders of it when `size` pages would not fit."""
        folders.append(top)
        if size <= MAX_FILES_PER_FOLDER:
            return [(top.path, size)]
        placed = []
        parts = math.ceil(size / SPLIT_FOLDER_SIZE)
        for part, count in enumerate(split_evenly(size, [1] * parts), start=1):
            stem = self.names.unique(partial(self.names.word, (2, 2)))
            sub = Folder(f"{top.path}/{slugify(stem)}", f"{stem} {noun}", top.depth + 1,
                         top.category, part, top)
            folders.append(sub)
            placed.append((sub.path, count))
        return placed

    def _food(self, group: tuple | None, folder: str, substances: list[Substance],
              cum: list[float], orphans: list[str]) -> Food:
        group = group or self.rng.choice(FOOD_GROUPS)
        title = self.names.unique(lambda: f"{self.names.word()} {self.rng.choice(group[2])}")
        food = Food(title, slugify(title), folder, title, popularity=self._popularity(),
                    declared=True, group_tag=group[1], diet_tags=group[3])
        food.substances = weighted_sample(self.rng, substances, cum,
                                          self.rng.randint(*SUBSTANCES_PER_FOOD))
        for substance in food.substances:
            substance.foods += 1
        if self.rng.random() < 0.3:
            food.orphan_tags = [self.rng.choice(orphans)]
        named = ", ".join(s.shown for s in food.substances[:3])
        food.description = f"{self.prose.phrase(3, 7)}; a source of {named}"
        return food

    def _recipes(self, foods: list[Food]) -> tuple[list[Folder], list[Recipe]]:
        folders: list[Folder] = []
        recipes: list[Recipe] = []
        cum = cumulative(f.popularity for f in foods)
        for position, (meal, size) in enumerate(zip(MEALS, self.plan.meal_sizes, strict=True),
                                                start=1):
            top = Folder(f"recipes/{meal}", f"{meal} Recipes", 1, meal, position)
            for folder, count in self._split(top, size, meal, folders):
                recipes += [self._recipe(meal, folder, foods, cum) for _ in range(count)]
        return folders, recipes

    def _recipe(self, meal: str, folder: str, foods: list[Food], cum: list[float]) -> Recipe:
        chosen = weighted_sample(self.rng, foods, cum, self.rng.randint(*FOODS_PER_RECIPE))
        title = self.names.unique(partial(self._dish_name, chosen[0].title.split()[0]))
        recipe = Recipe(title, slugify(title), folder, title, meal=meal,
                        foods=chosen, description=self.prose.phrase())
        recipe.file_stem = title if self.rng.random() < 0.3 else ""
        reachable = sorted({t.slug: t for f in chosen for s in f.substances
                            for t in s.targets}.items())
        recipe.targets = [t for _, t in self.rng.sample(
            reachable, min(len(reachable), self.rng.randint(2, 4)))]
        for target in recipe.targets:
            target.in_recipes = True
        recipe.extra_tags = self.rng.sample(RECIPE_TAGS, self.rng.choice((0, 0, 1, 2)))
        recipe.with_ingredients = self.rng.random() < 0.5
        for food in chosen:
            food.recipes += 1
        return recipe


# ---- writing pages ---------------------------------------------------------------------------


class Writer:
    def __init__(self, out: Path, kb: KnowledgeBase, rng: random.Random,
                 missing_rate: float) -> None:
        self.out, self.kb, self.rng = out, kb, rng
        self.prose = Prose(rng)
        self.citer = Citer(rng, kb.papers, Names(rng), missing_rate)
        self.files: dict[str, int] = {}  # path -> size, everything written
        self.kinds: Counter[str] = Counter()
        self.made: set[Path] = set()
        # creating files is most of the run time on a slow disk, and threads overlap it
        self.pool = ThreadPoolExecutor(max_workers=4)
        self.pending: list[Future[int]] = []

    def write(self, relative: str, text: str, kind: str | None = None) -> None:
        path = self.out / relative
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        data = text.encode("utf-8")
        self.pending.append(self.pool.submit(path.write_bytes, data))
        self.files[relative] = len(data)
        if kind:
            self.kinds[kind] += 1

    def page(self, relative: str, fields: Sequence[tuple[str, object]], body: str,
             kind: str) -> None:
        self.write(f"docs/{relative}", front_matter(fields) + "\n" + body.rstrip() + "\n", kind)

    def run(self) -> None:
        try:
            self.write_all()
        finally:
            self.pool.shutdown(wait=True)
        for future in self.pending:
            future.result()  # re-raise a failed write

    def write_all(self) -> None:
        self.write(MARKER, "Generated by scripts/synthetic.py; safe to delete.\n")
        self.site_files()
        self.index_pages()
        for area in self.kb.areas:
            self.area(area)
        for target in self.kb.targets:
            self.target(target)
        for folder in self.kb.substance_folders:
            self.substance_folder(folder)
        for substance in self.kb.substances:
            self.substance(substance)
        for folder in self.kb.food_folders:
            self.listing_folder(folder, "foods")
        siblings: dict[str, list[Food]] = {}
        for food in self.kb.foods:
            siblings.setdefault(food.folder, []).append(food)
        for food in self.kb.foods:
            self.food(food, siblings[food.folder])
        for recipe in self.kb.recipes:
            self.recipe(recipe)
        self.references()
        self.tags_file()
        self.bibliography()

    # -- site-wide files

    def site_files(self) -> None:
        plan = self.kb.plan
        self.write("braindiet.toml",
                   f'title = "Synthetic BRAIN Diet ({plan.pages} pages)"\n'
                   'tagline = "Invented names and text, real shape: a benchmark knowledge base"\n'
                   'base_url = "/"\n'
                   'bibliography = ["static/bibtex/BRAIN-diet.bib"]\n')
        for icon in ICONS:
            self.write(f"static/img/icons/{icon}.svg",
                       '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" '
                       f'height="24"><title>{icon}</title><circle cx="12" cy="12" r="9" '
                       'fill="none" stroke="currentColor" stroke-width="2"/></svg>\n')

    def index_pages(self) -> None:
        p = self.prose
        sections = (
            ("substances", "Substances", 1, "nutrients",
             "\n\n".join(f"## {folder.title}\n\n<FolderList folder=\"{folder.path}\" />\n\n"
                         f"<TagList tag=\"{folder.category}\" filter=\"substances\" />"
                         for folder in self.kb.substance_folders[: len(SUBSTANCE_GROUPS)])),
            ("foods", "Foods", 2, "ingredients", '<TagList tag="Food" filter="foods" />'),
            ("recipes", "Recipes", 3, "recipes", '<TagList tag="Recipe" filter="recipes" />'),
            ("biological-targets", "Biological Targets", 4, "biological-targets",
             '<TagList tag="Biological Target" filter="biological-targets" />'),
            ("therapeutic-areas", "Therapeutic Areas", 5, "therapeutic-areas",
             '<TagList tag="Therapeutic Area" filter="therapeutic-areas" />'),
            ("papers", "Papers", 10, "papers",
             f"The full list is on the [BRAIN Diet References]({REFERENCES}) page."),
        )
        for folder, title, position, icon, listing in sections:
            fields = [("title", title), ("sidebar_label", title), ("description", p.phrase()),
                      ("tags", ["Area"]), ("sidebar_position", position),
                      ("list_image", f"/img/icons/{icon}.svg")]
            body = f"# {title}\n\n{p.paragraph(self.rng.randint(2, 4))}\n\n{listing}\n"
            self.page(f"{folder}/index.md", fields, body, "section")
        for folder in self.kb.recipe_folders:
            self.listing_folder(folder, "recipes")

    def references(self) -> None:
        fields = [("title", "BRAIN Diet References"), ("sidebar_label", "BRAIN Diet References"),
                  ("description", "Every paper cited in this knowledge base"),
                  ("list_image", "/img/icons/papers.svg")]
        body = ('<BibTexReferences\n  fileId="BRAIN-diet"\n  title="All References"\n'
                '  style="apa"\n  sortBy="year"\n  sortDirection="desc"\n'
                "  showCitationKeys={false}\n/>\n")
        self.page("papers/BRAIN-Diet-References.md", fields, body, "paper")

    def tags_file(self) -> None:
        lines = ["# Tags of a synthetic BRAIN Diet knowledge base (scripts/synthetic.py).", ""]
        entries: list[tuple[str, str, str]] = [
            (tag, tag, description) for tag, description in self.kb.category_tags.items()]
        pages: list[Entity] = [*self.kb.areas, *self.kb.targets, *self.kb.substances,
                               *self.kb.foods]
        entries += [(e.tag, e.title, e.description) for e in pages if e.declared]
        entries += [(tag, tag, "A substance without a page of its own")
                    for tag in self.kb.orphan_tags]
        for key, label, description in entries:
            lines += [f"{scalar(key)}:", f"  label: {scalar(label)}",
                      f"  permalink: /docs/tags/{slugify(key)}",
                      f"  description: {scalar(description)}", ""]
        self.write("docs/tags.yml", "\n".join(lines))

    def bibliography(self) -> None:
        header = ("% Synthetic bibliography (scripts/synthetic.py): invented authors, titles "
                  "and DOIs under the 10.5555 example prefix.\n\n")
        rng = random.Random(self.rng.getrandbits(64))
        entries = "\n".join(bibtex_entry(rng, paper) for paper in self.kb.papers)
        self.write("static/bibtex/BRAIN-diet.bib", header + entries)

    # -- one function per kind of page

    def citations_paragraphs(self, count: int, sentences: tuple[int, int],
                             cites: tuple[int, int], links: Sequence[str] = ()
                             ) -> tuple[list[str], list[str]]:
        """`count` paragraphs holding `links` and some citations; also returns the citations."""
        cited: list[str] = []
        paragraphs = []
        pending = list(links)
        for _ in range(count):
            own = self.citer.many(*cites)
            cited += own
            extras = own + ([pending.pop()] if pending else [])
            paragraphs.append(self.prose.paragraph(self.rng.randint(*sentences), extras))
        return paragraphs, cited

    def reference_list(self, cited: list[str]) -> str:
        if not cited:
            return ""
        items = "\n".join(f"- {self.prose.phrase(6, 14)} {c}" if self.rng.random() < 0.6
                          else f"- {c}" for c in dict.fromkeys(cited))
        return f"\n## References\n\n{items}\n"

    def area(self, area: Area) -> None:
        fields = [("id", area.slug), ("title", area.title), ("sidebar_label", area.shown),
                  ("description", area.description),
                  ("tags", ["Therapeutic Area", area.tag, *(t.tag for t in area.targets)]),
                  ("list_image", "/img/icons/therapeutic-areas.svg")]
        paragraphs, cited = self.citations_paragraphs(2, (3, 5), (1, 4))
        body = (f"## Overview\n\n{paragraphs[0]}\n\n{paragraphs[1]}\n\n"
                f'## Biological Target Matrix\n\n<TherapeuticAreaMatrix tag="{area.tag}" />\n\n'
                f'## Biological Targets\n\n<TagList tag="{area.tag}" '
                f'filter="biological-targets" />\n' + self.reference_list(cited))
        self.page(f"{area.folder}/{area.filename}", fields, body, "therapeutic-area")

    def target(self, target: Target) -> None:
        fields = [("id", target.slug), ("title", target.title),
                  ("sidebar_label", target.shown), ("description", target.description),
                  ("tags", ["Biological Target", target.tag, *(a.tag for a in target.areas)]),
                  ("list_image", "/img/icons/biological-targets.svg")]
        parts = []
        for heading, count in (("Overview", 3), ("How Food Acts Here", 5), ("Evidence", 5)):
            paragraphs, _ = self.citations_paragraphs(self.rng.randint(count - 1, count + 1),
                                                      (4, 7), (0, 2))
            parts.append(f"## {heading}\n\n" + "\n\n".join(paragraphs))
        parts.append(f'## Substances\n\n<TagList tag="{target.tag}" filter="substances" />')
        if target.in_recipes:
            parts.append(f'## Recipes\n\n<TagList tag="{target.tag}" filter="recipes" />')
        parts.append(f'## Therapeutic Areas\n\n<TagList tag="{target.tag}" '
                     'filter="therapeutic-areas" />')
        self.page(f"{target.folder}/{target.filename}", fields, "\n\n".join(parts),
                  "biological-target")

    def substance_folder(self, folder: Folder) -> None:
        fields = [("title", folder.title), ("description", self.prose.phrase()),
                  ("sidebar_position", folder.position)]
        body = f'<FolderList folder="{folder.path}" />\n'
        if folder.category and self.rng.random() < 0.3:
            body = (f"{self.prose.paragraph(2)}\n\n{body}\n"
                    f'<TagList tag="{folder.category}" filter="substances" />\n')
        self.page(f"{folder.path}/README.md", fields, body, "section")

    def substance(self, substance: Substance) -> None:
        tags = ["Substance", *substance.categories, substance.tag,
                *(t.tag for t in substance.targets)]
        fields: list[tuple[str, object]] = [
            ("id", substance.slug), ("title", substance.title),
            ("sidebar_label", substance.shown), ("description", substance.description),
            ("tags", tags), ("list_image", substance.icon),
            ("mechanisms", substance.mechanisms)]
        if substance.inchikey:
            fields += [("inchikey", substance.inchikey), ("smiles", substance.smiles)]
        related = [link(t) for t in self.rng.sample(substance.targets, 1)]
        cites = (0, 0) if self.rng.random() < 0.45 else (0, 3)
        paragraphs, cited = self.citations_paragraphs(self.rng.randint(1, 4), (2, 5), cites,
                                                      related)
        body = "## Overview\n\n" + "\n\n".join(paragraphs) + "\n\n"
        if self.rng.random() < 0.05:
            body += (f'<Collapse title="More about {substance.shown}">\n\n'
                     f"{self.prose.paragraph(3)}\n\n</Collapse>\n\n")
        body += (f'## Recipes\n\n<SubstanceRecipes tag="{substance.tag}" />\n\n'
                 f'## Foods\n\n<SubstanceFoods tag="{substance.tag}" />\n\n'
                 "## Biological Mechanisms and Implications\n\n"
                 f'<SubstanceMatrix tag="{substance.tag}" />\n' + self.reference_list(cited))
        folder = self.kb.substance_folder_of[substance].path
        self.page(f"{folder}/{substance.filename}", fields, body, "substance")

    def listing_folder(self, folder: Folder, kind_folder: str) -> None:
        """A food group's or meal's index page; the pages in its sub-folders get their own."""
        fields: list[tuple[str, object]] = [("title", folder.title),
                                            ("sidebar_label", folder.title),
                                            ("description", self.prose.phrase()),
                                            ("sidebar_position", folder.position)]
        if folder.depth == 1:
            listing = f'<TagList tag="{folder.category}" filter="{kind_folder}" />'
        else:
            listing = f'<FolderList folder="{folder.path}" />'
        body = f"# {folder.title}\n\n{self.prose.paragraph(2)}\n\n{listing}\n"
        self.page(f"{folder.path}/index.md", fields, body, "section")

    def food(self, food: Food, siblings: list[Food]) -> None:
        tags = ["Food", food.tag, *food.diet_tags, food.group_tag,
                *(s.tag for s in food.substances), *food.orphan_tags]
        fields = [("id", food.slug), ("title", food.title), ("sidebar_label", food.shown),
                  ("description", food.description), ("tags", tags),
                  ("list_image", "/img/icons/ingredients.svg")]
        links = [link(s) for s in food.substances[: self.rng.randint(0, 2)]]
        if len(siblings) > 1 and self.rng.random() < 0.1:
            sibling = self.rng.choice([f for f in siblings if f is not food])
            links.append(f"[{sibling.title}](./{sibling.filename})")
        cites = (0, 0) if self.rng.random() < 0.6 else (1, 2)
        paragraphs, cited = self.citations_paragraphs(self.rng.randint(1, 3), (2, 4), cites,
                                                      links)
        body = ("## Overview\n\n" + "\n\n".join(paragraphs) + "\n\n"
                f'## Recipes\n\n<FoodRecipes tag="{food.tag}" />\n\n'
                "## Substances\n\n<FoodSubstances details={frontMatter} />\n\n"
                f'## Biological Target Matrix\n\n<FoodMatrix tag="{food.tag}" />\n'
                + (self.reference_list(cited) if self.rng.random() < 0.5 else ""))
        self.page(f"{food.folder}/{food.filename}", fields, body, "food")

    def recipe(self, recipe: Recipe) -> None:
        rng = self.rng
        amounts = [self.amount() for _ in recipe.foods]
        tags = ["Recipe", recipe.meal, recipe.tag, *recipe.extra_tags,
                *(f.tag for f in recipe.foods), *(t.tag for t in recipe.targets)]
        fields: list[tuple[str, object]] = [
            ("id", recipe.slug), ("title", recipe.title), ("sidebar_label", recipe.title),
            ("description", recipe.description)]
        if recipe.with_ingredients:
            fields += [("servings", rng.randint(1, 6)),
                       ("ingredients", [{"food": f.title, "quantity": grams, "unit": "g"}
                                        for f, (grams, _, _) in zip(recipe.foods, amounts,
                                                                    strict=True)])]
        fields += [("tags", tags), ("list_image", "/img/icons/recipes.svg")]
        overview, cited = self.citations_paragraphs(1, (3, 5), (0, 1) if rng.random() < 0.3
                                                    else (0, 0), [link(recipe.foods[0])])
        ingredients = "\n".join(f"- {quantity} {unit} {food.title.lower()}"
                                for food, (_, quantity, unit) in zip(recipe.foods, amounts,
                                                                     strict=True))
        steps = "\n".join(f"{i}. {self.prose.sentence()}"
                          for i in range(1, rng.randint(3, 7) + 1))
        body = (f"## Overview\n\n{overview[0]}\n\n## Ingredients\n\n{ingredients}\n\n"
                f"## Method\n\n{steps}\n\n")
        if rng.random() < 0.1:
            body += (f'<Collapse title="Why this works">\n\n### {self.prose.phrase(2, 4)}\n\n'
                     f"- {self.prose.sentence()}\n- {self.prose.sentence()}\n\n</Collapse>\n\n")
        body += ("## Foods\n\n<RecipeFoods details={frontMatter} />\n\n"
                 "## Biological Target Matrix\n\n<RecipeMatrix details={frontMatter} />\n"
                 + self.reference_list(cited))
        self.page(f"{recipe.folder}/{recipe.filename}", fields, body, "recipe")

    def amount(self) -> tuple[int, str, str]:
        """Grams for the front matter, and the kitchen measure the method text shows."""
        grams = self.rng.choice((10, 15, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200))
        unit = self.rng.choice(UNITS)
        shown = str(grams) if unit == "g" else self.rng.choice(("1", "2", "1/2", "1/4", "3"))
        return grams, shown, unit


# ---- entry points ----------------------------------------------------------------------------


def prepare(out: Path) -> None:
    """An empty folder to write into; only a previous synthetic site is ever replaced."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise FileExistsError(f"{out} is not empty and was not made by this script")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def summarize(kb: KnowledgeBase, writer: Writer) -> Stats:
    def spread(values: list[int]) -> tuple[float, int, int]:
        return (mean(values), min(values), max(values)) if values else (0.0, 0, 0)

    per_folder = Counter(path.rsplit("/", 1)[0] for path in writer.files)
    density = {
        "substances per food": spread([len(f.substances) for f in kb.foods]),
        "foods per substance": spread([s.foods for s in kb.substances]),
        "targets per substance": spread([len(s.targets) for s in kb.substances]),
        "foods per recipe": spread([len(r.foods) for r in kb.recipes]),
        "recipes per food": spread([f.recipes for f in kb.foods]),
        "areas per target": spread([len(t.areas) for t in kb.targets]),
        "targets per area": spread([len(a.targets) for a in kb.areas]),
        "substances per target": spread([sum(t in s.targets for s in kb.substances)
                                         for t in kb.targets]),
    }
    order = ("food", "substance", "recipe", "biological-target", "therapeutic-area", "section",
             "paper")
    by_kind = {kind: writer.kinds[kind] for kind in order}
    return Stats(pages=sum(by_kind.values()), by_kind=by_kind, files=len(writer.files),
                 bytes=sum(writer.files.values()), folders=len(per_folder),
                 largest_folder=max(per_folder.values()),
                 deepest_substance_folder=max(f.depth for f in kb.substance_folders),
                 bib_entries=len(kb.papers), citations=writer.citer.count,
                 missing_citations=writer.citer.missing,
                 declared_tags=(len(kb.category_tags) + len(kb.orphan_tags)
                                + sum(e.declared for e in (*kb.areas, *kb.targets,
                                                           *kb.substances, *kb.foods))),
                 density=density)


def generate(out: Path, pages: int, seed: int = 1, *, bib_per_page: float = 2.2,
             missing_citation_rate: float = 0.02, chemistry: bool = True) -> Stats:
    """Write a synthetic site of `pages` Markdown pages into `out` and describe it.

    `bib_per_page`: bibliography entries per page (the corpus has 2.2); `missing_citation_rate`:
    the share of citations naming a key the bibliography lacks; `chemistry`: give 95% of
    substances a generated SMILES and its InChIKey (computed with RDKit), as the corpus gives
    most substances an InChIKey.
    """
    kb = Builder(pages, seed, bib_per_page, chemistry).build()
    prepare(out)
    writer = Writer(out, kb, random.Random(f"{seed}-pages"), missing_citation_rate)
    writer.run()
    return summarize(kb, writer)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True,
                        help=f"Markdown pages to write (at least {MIN_PAGES})")
    parser.add_argument("--out", type=Path, required=True,
                        help="folder to create (a previous synthetic site there is replaced)")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same bytes (default 1)")
    parser.add_argument("--bib-per-page", type=float, default=2.2,
                        help="bibliography entries per page (default 2.2, as in the corpus)")
    parser.add_argument("--missing-citations", type=float, default=0.02,
                        help="share of citations to keys not in the bibliography (default 0.02)")
    parser.add_argument("--no-chemistry", action="store_true",
                        help="no SMILES/InChIKey on substances (skips RDKit)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        stats = generate(args.out, args.pages, args.seed, bib_per_page=args.bib_per_page,
                         missing_citation_rate=args.missing_citations,
                         chemistry=not args.no_chemistry)
    except (ValueError, FileExistsError) as exc:
        print(f"synthetic: {exc}", file=sys.stderr)
        return 2
    print("\n".join(stats.lines()))
    print(f"written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
