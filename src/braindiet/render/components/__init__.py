"""The components pages embed. Importing this package registers every one of them."""

from braindiet.render.components import chain, listings, references  # noqa: F401  (register)
from braindiet.render.components.registry import REGISTRY, render_component

__all__ = ["REGISTRY", "render_component"]
