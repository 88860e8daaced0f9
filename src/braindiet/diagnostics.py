"""Problems found in a site, each pointing at the file and line a scientist must edit.

Every layer reports into the same shape so `check`, the build and the dev server show them
alike. Codes are stable kebab-case names: scripts and CI filters may rely on them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    file: str | None = None  # path relative to the site folder, POSIX separators
    line: int | None = None  # 1-based
    hint: str | None = None

    @property
    def location(self) -> str:
        if self.file is None:
            return "<site>"
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_dict(self) -> dict[str, object]:
        return {key: value for key, value in asdict(self).items() if value is not None}

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file or "", self.line or 0, self.code, self.message)


def error(code: str, message: str, file: str | Path | None = None, line: int | None = None,
          hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, _posix(file), line, hint)


def warning(code: str, message: str, file: str | Path | None = None, line: int | None = None,
            hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, _posix(file), line, hint)


def info(code: str, message: str, file: str | Path | None = None, line: int | None = None,
         hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.INFO, code, message, _posix(file), line, hint)


def _posix(file: str | Path | None) -> str | None:
    return None if file is None else Path(file).as_posix()
