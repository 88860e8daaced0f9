"""What each kind of page may declare in its front matter, and the rules its values follow.

Every field the corpus uses is typed here, and every rule is decided here once: the graph, the
science layer and the renderer read `Document.meta` and never re-check the YAML. Anything else
a scientist writes is kept (extra fields are allowed) so no information is ever dropped on the
way to the graph or the exports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from braindiet.content.files import url_problem
from braindiet.content.frontmatter import FrontMatter
from braindiet.content.kinds import Kind
from braindiet.content.nutrition_schema import (
    FoodCompositionFields,
    NutritionSource,
    WeighedRecipeFields,
)


class ContributionLevel(StrEnum):
    """How much of a substance a serving of a food supplies; the value is what readers see.

    A food page declares levels in `contribution_levels:`; the nutrition layer computes them
    from USDA figures. NONE is only ever computed: a record reporting 0 names no source.
    """

    PRIMARY = "Primary contributor"
    SUPPORTING = "Supporting"
    CONTEXTUAL = "Contextual / minor"
    TRACE = "Presence only (trace)"
    NONE = "None in record (0)"

    @property
    def label(self) -> str:
        return self.value

    @classmethod
    def declared(cls, spelling: str) -> ContributionLevel | None:
        """The level an author's spelling names, else None."""
        return _SPELLINGS.get(spelling)


DECLARABLE_LEVELS = (ContributionLevel.PRIMARY, ContributionLevel.SUPPORTING,
                     ContributionLevel.CONTEXTUAL, ContributionLevel.TRACE)

# What an author may write for a level: its label, or one of these spellings.
_SPELLINGS: dict[str, ContributionLevel] = {
    **{level.label: level for level in DECLARABLE_LEVELS},
    "Supporting contributor": ContributionLevel.SUPPORTING,  # the 2026 corpus
    "Contextual / minor contributor": ContributionLevel.CONTEXTUAL,  # the 2026 corpus
}


# ---------------------------------------------------------------------------- value rules

def _problem(message: str, value: object) -> PydanticCustomError:
    return PydanticCustomError("braindiet", message + ", got {given}", {"given": repr(value)})


