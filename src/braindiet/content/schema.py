"""What each kind of page may declare in its front matter.

Every field the corpus uses is typed here; anything else a scientist writes is kept (extra
fields are allowed) so no information is ever dropped on the way to the graph or the exports.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from braindiet.content.kinds import Kind

CONTRIBUTION_LEVELS = (
    "Primary contributor",
    "Supporting",
    "Contextual / minor",
    "Presence only (trace)",
)


class PageMeta(BaseModel):
    """Fields every page may carry (Docusaurus doc front matter plus the BRAIN Diet's own)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

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
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        return str(value) if is_number else value

    @field_validator("id")
    @classmethod
    def _id_has_no_slash(cls, value: str | None) -> str | None:
        if value is not None and "/" in value:
            raise ValueError("an id cannot contain '/' (use slug for paths)")
        return value


class SubstanceMeta(PageMeta):
    mechanisms: dict[str, str] = Field(default_factory=dict)
    inchikey: str | None = None
    inchi_image: str | None = None
    inchi: str | None = None
    smiles: str | None = None

    @field_validator("mechanisms", mode="before")
    @classmethod
    def _mechanisms(cls, value: Any) -> Any:
        return {} if value is None else value


class NutritionSource(BaseModel):
    model_config = ConfigDict(extra="allow")

    dataset: str
    record: str
    version: str | None = None


class Serving(BaseModel):
    model_config = ConfigDict(extra="allow")

    quantity: float
    unit: str = "g"
    label: str | None = None


class FoodMeta(PageMeta):
    contribution_levels: dict[str, str] | None = None
    nutrition_source: NutritionSource | None = None
    serving: Serving | None = None
    portions: dict[str, float] = Field(default_factory=dict)

    @field_validator("contribution_levels")
    @classmethod
    def _known_levels(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        for substance, level in (value or {}).items():
            if level not in CONTRIBUTION_LEVELS:
                allowed = ", ".join(repr(x) for x in CONTRIBUTION_LEVELS)
                raise ValueError(f"{substance}: level {level!r} is not one of {allowed}")
        return value


class Ingredient(BaseModel):
    model_config = ConfigDict(extra="allow")

    food: str
    quantity: float | None = None
    unit: str | None = None
    grams: float | None = None
    note: str | None = None
    to_taste: bool = False
    optional: bool = False


class RecipeMeta(PageMeta):
    servings: float | None = None
    ingredients: list[Ingredient] | None = None


SCHEMAS: dict[Kind, type[PageMeta]] = {
    Kind.SUBSTANCE: SubstanceMeta,
    Kind.FOOD: FoodMeta,
    Kind.RECIPE: RecipeMeta,
}


def schema_for(kind: Kind) -> type[PageMeta]:
    return SCHEMAS.get(kind, PageMeta)


def validate(kind: Kind, data: dict[str, Any]) -> tuple[PageMeta, list[tuple[str, str]]]:
    """Typed front matter and the problems found, as (top-level key, message) pairs.

    A field that fails is reported and dropped, and the rest still validates: one bad value
    must not cost the page its tags or title.
    """
    schema = schema_for(kind)
    try:
        return schema.model_validate(data), []
    except ValidationError as exc:
        problems = [(str(err["loc"][0]) if err["loc"] else "", _describe(err))
                    for err in exc.errors()]
    bad_keys = {key for key, _ in problems}
    cleaned = {key: value for key, value in data.items() if key not in bad_keys}
    try:
        return schema.model_validate(cleaned), problems
    except ValidationError:  # pragma: no cover - dropping keys cannot create new errors
        return PageMeta(), problems


def _describe(err: Any) -> str:
    path = ".".join(str(part) for part in err["loc"])
    return f"{path}: {err['msg']}" if path else err["msg"]
