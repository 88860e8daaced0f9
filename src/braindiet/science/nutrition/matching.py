"""Propose USDA records for a food page from its names, ranked, with a confidence.

USDA descriptions put the food group first and the form after commas ("Nuts, almonds",
"Spinach, raw", "Seeds, pumpkin and squash seed kernels, dried"). A record scores well when
every word of the page's name appears in its leading parts, few other words describe
something more specific (a brand, a preparation, "with almonds"), and its form is plain.
Ties go to SR Legacy, then Foundation (fewer nutrients analysed), then FNDDS survey foods;
a survey food (a composite "as eaten") ranks below every plain SR Legacy or Foundation record
that covers the name.

A record that is not the food itself is pushed down hard: a dish, a substitute, a brand
("Chicken, meatless", "Sardine sandwich", "Kefir, lowfat, plain, LIFEWAY"), or another food
whose name starts with the page's ("Amaranth leaves" for Amaranth, "Liver cheese" for Liver).
The page's own text, when given, tells its form: a page about a powder prefers the dried record
to the raw one ("Seaweed, spirulina, dried"), and words the page uses for the food ("grain",
"Atlantic") count against a record less than words it never uses.

The score is in [0, 1]. Confidence: **high** (>= 0.9: every word matched in the leading parts,
no other word but plain-form ones like "raw", no dish or brand, and no different record
within 0.02) — safe to accept after a glance; **medium** (>= 0.5, or a close rival, or an
FNDDS survey food, a dish or a brand) — read the candidates; **low** — probably no generic
record exists (e.g. "Herbs", "Organ Meats").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from braindiet.science.nutrition.fdc import FoodIndex, FoodRecord, load_index
from braindiet.science.nutrition.units import singular


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


HIGH_SCORE = 0.9
MEDIUM_SCORE = 0.5


@dataclass(frozen=True, slots=True)
class Candidate:
    record: FoodRecord
    score: float  # 0..1
    dataset: str  # "USDA FDC SR Legacy"
    matched_name: str  # which of the page's names produced the score
    confidence: Confidence  # from the score, lowered when a different record is as good


def confidence_for(score: float) -> Confidence:
    if score >= HIGH_SCORE:
        return Confidence.HIGH
    if score >= MEDIUM_SCORE:
        return Confidence.MEDIUM
    return Confidence.LOW


# Words that say nothing against a match: the plain form of a food.
_PLAIN = {"raw", "fresh", "whole", "plain", "mature", "seed", "kernel", "all", "type", "variety",
          "regular", "unenriched", "commercial", "unprepared", "edible", "portion", "common",
          "mixed", "specy", "natural", "ripe", "uncooked", "wild", "only", "meat", "grade"}
# The edible part named after the food ("Ginger root", "Leeks, bulb"): not another food
_PART = {"root", "bulb", "kernel", "flesh", "stalk", "tuber"}
# Forms that are the usual one for seeds and spices but a product for others (eggs, milk)
_FORM = {"dried", "dry", "ground"}
_DRIED_BY_NATURE = {"seed", "spice", "nut"}
# A first part made only of these is a taxonomy prefix: "Nuts, almonds", "Fish, cod, raw"
# ("Beans, kidney" is not: "Kidney" names an organ as well.)
_TAXONOMY = {"nut", "seed", "spice", "fish", "beverage", "cereal", "mollusk", "crustacean",
             "seaweed"}
_STOP = {"and", "or", "of", "the", "in", "a", "an", "to", "for", "by", "on", "s", "from"}
_PROCESSED = {"cooked", "boiled", "canned", "fried", "roasted", "baked", "frozen", "sweetened",
              "salted", "stewed", "braised", "microwaved", "steamed", "toasted", "enriched",
              "fortified", "juice", "prepared", "heat"}
_PROCESSED |= {"cured", "smoked", "pickled", "breaded", "candied", "sprouted"}
# Words saying the record is a dish, a product made with the food, or a stand-in for it
_NOT_THE_FOOD = {"meatless", "sandwich", "substitute", "imitation", "restaurant", "babyfood",
                 "baby", "toddler", "salad", "loaf", "cracker", "pie", "entree", "soup",
                 "stew", "casserole", "pizza", "burger", "nugget", "patty", "spread", "mix",
                 "dessert", "shake", "bar", "relish", "sauce", "dinner", "drink", "flavor",
                 "flavored", "candy", "cookie", "cake", "muffin", "snack", "analog",
                 "replacement", "formula", "frosty", "lasagna", "spaghetti", "noodle", "hash",
                 "sausage", "liverwurst", "bologna", "beverage", "cereal", "pastry", "topping",
                 "dip"}
# USDA's standing phrases that name the ordinary food, not a variant of it
_BOILERPLATE = re.compile(
    r"\b(salad or cooking|year round average|all commercial varieties|mixed species|"
    r"all types|all classes|all varieties|broilers or fryers|solids and liquids|"
    r"total can contents)\b|\(includes foods for usda's food distribution program\)",
    re.IGNORECASE)
# An upper-case word in a record's description is a brand ("LIFEWAY", "WENDY'S"); NFS is
# FNDDS's "not further specified"
_BRAND = re.compile(r"\b(?!NFS\b)[A-Z][A-Z'&-]{2,}\b")
# A traditional food of one community ("Corn, dried (Navajo)"): real, but not the everyday food
_REGIONAL = re.compile(r"\((alaska native|navajo|hopi|apache|northern plains indians|"
                       r"shoshone bannock)\)", re.IGNORECASE)
BRAND_PENALTY = 0.6
COMPOUND_PENALTY = 0.8  # another noun in the food's own name: a different food
# Forms a page's text can claim; a record's form words map to the same groups
FORM_GROUPS: dict[str, frozenset[str]] = {
    "raw": frozenset({"raw", "fresh", "uncooked"}),
    "dried": frozenset({"dried", "dry", "dehydrated", "powder", "powdered"}),
    "cooked": frozenset({"cooked", "boiled", "steamed", "baked", "stewed", "simmered", "fried",
                         "grilled", "poached", "braised", "sauteed", "sautéed", "microwaved",
                         "brewed"}),
    "roasted": frozenset({"roasted", "toasted"}),
}
_FORM_WORDS = frozenset().union(*FORM_GROUPS.values())
_DATASET_BONUS = {"sr_legacy_food": 0.03, "foundation_food": 0.015, "survey_fndds_food": -0.12}
_SYNONYMS = {  # a page word -> the words USDA uses
    "bell": ("sweet",), "cilantro": ("coriander", "leaf"), "garbanzo": ("chickpea",),
    "rocket": ("arugula",), "zucchini": ("squash",), "yoghurt": ("yogurt",),
    "flax": ("flaxseed",), "evoo": ("extra", "virgin", "olive", "oil"), "scallion": ("onion",),
    "prawn": ("shrimp",), "courgette": ("squash",), "aubergine": ("eggplant",),
    "nori": ("seaweed", "laver"),  # nori sheets are made of laver (Pyropia)
    "tart": ("sour",),  # USDA's name for tart cherries
}
MARGIN = 0.02  # a different record this close to the top one makes the choice ambiguous


def tokens(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.casefold().replace("'", ""))
    return [singular(w) for w in words if w not in _STOP]


@dataclass(frozen=True, slots=True)
class _RecordWords:
    ordered: tuple[str, ...]  # every token, in order
    head: frozenset[str]  # tokens of the leading parts (before any "with ..." part)
    all: frozenset[str]
    neutral: frozenset[str]  # taxonomy prefix and "without ..." tokens: never held against it
    qualifiers: frozenset[str]  # tokens of "with ..." / "prepared with ..." parts
    dried_by_nature: bool  # "Seeds, ..." / "Spices, ...": dried or ground is the plain form
    segment_of: tuple[int, ...] = ()  # the comma part each token of `ordered` is in
    asides: frozenset[str] = frozenset()  # tokens in parentheses: "(pepitas)", "(besan)"
    branded: bool = False  # an upper-case brand name in the description
    regional: bool = False  # a community's traditional food: "(Alaska Native)"
    forms: frozenset[str] = frozenset()  # FORM_GROUPS the description names


def _record_words(record: FoodRecord) -> _RecordWords:
    description = _BOILERPLATE.sub(" ", record.description)
    segments = [tokens(part) for part in description.split(",")]
    head: set[str] = set()
    neutral: set[str] = set()
    qualifiers: set[str] = set()
    in_head = True
    for position, segment in enumerate(segments):
        if not segment:
            continue
        if position == 0 and len(segments) > 1 and set(segment) <= _TAXONOMY:
            neutral.update(segment)
        if segment[0] == "without":
            neutral.update(segment)
        elif segment[0] == "with" or segment[:2] == ["prepared", "with"]:
            neutral.update(("with", "prepared"))
            qualifiers.update(segment[1:])
            in_head = False
        if in_head and position <= 2:
            head.update(segment)
    ordered = tuple(t for segment in segments for t in segment)
    segment_of = tuple(i for i, segment in enumerate(segments) for _ in segment)
    by_nature = bool(segments and segments[0] and segments[0][0] in _DRIED_BY_NATURE)
    asides = {t for aside in re.findall(r"\(([^)]*)\)", description) for t in tokens(aside)}
    forms = {group for group, names in FORM_GROUPS.items() if names & set(ordered)}
    if by_nature and forms <= {"dried"}:
        forms.add("dried")  # a spice is dried, ground or not
        if segments[0][0] != "spice":
            forms.add("raw")  # and a dried seed or nut is the plain, unroasted one
    return _RecordWords(ordered, frozenset(head), frozenset(ordered), frozenset(neutral),
                        frozenset(qualifiers), by_nature, segment_of, frozenset(asides),
                        bool(_BRAND.search(description)), bool(_REGIONAL.search(description)),
                        frozenset(forms))


@dataclass(frozen=True, slots=True)
class PageContext:
    """What a food page's own text says about the food: its words, and the forms it names."""

    words: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()  # TEXT_FORMS the page mentions

    @classmethod
    def of(cls, text: str) -> PageContext:
        words = frozenset(tokens(text))
        return cls(words, frozenset(g for g in TEXT_FORMS if FORM_GROUPS[g] & words))


