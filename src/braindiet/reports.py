"""Diagnostics for machines that run checks: GitHub workflow annotations and SARIF 2.1.0.

Both name files as the repository sees them: a diagnostic's path (relative to the site folder)
is prefixed with where the site folder lies below the working directory, which is the
repository root in a workflow and in a pre-commit hook. Output is deterministic.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from braindiet.diagnostics import Diagnostic, Severity

GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def repository_path(site_root: Path, file: str | None, cwd: Path | None = None) -> str | None:
    """`file` (relative to the site) as a path relative to the working directory, when the
    site lies below it; relative to the site otherwise."""
    if file is None:
        return None
    base = (cwd or Path.cwd()).resolve()
    root = site_root.resolve()
    if not root.is_relative_to(base):
        return file
    prefix = root.relative_to(base).as_posix()
    return file if prefix == "." else f"{prefix}/{file}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(diagnostics: list[Diagnostic], site_root: Path,
                       cwd: Path | None = None) -> str:
    """One `::error file=…,line=…,title=…::message` workflow command per diagnostic."""
    lines = []
    for diagnostic in diagnostics:
        properties = []
        path = repository_path(site_root, diagnostic.file, cwd)
        if path is not None:
            properties.append(f"file={_escape_property(path)}")
            if diagnostic.line:
                properties.append(f"line={diagnostic.line}")
        properties.append(f"title={_escape_property(f'braindiet {diagnostic.code}')}")
        message = diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else "")
        lines.append(f"::{GITHUB_LEVELS[diagnostic.severity]} {','.join(properties)}::"
                     f"{_escape_data(message)}")
    return "".join(f"{line}\n" for line in lines)


def sarif(diagnostics: list[Diagnostic], site_root: Path, cwd: Path | None = None) -> str:
    """A SARIF 2.1.0 log (one run, one rule per diagnostic code), e.g. for code scanning."""
    codes = sorted({d.code for d in diagnostics})
    results = []
    for diagnostic in diagnostics:
        result: dict[str, object] = {
            "ruleId": diagnostic.code, "ruleIndex": codes.index(diagnostic.code),
            "level": SARIF_LEVELS[diagnostic.severity],
            "message": {"text": diagnostic.message
                        + (f" (hint: {diagnostic.hint})" if diagnostic.hint else "")},
        }
        path = repository_path(site_root, diagnostic.file, cwd)
        if path is not None:
            location: dict[str, object] = {"artifactLocation": {"uri": path}}
            if diagnostic.line:
                location["region"] = {"startLine": diagnostic.line}
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "braindiet", "version": _version(),
                "rules": [{"id": code, "name": code, "shortDescription": {"text": code}}
                          for code in codes]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _version() -> str:
    try:
        return metadata.version("braindiet")
    except metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "source"
