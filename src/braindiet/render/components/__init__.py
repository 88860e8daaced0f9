"""The components pages embed. Importing this package registers every one of them: each module
here is imported in name order, so a new module of components needs no line anywhere else."""

import importlib
import pkgutil

from braindiet.render.components.registry import REGISTRY, bundle, render_component
from braindiet.render.components.views import PAGE_STYLES

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")


def stylesheet() -> str:
    """Every registered component's CSS in registry order, then what pages show outside
    components: the one stylesheet of components, linked from every page."""
    return bundle(REGISTRY.values(), ".css", then=PAGE_STYLES)


def script() -> str:
    """Every registered component's JS in registry order; empty while none has any."""
    return bundle(REGISTRY.values(), ".js")


__all__ = ["REGISTRY", "render_component", "script", "stylesheet"]