def _positive_number(value: object) -> float:
    """A finite number above 0, written as a number (`true` and "28" are not amounts)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # a 400-digit integer
            number = math.inf
        if math.isfinite(number) and number > 0:
            return number
    raise _problem("must be a number above 0", value)


def _whole_number(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise _problem("must be a whole number above 0", value)


def _declared_level(value: object) -> ContributionLevel:
    level = ContributionLevel.declared(value) if isinstance(value, str) else None
    if level is None:
        allowed = ", ".join(repr(known.label) for known in DECLARABLE_LEVELS)
        raise _problem(f"must be one of {allowed}", value)
    return level


def _number_as_text(value: object) -> object:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return str(value) if is_number else value


PositiveNumber = Annotated[float, PlainValidator(_positive_number)]
WholeNumber = Annotated[int, PlainValidator(_whole_number)]
DeclaredLevel = Annotated[ContributionLevel, PlainValidator(_declared_level)]
Text = Annotated[str, BeforeValidator(_number_as_text)]  # `label: 100` reads as "100"
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _needs_keys(value: Any, required: tuple[str, ...], example: str) -> Any:
    """A mapping holding `required`, or one error saying how the value should look."""
    if not isinstance(value, dict) or any(key not in value for key in required):
        keys = " and ".join(f"`{key}:`" for key in required)
        raise _problem(f"needs {keys} (e.g. {example})", value)
    return value


# ---------------------------------------------------------------------------- the models

class PageMeta(BaseModel):
    """Fields every page may carry (Docusaurus doc front matter plus the BRAIN Diet's own)."""

    # Every model's validator is built when it first validates, not on import: a build whose
    # cache holds the parsed pages validates only the pages that changed.
    model_config = ConfigDict(defer_build=True, extra="allow", populate_by_name=True)

    id: str | None = None
    title: str | None = None
    sidebar_label: str | None = None
    sidebar_position: float | None = None
    description: str | None = None
    slug: str | None = None
    tags: list[str] = Field(default_factory=list)
    list_image: str | None = None
    keywords: list[str] = Field(default_factory=list)
    # Docusaurus: a draft is left out of the published site; the other two shape the page.
    draft: bool = False
    hide_title: bool = False
    hide_table_of_contents: bool = False
    # The original site's own: leave the page out of its folder's listing (FolderList).
    exclude_from_folder_list: bool = Field(default=False, alias="excludeFromFolderList")

    @field_validator("tags", "keywords", mode="before")
    @classmethod
    def _list_of_names(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            return [str(v).strip() for v in value]
        return value

    @field_validator("id", "slug", "title", "sidebar_label", mode="before")
    @classmethod
    def _scalar_text(cls, value: Any) -> Any:
        return _number_as_text(value)

    @field_validator("list_image")
    @classmethod
    def _image_is_a_site_file(cls, value: str | None) -> str | None:
        return _site_file(value)

    @field_validator("id")
    @classmethod
    def _id_has_no_slash(cls, value: str | None) -> str | None:
        if value is not None and "/" in value:
            raise ValueError("an id cannot contain '/' (use slug for paths)")
        return value


def _site_file(value: str | None) -> str | None:
    """Image fields name files of the site: a `javascript:` or `data:` URL is refused."""
    problem = url_problem(value) if value is not None else None
    if problem is not None:
        raise ValueError(problem)
    return value


class SubstanceMeta(PageMeta):
    mechanisms: dict[str, str] = Field(default_factory=dict)
    inchikey: str | None = None
    inchi_image: str | None = None
    inchi: str | None = None
    smiles: str | None = None
    ion_notation: Name | None = None  # `Mg2+`: the page shows the ion's badge, not a structure
    show_inchi: StrictBool | None = None  # false: no structure on the page, whatever it has

    @field_validator("inchi_image")
    @classmethod
    def _structure_image_is_a_site_file(cls, value: str | None) -> str | None:
        return _site_file(value)

    @field_validator("mechanisms", mode="before")
    @classmethod
    def _mechanisms(cls, value: Any) -> Any:
        return {} if value is None else value


class Serving(BaseModel):
    """What "per serving" means on a food page."""

    model_config = ConfigDict(defer_build=True, extra="allow")

    quantity: PositiveNumber
    unit: Text | None = None  # as written; None counts pieces ("1 banana")
    label: Text | None = None  # shown to readers; default "<quantity> <unit>"

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, value: Any) -> Any:
        return _needs_keys(value, ("quantity",), "quantity: 28, unit: g, label: 1 oz")


class FoodMeta(PageMeta, FoodCompositionFields):
    contribution_levels: dict[str, DeclaredLevel] | None = None
    nutrition_source: NutritionSource | None = None
    serving: Serving | None = None
    portions: dict[str, PositiveNumber] = Field(default_factory=dict)  # unit -> grams


class Ingredient(BaseModel):
    """One structured `ingredients:` entry of a recipe page."""

    model_config = ConfigDict(defer_build=True, extra="allow")

    food: Name  # a food page's name
    quantity: PositiveNumber | None = None
    unit: Text | None = None
    grams: PositiveNumber | None = None  # wins over converting quantity and unit
    note: Text | None = None
    to_taste: bool = False
    optional: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, value: Any) -> Any:
        return _needs_keys(value, ("food",), "food: Spinach, quantity: 2, unit: cup")

    @property
    def unknown_keys(self) -> list[str]:
        """Keys no rule reads (kept, but most likely misspelt)."""
        return sorted(self.model_extra or {})


class RecipeMeta(PageMeta, WeighedRecipeFields):
    servings: WholeNumber | None = None
    ingredients: list[Ingredient] | None = None


SCHEMAS: dict[Kind, type[PageMeta]] = {
    Kind.SUBSTANCE: SubstanceMeta,
    Kind.FOOD: FoodMeta,
    Kind.RECIPE: RecipeMeta,
}