# The forms a page's prose can choose: raw against dried. Prose says "cooked" or "roasted"
# about recipes and serving ideas, not about the food the page describes; a title can say it.
TEXT_FORMS = ("raw", "dried")


NO_CONTEXT = PageContext()


def _query_words(name: str) -> tuple[set[str], set[str], set[str]]:
    """The name's words (USDA spelling), as written, and adjacent pairs joined ("flaxseed")."""
    written = tokens(name)
    words = [w for t in written for w in _SYNONYMS.get(t, (t,))]
    joined = {a + b for a, b in itertools.pairwise(written)}
    return set(words), set(written), joined - set(words)


def score_record(name: str, record: FoodRecord, words: _RecordWords | None = None,
                 context: PageContext = NO_CONTEXT) -> float:
    """How well `record` matches one page name, in [0, 1]; `context` is the page's own text."""
    words = words or _record_words(record)
    needed, written, joined = _query_words(name)
    if not needed:
        return 0.0
    joined_hits = {j for j in joined if j in words.all}
    matched = needed | written | joined_hits
    # "Fresh Ginger", "Dried Figs": the form is weighed below, the food is what must be found
    needed = (needed - _FORM_WORDS) or needed
    found = needed & words.head
    for hit in joined_hits & words.head:  # "flax seed" found as "flaxseed"
        found |= {w for w in needed if w in hit}
    later = (needed & words.all) - found
    coverage = (len(found) + 0.3 * len(later)) / len(needed)
    if coverage == 0:
        return 0.0
    first_hit = min((i for i, t in enumerate(words.ordered)
                     if t in matched and t not in words.neutral), default=0)
    head_segment = words.segment_of[first_hit] if words.segment_of else -1
    name_forms = {g for g, names in FORM_GROUPS.items() if names & written}
    said = name_forms or context.forms  # the title's form, else the text's
    agreeing = words.forms & said
    penalty = (BRAND_PENALTY if words.branded else 0.0) + (0.3 if words.regional else 0.0)
    for position, token in enumerate(words.ordered):
        if token in matched or token in words.neutral or token.isdigit() or _covered(token,
                                                                                    needed):
            continue
        if position < first_hit:  # a word before the match names another food: "Oil, almond"
            penalty += 0.4
            continue
        if token in _NOT_THE_FOOD:
            penalty += 0.6
            continue
        if token in _FORM_WORDS and agreeing and any(token in FORM_GROUPS[g] for g in agreeing):
            continue  # the form the page is about
        if token in _PLAIN:
            weight = 0.01
        elif token in _FORM:
            weight = 0.06 if words.dried_by_nature else 0.2
        elif token in words.qualifiers or token in words.asides:
            weight = 0.08  # "with added vitamin D", "(pepitas)"
        elif token in _PART:
            weight = 0.18
        elif words.segment_of and words.segment_of[position] == head_segment:
            weight = COMPOUND_PENALTY  # "Amaranth leaves", "Cherry juice", "Hearts of palm"
        elif token in _PROCESSED:
            weight = 0.2
        else:
            weight = 0.18
        if token in context.words and token not in _FORM_WORDS:
            weight *= 0.4  # the page itself uses the word: "grain", "Atlantic"
        penalty += weight
    if said and words.forms and not agreeing:
        # a raw record for "Roasted Peanuts" (the title says so), or for a page whose text
        # speaks of the powder (a weaker sign)
        penalty += 0.5 if name_forms else 0.15
    elif name_forms and not words.forms:
        penalty += 0.2  # "Roasted Almonds" against a record that names no form at all
    score = 0.9 * coverage / (1.0 + penalty)
    if words.ordered and (words.ordered[0] in matched or words.ordered[0] in words.neutral):
        score += 0.05  # "Spinach, raw" or "Nuts, almonds": the food itself leads
    if agreeing:
        score += 0.02
    elif "raw" in words.all and not said:
        score += 0.01
    score += _DATASET_BONUS.get(record.data_type, 0.0)
    score += 0.02 * min(record.nutrient_count, 40) / 40  # more complete records first
    return max(0.0, min(1.0, score))


