"""One typer sub-app per feature, registered by `braindiet.cli`; the options they share."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

SiteArgument = Annotated[Path | None, typer.Argument(
    help="Site folder holding docs/ (default: the embedded example knowledge base).",
    exists=True, file_okay=False, resolve_path=True)]


class Format(StrEnum):
    """How a command prints its results: for people, or for programs."""

    TEXT = "text"
    JSON = "json"


FormatOption = Annotated[Format, typer.Option(
    "--format", "-f", help="text (for people) or json (for programs).")]


QuietOption = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress bars; print nothing but the result and errors.")]


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
