"""The Jinja2 environment: templates ship in the package; output is escaped by default."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("braindiet", "render/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["formula"] = formula_html
    env.filters["code_spans"] = code_spans
    return env


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