def _covered(token: str, needed: set[str]) -> bool:
    return any(token.startswith(w) or w.startswith(token) for w in needed if len(w) > 3)


def _words_for(index: FoodIndex) -> list[_RecordWords]:
    if index._tokens is None:
        index._tokens = [_record_words(record) for record in index.records]
    return index._tokens


def _name_variants(names: Sequence[str]) -> list[str]:
    """The names, plus "Olive Oil" for "Olive Oil (Early Harvest)"."""
    variants: list[str] = []
    for name in names:
        name = name.strip()
        base = name.split("(", 1)[0].strip()
        for variant in (name, base):
            if variant and variant not in variants:
                variants.append(variant)
    return variants


def propose_records(names: Sequence[str], limit: int = 5, index: FoodIndex | None = None,
                    context: PageContext = NO_CONTEXT) -> list[Candidate]:
    """Best records for a food known by `names` (title, sidebar label, aliases), best first;
    `context` (`PageContext.of(page text)`) lets the page's own words choose among forms."""
    index = index or load_index()
    cleaned = _name_variants(names)
    if not cleaned:
        return []
    wanted = {t for name in cleaned for part in _query_words(name) for t in part}
    best: dict[int, tuple[float, str]] = {}
    all_words = _words_for(index)
    for position, (record, words) in enumerate(zip(index.records, all_words, strict=True)):
        if not wanted & words.all:
            continue
        for name in cleaned:
            score = round(score_record(name, record, words, context), 3)
            if score > 0 and score > best.get(position, (0.0, ""))[0]:
                best[position] = (score, name)
    # a survey food only where no plain reference record (SR Legacy, Foundation) fits as well
    plain = [score for position, (score, _name) in best.items()
             if _is_reference(index.records[position], all_words[position])]
    floor = max(plain, default=0.0) >= _REFERENCE_ENOUGH

    def order(item: tuple[int, tuple[float, str]]) -> tuple[bool, float, int, str]:
        record = index.records[item[0]]
        demoted = floor and record.data_type == "survey_fndds_food"
        return demoted, -item[1][0], record.dataset.rank, record.description

    ranked = sorted(best.items(), key=order)
    top = [(index.records[position], score, name) for position, (score, name) in ranked]
    return [Candidate(record, score, record.dataset.name, name,
                      _confidence(record, score, top)) for record, score, name in top[:limit]]


