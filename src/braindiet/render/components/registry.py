"""Component name -> function. A component is `(ctx, page, attributes, children) -> HTML`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from braindiet.content.document import Document
from braindiet.content.markdown import AttributeValue
from braindiet.render.context import RenderContext

Attributes = Mapping[str, AttributeValue]
Component = Callable[[RenderContext, Document, Attributes, Markup], Markup]

REGISTRY: dict[str, Component] = {}


class ComponentError(ValueError):
    """An attribute the component cannot work with; shown in the page as a warning box."""


def component(name: str) -> Callable[[Component], Component]:
    def register(function: Component) -> Component:
        REGISTRY[name] = function
        return function

    return register


def warning_box(message: str) -> Markup:
    return Markup('<div class="component-warning" role="note"><strong>Cannot show this part'
                  ' of the page.</strong> {}</div>\n').format(escape(message))


def render_component(ctx: RenderContext, page: Document, meta: dict[str, Any],
                     children: Markup) -> Markup:
    name = meta["name"]
    function = REGISTRY.get(name)
    if function is None:
        return warning_box(f"Unknown component <{name}>.")
    if meta.get("problem"):
        return warning_box(f"<{name}>: {meta['problem']}.")
    try:
        return function(ctx, page, meta["attributes"], children)
    except ComponentError as exc:
        return warning_box(f"<{name}>: {exc}")
