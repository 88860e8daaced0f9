"""Which way a preparation, a pairing or a storage step moves a food's property.

`<FoodEffect direction="increase">Sulforaphane formation</FoodEffect>` is a glyph, the word
(INCREASES) and the property; `<FoodEffectIcon direction="preserve" />` the glyph alone. The
four directions are the signature's choices, so `check` reports any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from braindiet.content.document import Document
from braindiet.render.components.registry import Attributes, ComponentError, component
from braindiet.render.components.signature import Attribute
from braindiet.render.components.views import text_attribute
from braindiet.render.context import RenderContext


@dataclass(frozen=True, slots=True)
class Direction:
    label: str  # shown beside the property
    name: str  # what a screen reader says for the glyph
    glyph: str  # SVG path data inside the frame (viewBox 0 0 20 20)


DIRECTIONS: dict[str, Direction] = {
    "increase": Direction("INCREASES", "Increases", "M10 14.5V5.5M6.4 9.1 10 5.5l3.6 3.6"),
    "decrease": Direction("DECREASES", "Decreases", "M10 5.5v9M6.4 10.9 10 14.5l3.6-3.6"),
    "preserve": Direction("PRESERVES", "Preserves", "M5.6 10h8.8"),
    "interaction": Direction("INTERACTION", "Interaction",
                             "M4.6 10h10.8M7 7.4 4.6 10 7 12.6M13 7.4l2.4 2.6-2.4 2.6"),
}
DIRECTION = Attribute("direction", required=True, choices=tuple(DIRECTIONS))


def _direction(attributes: Attributes) -> tuple[str, Direction]:
    value = text_attribute(attributes, "direction") or ""
    if value not in DIRECTIONS:
        raise ComponentError(f"direction= must be one of {', '.join(DIRECTIONS)}, "
                             f"not {value!r}.")
    return value, DIRECTIONS[value]


def icon(key: str, direction: Direction, name: str | None = None,
         decorative: bool = False) -> Markup:
    """The framed glyph; beside its own word (in FoodEffect) it is hidden from screen readers,
    which read the word instead."""
    role = (Markup(' aria-hidden="true"') if decorative
            else Markup(' role="img" aria-label="{}"').format(name or direction.name))
    return Markup(
        '<span class="food-effect-icon food-effect--{}"{}>'
        '<svg viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" '
        'focusable="false"><rect x="1.6" y="1.6" width="16.8" height="16.8" rx="3.4" '
        'fill="none" stroke="currentColor" stroke-width="1.4"/><path d="{}" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" '
        'stroke-linejoin="round"/></svg></span>').format(key, role, direction.glyph)


@component("FoodEffectIcon", styles=("effects.css",),
           attributes=(DIRECTION, Attribute("aria-label")),
           summary="a glyph for the direction of an effect (up, down, level, both ways)")
def food_effect_icon(ctx: RenderContext, page: Document, attributes: Attributes,
                     children: Markup) -> Markup:
    key, direction = _direction(attributes)
    return icon(key, direction, text_attribute(attributes, "aria-label", required=False))


@component("FoodEffect", container=True, styles=("effects.css",), attributes=(DIRECTION,),
           summary="the direction of an effect, its word and the property it moves")
def food_effect(ctx: RenderContext, page: Document, attributes: Attributes,
                children: Markup) -> Markup:
    key, direction = _direction(attributes)
    glyph = icon(key, direction, decorative=True)
    return Markup('<span class="food-effect food-effect--{}">{}'
                  '<span class="food-effect__label">{}</span>'
                  '<span class="food-effect__property">{}</span></span>').format(
                      key, glyph, direction.label, _inline(children))


def _inline(children: Markup) -> Markup:
    """Children written on lines of their own arrive as a paragraph: inside a span, only its
    text belongs."""
    text = str(children).strip()
    if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
        text = text[3:-4]
    return Markup(text)
