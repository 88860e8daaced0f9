"""What a site's `docusaurus.config.(ts|js|mjs)` declares that braindiet honours, read as data.

Two things: the docs plugin's `exclude` patterns (pages left out of the published site) and the
`@docusaurus/plugin-client-redirects` pairs. Nothing is run: the file is tokenized and its
object literals read (`jsdata`). An `exclude` written as a condition on the environment, such as
`includeWip ? [] : ['**/recipes/WIP/**']`, names the patterns a production build leaves out, so
every pattern it names counts; anything braindiet cannot read is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from braindiet.content import jsdata
from braindiet.content.jsdata import Array, Literal, Object, Opaque, Value
from braindiet.content.redirects import Redirect, redirect
from braindiet.diagnostics import Diagnostic, info, warning

CONFIG_NAMES = ("docusaurus.config.ts", "docusaurus.config.mts", "docusaurus.config.js",
                "docusaurus.config.mjs", "docusaurus.config.cjs")
REDIRECTS_PLUGIN = "plugin-client-redirects"
DOCS_PLUGIN = "plugin-content-docs"
CLASSIC_PRESET = "classic"


@dataclass(frozen=True, slots=True)
class Declared:
    """A value and where it is written (file relative to the site folder, 1-based line)."""

    value: str
    file: str
    line: int


@dataclass(slots=True)
class DocusaurusConfig:
    file: str | None = None  # None: the site has no Docusaurus config
    exclude: list[Declared] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def config_file(site_root: Path) -> Path | None:
    return next((site_root / name for name in CONFIG_NAMES if (site_root / name).is_file()), None)


def config_inputs(site_root: Path, docs_dir: str = "docs") -> list[bytes | str]:
    """All `read_docusaurus_config` depends on: the config file's name and bytes."""
    path = config_file(site_root)
    if path is None:
        return [docs_dir]
    try:
        data = path.read_bytes()
    except OSError as exc:  # read again, and reported, by the reader
        data = repr(exc).encode()
    return [docs_dir, path.name, data]


def read_docusaurus_config(site_root: Path, docs_dir: str = "docs") -> DocusaurusConfig:
    path = config_file(site_root)
    if path is None:
        return DocusaurusConfig()
    found = DocusaurusConfig(file=path.name)
    try:
        tokens = jsdata.tokenize(path.read_text(encoding="utf-8"))
        config = _exported_config(tokens)
    except (OSError, UnicodeDecodeError) as exc:
        found.problems.append(warning("docusaurus-config-unreadable", str(exc), path.name))
        return found
    except jsdata.JsSyntaxError as exc:
        found.problems.append(warning("docusaurus-config-unreadable",
                                      f"cannot read the config as data: {exc}", path.name,
                                      exc.line))
        return found
    if config is None:
        found.problems.append(warning(
            "docusaurus-config-unreadable", "no exported config object found (braindiet reads "
            "`export default {...}`, `export default config` or `module.exports = {...}`)",
            path.name))
        return found
    for options in _docs_options(config, docs_dir):
        exclude = options.get("exclude")
        found.exclude.extend(Declared(pattern, path.name, options.key_lines["exclude"])
                             for pattern in jsdata.strings_in(exclude))
    for options in _plugin_options(config, REDIRECTS_PLUGIN):
        _read_redirects(options, path.name, found)
    return found


def _exported_config(tokens: list[jsdata.Token]) -> Object | None:
    """The object `export default` or `module.exports` gives, following one variable name."""
    for index in range(len(tokens) - 2):
        start = None
        if _names(tokens, index, "export", "default"):
            start = index + 2
        elif _names(tokens, index, "module") and tokens[index + 1].value == "." and \
                _names(tokens, index + 2, "exports") and tokens[index + 3].value == "=":
            start = index + 4
        if start is None:
            continue
        if tokens[start].kind == "name" and tokens[start].value not in ("async", "function"):
            start = _definition(tokens, tokens[start].value)
            if start is None:
                return None
        value, _ = jsdata.parse_value(tokens, start)
        return value if isinstance(value, Object) else None
    return None


