"""The components pages may use, and what each needs: the vocabulary `check` validates.

The renderer implements each name here; a test keeps the two lists equal. `subject` is the kind
of page the component is about: its `tag` must name such a page, or `details={frontMatter}`
means the page the component sits on.
"""

from __future__ import annotations

from dataclasses import dataclass

from braindiet.content.kinds import Kind


@dataclass(frozen=True, slots=True)
class Signature:
    name: str
    subject: Kind | None = None  # the kind of page `tag` / `details` must mean
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    container: bool = False  # has Markdown children: <Collapse> ... </Collapse>
    summary: str = ""

    @property
    def about_a_page(self) -> bool:
        return self.subject is not None

    @property
    def accepted(self) -> frozenset[str]:
        subject = ("tag", "details") if self.about_a_page else ()
        return frozenset((*self.required, *self.optional, *subject))


_SIGNATURES = (
    Signature("SubstanceFoods", Kind.SUBSTANCE, summary="foods containing the substance"),
    Signature("SubstanceRecipes", Kind.SUBSTANCE, summary="recipes using those foods"),
    Signature("SubstanceMatrix", Kind.SUBSTANCE,
              summary="targets of the substance with areas and mechanism"),
    Signature("FoodSubstances", Kind.FOOD, summary="substances in the food"),
    Signature("FoodRecipes", Kind.FOOD, summary="recipes using the food"),
    Signature("FoodMatrix", Kind.FOOD, summary="target x substance rows of the food"),
    Signature("RecipeFoods", Kind.RECIPE, summary="foods of the recipe and their substances"),
    Signature("RecipeMatrix", Kind.RECIPE, summary="target matrix through the recipe's foods"),
    Signature("TherapeuticAreaMatrix", Kind.AREA,
              summary="targets of the area with the substances acting on them"),
    Signature("TagList", required=("tag",), optional=("filter",),
              summary="pages carrying a tag, optionally within a folder"),
    Signature("DocList", required=("tag",), optional=("filter",),
              summary="pages carrying a tag, optionally within a folder"),
    Signature("FolderList", required=("folder",), summary="subfolders and pages of a folder"),
    Signature("SubstanceList", optional=("tag", "filter"), summary="all substances"),
    Signature("BibTexReferences",
              optional=("fileId", "title", "style", "sortBy", "sortDirection",
                        "showCitationKeys"),
              summary="the formatted bibliography"),
    Signature("Collapse", optional=("title", "open"), container=True,
              summary="a collapsible block"),
)

SIGNATURES: dict[str, Signature] = {s.name: s for s in _SIGNATURES}
