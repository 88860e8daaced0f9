"""The component registry: each component registered once, with everything it is.

`@component(...)` gives a render function `(ctx, page, attributes, children) -> HTML` its
`Signature` (what `check` validates and the README documents) and the CSS and JS files it
needs, found beside its module or owned by a shared view (`views.py`). The site publishes the
files of all registered components as one stylesheet (and script), in registry order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.markdown import AttributeValue
from braindiet.render.components.signature import Attribute, Signature
from braindiet.render.context import RenderContext

Attributes = Mapping[str, AttributeValue]
Render = Callable[[RenderContext, Document, Attributes, Markup], Markup]


@dataclass(frozen=True, slots=True)
class AssetFile:
    """A CSS or JS file shipped inside a package, e.g. `matrix.css` beside `views.py`."""

    package: str
    name: str

    def read(self) -> str:
        return (resources.files(self.package) / self.name).read_text(encoding="utf-8")

    def exists(self) -> bool:
        try:
            return (resources.files(self.package) / self.name).is_file()
        except (ImportError, ValueError):  # no such package (or a module outside any)
            return False


def beside(module: str, name: str) -> AssetFile:
    """The file `name` in the folder of the module named `module` (pass `__name__`)."""
    return AssetFile(module.rpartition(".")[0], name)


@dataclass(frozen=True, slots=True)
class Component:
    signature: Signature
    render: Render
    styles: tuple[AssetFile, ...] = ()
    scripts: tuple[AssetFile, ...] = ()


REGISTRY: dict[str, Component] = {}


class ComponentError(ValueError):
    """An attribute the component cannot work with; shown in the page as a warning box."""


def component(name: str, *, summary: str, subject: Kind | None = None,
              attributes: tuple[Attribute, ...] = (), container: bool = False,
              styles: tuple[AssetFile | str, ...] = (),
              scripts: tuple[AssetFile | str, ...] = ()) -> Callable[[Render], Render]:
    """Register a component. `styles` and `scripts` name files beside the function's module,
    or a shared view's `AssetFile` (`views.CARDS`)."""
    signature = Signature(name, summary, subject, attributes, container)

    def register(function: Render) -> Render:
        if name in REGISTRY:
            raise ValueError(f"component <{name}> is registered twice")
        REGISTRY[name] = Component(signature, function,
                                   _files(function.__module__, styles, ".css"),
                                   _files(function.__module__, scripts, ".js"))
        return function

    return register


def _files(module: str, names: tuple[AssetFile | str, ...], suffix: str
           ) -> tuple[AssetFile, ...]:
    files = tuple(n if isinstance(n, AssetFile) else beside(module, n) for n in names)
    for file in files:
        # fail at import, naming the file, rather than in the middle of a build
        if not file.name.endswith(suffix) or not file.exists():
            raise ValueError(f"{module}: no {suffix} file {file.name} in {file.package}")
    return files


def bundle(components: Iterable[Component], suffix: str, then: Iterable[AssetFile] = ()
           ) -> str:
    """The components' CSS (`.css`) or JS (`.js`) files in registry order, each once, then
    `then` (files pages need outside components); empty when there are none."""
    files: dict[AssetFile, None] = {}
    for registered in components:
        files.update(dict.fromkeys(registered.styles if suffix == ".css" else registered.scripts))
    files.update(dict.fromkeys(f for f in then if f.name.endswith(suffix)))
    return "".join(f"/* ---- {f.package.replace('.', '/')}/{f.name} ---- */\n{f.read()}\n"
                   for f in files)


def warning_box(message: str) -> Markup:
    return Markup('<div class="component-warning" role="note"><strong>Cannot show this part'
                  ' of the page.</strong> {}</div>\n').format(escape(message))


def render_component(ctx: RenderContext, page: Document, meta: dict[str, Any],
                     children: Markup) -> Markup:
    name = meta["name"]
    registered = REGISTRY.get(name)
    if registered is None:
        return warning_box(f"Unknown component <{name}>.")
    if meta.get("problem"):
        return warning_box(f"<{name}>: {meta['problem']}.")
    try:
        return registered.render(ctx, page, meta["attributes"], children)
    except ComponentError as exc:
        return warning_box(f"<{name}>: {exc}")
