"""An ion written as its page writes it (`Mg2+`, `Se2-`, `Cr³⁺`), split for display."""

from __future__ import annotations

import re

from markupsafe import Markup

_ION = re.compile(r"([A-Za-z]+)(\d*[+-])")


def ion_badge(notation: str) -> Markup:
    """`Mg2+` -> Mg<sup>2+</sup>; a charge already in superscripts (`Cr³⁺`, `PO₄³⁻`) or no charge
    at all (`B`) is shown as written."""
    match = _ION.fullmatch(notation.strip())
    if match is None:
        return Markup('<span class="ion-badge">{}</span>').format(notation.strip())
    return Markup('<span class="ion-badge">{}<sup>{}</sup></span>').format(*match.groups())
