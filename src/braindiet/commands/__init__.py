"""One typer sub-app per feature, registered by `braindiet.cli`; the options they share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

SiteArgument = Annotated[Path | None, typer.Argument(
    help="Site folder holding docs/ (default: the embedded example knowledge base).",
    exists=True, file_okay=False, resolve_path=True)]
