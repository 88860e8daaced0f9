"""Issue 15, the fuzz suite: hostile front matter, component tags, BibTeX, tags.yml, ingredient
lines, encodings, file names and symlinks; seeded, so every run tries the same cases.

Most cases go straight to the loaders and parsers (milliseconds each); a few dozen are whole
builds. Every case asserts: no exception escapes, nothing hangs (an alarm), every diagnostic
names its file, and whatever a build writes stays inside its output folder. The figures (cases,
crashes, hangs, share of diagnostics with file:line) are printed at the end of the module and
written to $BRAINDIET_FUZZ_REPORT when that is set.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.hostile import make_site

from braindiet.content import frontmatter, permalinks
from braindiet.content.loader import read_document
from braindiet.content.markdown import parse
from braindiet.content.tags import load_tags
from braindiet.diagnostics import Diagnostic
from braindiet.science.bibliography.bibtex import load_bibliography
from braindiet.science.nutrition.ingredients import ingredients_from_markdown, parse_ingredient_line
from braindiet.site.build import build
from braindiet.site.output import safe_relative
from braindiet.site.view import output_path

T = TypeVar("T")
TALLY: Counter[str] = Counter()
HANG_SECONDS = 10


def fuzz(examples: int) -> Callable[[T], T]:
    """Seeded settings: the same cases every run, no example database, no deadline flakiness."""
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck), print_blob=True)  # type: ignore


@contextmanager
def guarded(target: str) -> Iterator[None]:
    """Count one case; a hang (alarm) or an escaping exception is counted and fails it."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"{target}: no answer after {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(HANG_SECONDS)
    TALLY["cases"] += 1
    TALLY[f"cases:{target}"] += 1
    try:
        yield
    except TimeoutError:
        TALLY["hangs"] += 1
        raise
    except Exception:
        TALLY["crashes"] += 1
        raise
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def tally(diagnostics: list[Diagnostic], file: str | None = None) -> None:
    """Every diagnostic names its file (this one when given); count those with a line too."""
    for diagnostic in diagnostics:
        assert diagnostic.file, diagnostic
        if file is not None and diagnostic.code not in ("bib-missing-file",):
            assert diagnostic.file == file, diagnostic
        TALLY["diagnostics"] += 1
        TALLY["diagnostics with line"] += diagnostic.line is not None


@pytest.fixture(scope="module", autouse=True)
def figures() -> Iterator[None]:
    yield
    located = TALLY["diagnostics with line"] / max(1, TALLY["diagnostics"])
    report = {"cases": TALLY["cases"], "crashes": TALLY["crashes"], "hangs": TALLY["hangs"],
              "diagnostics": TALLY["diagnostics"], "with file": TALLY["diagnostics"],
              "with file:line": TALLY["diagnostics with line"], "share with line": located,
              "by target": {k.split(":", 1)[1]: v for k, v in TALLY.items()
                            if k.startswith("cases:")}}
    print("\nfuzz figures:", json.dumps(report, indent=2))
    if os.environ.get("BRAINDIET_FUZZ_REPORT"):
        Path(os.environ["BRAINDIET_FUZZ_REPORT"]).write_text(json.dumps(report, indent=2))


# ---- strategies ----------------------------------------------------------------------------

hostile_chars = st.sampled_from(["\0", "\ufeff", "\r", "\r\n", "\x1b", "\u2028", "\x85", "é",
                                 "β", "🧠", "&", "*", "!", "%", "@", "`", "|", ">", "'", '"',
                                 "{", "}", "[", "]", ":", "#", "-", "..", "/", "\\", "~", "\t"])
words = st.text(st.characters(codec="utf-8"), max_size=12) | hostile_chars
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | words
           | st.sampled_from([".inf", "-.inf", ".nan", "1.0e+999", "9" * 400, "2026-13-45",
                              "0x1F", "1:30", "~", "null", "yes", "!!binary aGk=", "&a x",
                              "*a", "*undefined", "<<: *a"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(words, inner, max_size=4), max_leaves=12)
KEYS = ["title", "id", "slug", "tags", "sidebar_label", "sidebar_position", "description",
        "inchi_image", "list_image", "inchikey", "mechanisms", "servings", "ingredients",
        "nutrition_source", "serving", "portions", "contribution_levels"]


@st.composite
def yaml_blocks(draw: st.DrawFn) -> str:
    """Front matter: valid YAML of hostile values, then spliced with raw YAML tricks."""
    data = draw(st.dictionaries(st.sampled_from(KEYS) | words, values, max_size=6))
    try:
        text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)
    except yaml.YAMLError:
        text = ""
    lines = text.splitlines()
    tricks = st.sampled_from([
        "a: &a [*a]", "b: &b {x: *b}", "deep: " + "[" * 80 + "]" * 80,
        "bomb: &x [1,1,1,1,1,1,1,1,1]\nbomb2: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x]",
        "slug: /../../../../elsewhere", "slug: \"/a\\0b\"", "tags: [\"" + "t" * 300 + "\"]",
        "servings: .inf", "list_image: javascript:alert(1)", "inchi_image: 42",
        "title: !!python/object:os.system ls", "? [a, b]\n: c", "x: !!timestamp 2026-99-99",
        "\t- tab", "key: 'unterminated", "%YAML 1.1", "--- !!set", "title: |\n  x\n y",
    ])
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(tricks))
    return "\n".join(lines) + "\n"


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    """A whole page file in a hostile encoding: BOM, CRLF, NUL, invalid UTF-8, no fences."""
    text = f"---\n{draw(yaml_blocks())}---\n{draw(bodies())}"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    data = text.encode("utf-8", "surrogatepass")
    splice = draw(st.sampled_from([b"", b"", b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80",
                                   b"---", b"\r", b"\x1b[31m"]))
    at = draw(st.integers(0, len(data)))
    return data[:at] + splice + data[at:]


