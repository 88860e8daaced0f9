"""Reading BibTeX files into a `Bibliography` with bibtexparser v2.

Reading goes through bibtexparser's middlewares (string macros, field-key case, month names,
author splitting, LaTeX decoding); entries it sets aside (duplicate keys or fields, decoding
errors) are rescued where they can be, and every problem becomes a diagnostic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from bibtexparser import middlewares as bm
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.middlewares.names import NameParts, parse_single_name_into_parts
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)

from braindiet.diagnostics import Diagnostic, error, info, warning
from braindiet.science.bibliography.entry import reference_of
from braindiet.science.bibliography.latex import NAME_FIELDS, DecodeLatex
from braindiet.science.bibliography.model import Bibliography, Reference, entries_digest


def load_bibliography(paths: Sequence[Path], relative_to: Path) -> Bibliography:
    """Read BibTeX files into one bibliography; problems become diagnostics, never exceptions.

    When a key is defined twice (in one file or across files) the first definition wins, as
    in BibTeX, and both places are reported.
    """
    bibliography = Bibliography()
    for path in paths:
        label = _relative_label(path, relative_to)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            bibliography.diagnostics.append(error(
                "bib-missing-file", f"bibliography file {label} does not exist", label,
                hint="check the bibliography setting of the site"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            bibliography.diagnostics.append(error(
                "bib-unreadable-file", f"cannot read bibliography file {label}: {exc}", label))
            continue
        references, diagnostics = parse_bibtex(text, label)
        bibliography.diagnostics.extend(diagnostics)
        for reference in references:
            _add_reference(bibliography, reference)
    bibliography.diagnostics.extend(_duplicate_doi_notes(bibliography))
    bibliography.digest = entries_digest(bibliography.entries)
    return bibliography


def parse_bibtex(text: str, file: str) -> tuple[list[Reference], list[Diagnostic]]:
    """Parse BibTeX source; `file` is the label diagnostics and references carry.

    Duplicate keys are all returned: `load_bibliography` decides between them.
    """
    library = parse_string(text, parse_stack=_parse_stack())
    references: list[Reference] = []
    diagnostics: list[Diagnostic] = []
    for block in library.blocks:
        entry = _entry_of(block, file, diagnostics)
        if entry is not None:
            reference, problems = reference_of(entry, file)
            references.append(reference)
            diagnostics.extend(problems)
    return references, diagnostics


def _relative_label(path: Path, relative_to: Path) -> str:
    try:
        return path.resolve().relative_to(relative_to.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _add_reference(bibliography: Bibliography, reference: Reference) -> None:
    first = bibliography.entries.get(reference.key)
    if first is None:
        bibliography.entries[reference.key] = reference
        return
    hint = "give one of the two entries another key, or delete the copy"
    bibliography.diagnostics.append(error(
        "bib-duplicate-key",
        f"citation key '{reference.key}' is defined again at {reference.location}; "
        "this first definition is used", first.file, first.line, hint=hint))
    bibliography.diagnostics.append(error(
        "bib-duplicate-key",
        f"citation key '{reference.key}' is already defined at {first.location}; "
        "this entry is ignored", reference.file, reference.line, hint=hint))


def _duplicate_doi_notes(bibliography: Bibliography) -> list[Diagnostic]:
    by_doi: dict[str, list[Reference]] = defaultdict(list)
    for reference in bibliography:
        if reference.doi:
            by_doi[reference.doi.casefold()].append(reference)
    notes = []
    for same in by_doi.values():
        for reference in same[1:]:
            notes.append(info(
                "bib-duplicate-doi",
                f"'{reference.key}' has the same DOI as '{same[0].key}' ({same[0].location}): "
                "the same work is listed twice", reference.file, reference.line,
                hint="cite one of the keys and delete the other entry"))
    return notes


# Names are split while the braces that keep "{World Health Organization}" whole are still
# there, and decoded afterwards.
def _parse_stack() -> list[Middleware]:
    return [
        bm.ResolveStringReferencesMiddleware(),
        bm.RemoveEnclosingMiddleware(),
        bm.NormalizeFieldKeys(),
        bm.MonthIntMiddleware(),
        bm.SeparateCoAuthors(name_fields=NAME_FIELDS),
        _SplitNamesLeniently(name_fields=NAME_FIELDS),
        DecodeLatex(),
    ]


class _SplitNamesLeniently(bm.SplitNameParts):
    """SplitNameParts, but a stray comma or brace in one name must not drop the whole entry."""

    def _transform_field_value(self, name: list[str]) -> list[NameParts]:
        return [parse_single_name_into_parts(part, strict=False) for part in name]


def _entry_of(block: Block, file: str, diagnostics: list[Diagnostic]) -> Entry | None:
    """The entry a parsed block stands for, reporting why it needed rescuing."""
    if isinstance(block, Entry):
        return block
    if not isinstance(block, ParsingFailedBlock):
        return None  # comments, @string, @preamble
    line = (block.start_line or 0) + 1
    rescued = block.ignore_error_block
    if isinstance(block, DuplicateBlockKeyBlock):
        # load_bibliography reports both places, whatever file the first one is in
        return _rescue(rescued) if isinstance(rescued, Entry) else None
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        diagnostics.append(warning(
            "bib-duplicate-field", f"field {fields} is given twice; the last value is used",
            file, line))
        return _rescue(rescued) if isinstance(rescued, Entry) else None
    if isinstance(block, MiddlewareErrorBlock) and isinstance(rescued, Entry):
        diagnostics.append(warning(
            "bib-latex-error", f"part of this entry could not be decoded: {block.error}",
            file, line))
        return rescued
    diagnostics.append(error(
        "bib-parse-error", f"this block is not valid BibTeX and is skipped: {_first_line(block)}",
        file, line, hint="look for a missing closing brace or comma"))
    return None


def _rescue(entry: Entry) -> Entry | None:
    """Run the parse stack on an entry bibtexparser set aside before its middlewares ran."""
    library = Library([entry], fail_on_duplicate_key=False)
    for middleware in _parse_stack():
        library = middleware.transform(library)
    if library.entries:
        return library.entries[0]
    failed = library.failed_blocks[0] if library.failed_blocks else None
    if isinstance(failed, MiddlewareErrorBlock) and isinstance(failed.ignore_error_block, Entry):
        return failed.ignore_error_block
    return None


def _first_line(block: ParsingFailedBlock) -> str:
    reason = getattr(block.error, "abort_reason", None) or str(block.error)
    message = reason.strip().splitlines()
    return message[0].strip() if message else type(block.error).__name__