def _definition(tokens: list[jsdata.Token], name: str) -> int | None:
    """Where `const name = ...` (or let/var, with a type annotation) gives its value."""
    for index, token in enumerate(tokens[:-1]):
        if token.kind == "name" and token.value in ("const", "let", "var") and \
                _names(tokens, index + 1, name):
            for after in range(index + 2, len(tokens)):
                if tokens[after].kind == "punct" and tokens[after].value == "=":
                    return after + 1
    return None


def _names(tokens: list[jsdata.Token], index: int, *names: str) -> bool:
    return all(index + i < len(tokens) and tokens[index + i].kind == "name"
               and tokens[index + i].value == name for i, name in enumerate(names))


def _entries(config: Object, key: str) -> list[tuple[list[str], Object | None]]:
    """Each preset or plugin: the names it is given by, and its options object."""
    listed = config.get(key)
    found: list[tuple[list[str], Object | None]] = []
    for item in listed.items if isinstance(listed, Array) else []:
        if isinstance(item, Array) and item.items:
            options = item.items[1] if len(item.items) > 1 else None
            found.append((jsdata.strings_in(item.items[0]),
                          options if isinstance(options, Object) else None))
        elif isinstance(item, Literal | Opaque):
            found.append((jsdata.strings_in(item), None))
    return found


def _plugin_options(config: Object, plugin: str) -> list[Object]:
    return [options for names, options in _entries(config, "plugins")
            if options is not None and any(plugin in name for name in names)]


def _docs_options(config: Object, docs_dir: str) -> list[Object]:
    """The docs plugin's options, from the classic preset or the plugin itself, for the
    instance reading `docs_dir`."""
    found = []
    for names, options in _entries(config, "presets"):
        if options is not None and any(_is_classic(name) for name in names):
            docs = options.get("docs")
            if isinstance(docs, Object):
                found.append(docs)
    found.extend(_plugin_options(config, DOCS_PLUGIN))
    return [options for options in found if _reads(options, docs_dir) and "exclude" in
            options.entries]


def _is_classic(name: str) -> bool:
    return name == CLASSIC_PRESET or name.endswith("preset-classic")


def _reads(options: Object, docs_dir: str) -> bool:
    path = options.get("path")
    return not isinstance(path, Literal) or str(path.value).strip("./") == docs_dir


def _read_redirects(options: Object, file: str, found: DocusaurusConfig) -> None:
    if "createRedirects" in options.entries:
        found.problems.append(info(
            "redirect-unreadable", "createRedirects is a function: braindiet does not run it, "
            "so the redirects it makes are not served", file, options.key_lines["createRedirects"],
            hint="list them under [redirects] in braindiet.toml"))
    listed = options.get("redirects")
    if listed is None:
        return
    if not isinstance(listed, Array):
        found.problems.append(_unreadable(file, listed))
        return
    for item in listed.items:
        pair = _pair(item, file)
        if pair is None:
            found.problems.append(_unreadable(file, item))
        else:
            found.redirects.extend(pair)


def _pair(item: Value, file: str) -> list[Redirect] | None:
    """One `{ to, from }` entry; `from` may list several old URLs."""
    if not isinstance(item, Object):
        return None
    target, sources = item.get("to"), item.get("from")
    if not isinstance(target, Literal) or not isinstance(target.value, str):
        return None
    if isinstance(sources, Literal) and isinstance(sources.value, str):
        olds = [sources]
    elif isinstance(sources, Array) and all(isinstance(s, Literal) and isinstance(s.value, str)
                                            for s in sources.items):
        olds = [s for s in sources.items if isinstance(s, Literal)]
    else:
        return None
    return [redirect(str(old.value), target.value, file, item.line) for old in olds]


def _unreadable(file: str, value: Value) -> Diagnostic:
    return warning("redirect-unreadable", "this redirect is not a literal { from, to } pair; "
                   "braindiet does not run code, so it is not served", file, value.line)