def schema_for(kind: Kind) -> type[PageMeta]:
    if kind in SCHEMAS:
        return SCHEMAS[kind]
    from braindiet.content.mechanisms import ONTOLOGY_SCHEMAS  # they extend the models here

    return ONTOLOGY_SCHEMAS.get(kind, PageMeta)


# ---------------------------------------------------------------------------- validation

@dataclass(frozen=True, slots=True)
class FieldProblem:
    message: str  # "serving.quantity: must be a number above 0, got 'lots'"
    line: int | None  # the file line of the value, as close as the front matter records it
    code: str = "schema"
    hint: str | None = None


def validate(kind: Kind, front: FrontMatter) -> tuple[PageMeta, list[FieldProblem]]:
    """Typed front matter and the problems found, one per bad value.

    A field that fails is reported and dropped, and the rest still validates: one bad value
    must not cost the page its tags or title. In the lists a model names as `row_lists`, only
    the bad row is dropped (one bad score must not cost a mechanism its other phenomes).
    """
    schema = schema_for(kind)
    try:
        return schema.model_validate(front.data), []
    except ValidationError as exc:
        failures = exc.errors()
    code = getattr(schema, "problem_code", "schema")
    row_lists: frozenset[str] = getattr(schema, "row_lists", frozenset())
    problems = [FieldProblem(_describe(err), _line(front, err["loc"], bool(row_lists)), code,
                             _hint(err)) for err in failures]
    cleaned, dropped = _without_failures(front.data, failures, row_lists)
    try:
        meta = schema.model_validate(cleaned)
        if dropped and hasattr(meta, "drop_rows"):
            meta.drop_rows(dropped)
        return meta, problems
    except ValidationError:  # pragma: no cover - dropping values cannot create new errors
        return PageMeta(), problems


def _without_failures(data: dict[str, Any], failures: list[Any], row_lists: frozenset[str]
                      ) -> tuple[dict[str, Any], dict[str, set[int]]]:
    bad_keys: set[str] = set()
    bad_rows: dict[str, set[int]] = {}
    for err in failures:
        loc = err["loc"]
        if not loc:
            continue
        key = str(loc[0])
        if key in row_lists and len(loc) > 1 and isinstance(loc[1], int):
            bad_rows.setdefault(key, set()).add(loc[1])
        else:
            bad_keys.add(key)
    cleaned = {key: value for key, value in data.items() if key not in bad_keys}
    for key, rows in bad_rows.items():
        if key in cleaned and isinstance(cleaned[key], list):
            cleaned[key] = [row for index, row in enumerate(cleaned[key]) if index not in rows]
    return cleaned, bad_rows


def _describe(err: Any) -> str:
    path = ".".join(str(part) for part in err["loc"])
    return f"{path}: {err['msg']}" if path else err["msg"]


def _hint(err: Any) -> str | None:
    """What an author may write instead, where the rule is a vocabulary."""
    expected = (err.get("ctx") or {}).get("expected")
    if err.get("type") == "enum" and expected:
        return f"allowed: {expected}"
    if err.get("type") == "missing":
        return f"add `{err['loc'][-1]}:` to this row"
    return None


def _line(front: FrontMatter, loc: tuple[int | str, ...], deep: bool = False) -> int | None:
    """The line of a list item or a mapping key when the front matter records it; `deep`
    (models with rows: a mechanism's phenome rows) looks for the bad value's own line."""
    if not loc:
        return front.start_line
    for depth in range(len(loc), 1, -1) if deep else ():
        found = front.node_lines.get(".".join(str(part) for part in loc[:depth]))
        if found is not None:
            return found
    key = str(loc[0])
    if len(loc) > 1 and isinstance(loc[1], int):
        items = front.item_lines.get(key, [])
        if loc[1] < len(items):
            return items[loc[1]]
    elif len(loc) > 1:
        found = front.subkey_lines.get(key, {}).get(str(loc[1]))
        if found is not None:
            return found
    return front.key_lines.get(key, front.start_line)
