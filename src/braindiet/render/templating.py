"""The Jinja2 environment: templates ship in the package; output is escaped by default."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup, escape

from braindiet.cache import cache_dir, code_fingerprint


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("braindiet", "render/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the templates ship in the package: no file check per page
        bytecode_cache=_compiled_templates(),
    )
    env.filters["formula"] = formula_html
    env.filters["code_spans"] = code_spans
    return env


def _compiled_templates() -> BytecodeCache | None:
    """Compiled templates kept with braindiet's cache, so a build compiles only what changed;
    none when the cache is off or cannot be written. Jinja checks each template's source; the
    folder is braindiet's code version, since the settings above shape the compiled code."""
    root = cache_dir()
    if root is None:
        return None
    folder = root / "templates" / code_fingerprint()[:20]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def compile_templates() -> None:
    """Compile every template now: forked render workers then inherit them compiled instead
    of each compiling its own."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


def code_spans(text: str) -> Markup:
    """Messages name front-matter keys in `backticks`; show them as code."""
    parts = str(escape(text)).split("`")
    return Markup("".join(f"<code>{part}</code>" if index % 2 else part
                          for index, part in enumerate(parts)))


def formula_html(formula: str) -> Markup:
    """C22H32O2 -> C<sub>22</sub>H<sub>32</sub>O<sub>2</sub>; a trailing charge is superscript."""
    charge = re.search(r"[+-]\d*$", formula)
    body, tail = (formula[: charge.start()], charge.group(0)) if charge else (formula, "")
    html = re.sub(r"(\d+)", r"<sub>\1</sub>", str(escape(body)))
    return Markup(html + (f"<sup>{escape(tail)}</sup>" if tail else ""))