component_names = st.sampled_from(["SubstanceFoods", "FoodSubstances", "RecipeMatrix",
                                   "Collapse", "TagList", "DocList", "BibTexReferences",
                                   "FolderList", "Unknown", "A.B", "X_"])
attribute_values = (st.text(max_size=10).map(lambda t: f'"{t}"')
                    | st.text(max_size=10).map(lambda t: "{" + t + "}")
                    | st.just("{frontMatter}") | st.just("{{a: [1, {b: 2}]}}") | st.just(""))


@st.composite
def component_tags(draw: st.DrawFn) -> str:
    name = draw(component_names)
    attributes = " ".join(f"{draw(st.sampled_from(['tag', 'details', 'title', 'x', 'on']))}="
                          f"{draw(attribute_values)}" for _ in range(draw(st.integers(0, 3))))
    closing = draw(st.sampled_from([" />", ">", ">\n\ninside\n\n</" + name + ">", "", " /",
                                    ">\n" * 3]))
    return f"<{name} {attributes}{closing}"


@st.composite
def bodies(draw: st.DrawFn) -> str:
    parts = draw(st.lists(
        component_tags() | words | st.sampled_from([
            "# Heading", "## Ingredients", "- 2 cups spinach", "* * *", "<script>x</script>",
            "<img src=x onerror=alert(1)>", "[link](javascript:alert(1))", "[ref](#key)",
            "![img](/../../etc/passwd)", "<a href='/docs/../../x'>a</a>", "```\ncode",
            "| a | b |\n|---|---|\n| 1 | 2 |", "  " * 40 + "- deep", "<div>", "</div>",
            "<!--", "-->", "{frontMatter.title}", "\0"]), max_size=10))
    return "\n\n".join(parts) + "\n"


# ---- the loaders and parsers, directly ------------------------------------------------------

@fuzz(2500)
@given(yaml_blocks())
def test_fuzz_front_matter_parser(text: str) -> None:
    with guarded("front matter"):
        try:
            front = frontmatter.parse(text, first_line=2)
        except frontmatter.FrontMatterError as problem:
            assert problem.line is not None and problem.line >= 2
            TALLY["diagnostics"] += 1
            TALLY["diagnostics with line"] += 1
            return
        json.dumps(front.data, default=str)  # whatever walks the data terminates
        for line, _message in front.problems:
            assert line >= 2


@fuzz(2500)
@given(page_bytes(), st.sampled_from(["foods", "recipes", "substances", "papers", "x"]))
def test_fuzz_page_files_in_hostile_encodings(data: bytes, folder: str) -> None:
    with guarded("page files"), tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        path = root / "docs" / folder / "page.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        document, problems = read_document(path, root / "docs", root)
        tally(problems, f"docs/{folder}/page.md")
        for problem in problems:
            if problem.code.startswith(("yaml", "schema", "slug", "unreadable")):
                assert problem.line is not None, problem
        if document is not None:
            safe_relative(output_path(document.permalink))  # stays inside the output
            json.dumps(document.front.data, default=str)


@fuzz(1500)
@given(yaml_blocks() | st.text(max_size=200) | st.sampled_from(["", "# only\n", "\ufeff"]),
       st.booleans())
def test_fuzz_tags_yml(text: str, crlf: bool) -> None:
    with guarded("tags.yml"), tempfile.TemporaryDirectory() as scratch:
        docs = Path(scratch) / "docs"
        docs.mkdir()
        (docs / "tags.yml").write_bytes(
            (text.replace("\n", "\r\n") if crlf else text).encode("utf-8", "surrogatepass"))
        registry, problems = load_tags(docs, Path(scratch))
        tally(problems, "docs/tags.yml")
        for tag in registry.declared:
            assert permalinks.unsafe_reason(tag.permalink) is None
            safe_relative(output_path(tag.permalink))


slugs = st.lists(st.sampled_from(["..", ".", "", "a", "b c", "é", "\0", "x" * 250, "~",
                                  "javascript:alert(1)", "\\", "%2e%2e", "docs", "tags"]),
                 max_size=8).map("/".join)