_REFERENCE_ENOUGH = 0.7  # a reference record this good is preferred to any survey food


def _is_reference(record: FoodRecord, words: _RecordWords) -> bool:
    """An SR Legacy or Foundation record of the food itself: no brand, no dish."""
    return (record.data_type != "survey_fndds_food" and not words.branded and not words.regional
            and not (words.all - words.neutral) & _NOT_THE_FOOD)


def is_not_the_food(record: FoodRecord) -> bool:
    """The record is a dish, a substitute or a brand rather than the plain food."""
    words = _record_words(record)
    return words.branded or words.regional or bool((words.all - words.neutral) & _NOT_THE_FOOD)


def _signature(record: FoodRecord) -> frozenset[str]:
    """What tells one food from another: "Peanuts, all types, raw" is "Peanuts, raw"."""
    words = _record_words(record)
    return frozenset(t for t in words.all if t not in _PLAIN and t not in words.neutral)


def _confidence(record: FoodRecord, score: float,
                ranked: Sequence[tuple[FoodRecord, float, str]]) -> Confidence:
    level = confidence_for(score)
    if level is Confidence.HIGH and (record.data_type == "survey_fndds_food"
                                     or is_not_the_food(record)):
        level = Confidence.MEDIUM  # composites, dishes and brands: prefer a reviewed choice
    mine = _signature(record)
    rival = any(_signature(other) != mine and abs(other_score - score) < MARGIN
                for other, other_score, _ in ranked[:12])
    if level is Confidence.HIGH and rival:
        level = Confidence.MEDIUM
    return level


def best_match(names: Sequence[str], index: FoodIndex | None = None) -> Candidate | None:
    found = propose_records(names, 1, index)
    return found[0] if found else None


def confidence_summary(candidates: Iterable[Candidate | None]) -> dict[str, int]:
    counts = {level.value: 0 for level in Confidence}
    counts["none"] = 0
    for candidate in candidates:
        counts[candidate.confidence.value if candidate else "none"] += 1
    return counts