@fuzz(1500)
@given(st.booleans(), slugs, st.lists(st.sampled_from(["foods", "a", "b"]), max_size=3),
       st.sampled_from(["page.md", "index.md", "a.mdx", "README.md"]))
def test_fuzz_slugs_never_leave_the_output(absolute: bool, slug: str, folders: list[str],
                                           name: str) -> None:
    with guarded("slugs"):
        rel = PurePosixPath(*folders, name)
        slug = ("/" if absolute else "") + slug
        if permalinks.slug_problem(rel, slug) is not None:
            return
        link = permalinks.permalink(rel, None, slug)
        if permalinks.unsafe_reason(link) is None:
            safe_relative(output_path(link))


@fuzz(1500)
@given(bodies())
def test_fuzz_component_tags_and_bodies(body: str) -> None:
    with guarded("component tags"):
        tokens = parse(body)
        assert isinstance(tokens, list)


@fuzz(1500)
@given(st.lists(words | st.sampled_from(["2 cups", "1/2", "½", "1e400", "-3", "0", "∞",
                                         "to taste", "(optional)", "g", "cup", "spinach",
                                         "1,5", "999999999999999999999", "1/0", "NaN"]),
                max_size=8).map(" ".join))
def test_fuzz_ingredient_lines(line: str) -> None:
    with guarded("ingredient lines"):
        parse_ingredient_line(f"- {line}", line=7)
        ingredients_from_markdown(f"## Ingredients\n\n- {line}\n", body_start_line=3)


bib_fields = st.dictionaries(st.sampled_from(["title", "author", "year", "doi", "journal",
                                              "url", "pages", "x"]),
                             words | st.sampled_from(["{\\&}", "{{Corp}}", "\\'e", "{", "}",
                                                      "\\", "$x^2$", "10.1/x"]), max_size=5)


@fuzz(1000)
@given(st.lists(st.tuples(st.sampled_from(["article", "book", "misc", "", "comment", "string"]),
                          words, bib_fields), max_size=4), st.sampled_from(["", "\ufeff"]))
def test_fuzz_bibtex(entries: list[tuple[str, str, dict[str, str]]], bom: str) -> None:
    text = bom + "\n".join(
        f"@{kind}{{{key},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items()) + "\n}"
        for kind, key, fields in entries)
    with guarded("bibtex"), tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "refs.bib"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        bibliography = load_bibliography([path], relative_to=Path(scratch))
        tally(bibliography.diagnostics, "refs.bib")


# ---- whole builds: file names, symlinks, everything at once ----------------------------------

file_names = st.text(st.characters(codec="utf-8", blacklist_characters="/\0"),
                     min_size=1, max_size=40).filter(lambda n: n not in (".", "..")) \
    | st.sampled_from(["..md", ".hidden.md", "_partial.md", "index.md", "x" * 240 + ".md",
                       "a b.md", "CON.md", "tags.yml"])
link_targets = st.sampled_from(["outside", "outside/secret.md", "loop", "dangling", "inside",
                                "site-root"])


def _place_symlink(site: Path, outside: Path, where: Path, target: str) -> None:
    targets = {"outside": outside, "outside/secret.md": outside / "secret.md",
               "loop": where, "dangling": site / "missing", "inside": site / "docs/foods",
               "site-root": site}
    where.parent.mkdir(parents=True, exist_ok=True)
    if not where.exists() and not where.is_symlink():
        where.symlink_to(targets[target])


@fuzz(120)
@given(st.lists(st.tuples(st.sampled_from(["docs/foods", "docs/recipes", "docs/substances",
                                           "docs", "static", "static/img"]),
                          file_names, page_bytes()), max_size=4),
       st.lists(st.tuples(st.sampled_from(["docs/foods", "static", "static/img", "docs"]),
                          file_names, link_targets), max_size=3))
def test_fuzz_whole_builds_with_hostile_files_and_symlinks(
        files: list[tuple[str, str, bytes]], links: list[tuple[str, str, str]]) -> None:
    with guarded("whole builds"), tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        outside = root / "outside"
        outside.mkdir()
        (outside / "secret.md").write_text("---\ntitle: SECRET-MARK\n---\nSECRET-MARK\n")
        site = make_site(root / "site")
        for folder, name, data in files:
            path = site / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                path.write_bytes(data)
            except OSError:  # a name the file system itself refuses: nothing to fuzz
                continue
        for folder, name, target in links:
            try:
                _place_symlink(site, outside, site / folder / name, target)
            except OSError:
                continue
        result = build(site, root / "out", search=False)
        tally(result.diagnostics)
        assert sorted(p.name for p in root.iterdir()) == ["out", "outside", "site"]
        assert sorted(p.name for p in outside.iterdir()) == ["secret.md"]
        for current, _folders, names in os.walk(root / "out"):
            for name in names:
                path = Path(current, name)
                assert not path.is_symlink()
                assert b"SECRET-MARK" not in path.read_bytes()
        shutil.rmtree(root / "out")
