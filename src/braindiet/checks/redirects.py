"""Redirects: each old URL must lead somewhere, in one step, and not hide a page.

`redirect_plan` decides which declared redirects the site serves and where each leads (the end
of a chain, so a reader never waits on two redirects); the check reports the rest, each at the
file and line that declares it:

- `redirect-target-missing`: nothing is served where it leads;
- `redirect-chain`: it leads to another redirect (A -> B -> C); it is served, straight to C;
- `redirect-loop`: following it comes back to where it started;
- `redirect-shadowed`: a page is served at its old URL; the page wins;
- `redirect-duplicate`: the same old URL is redirected twice; the first declaration wins;
- `redirect-invalid`: an old URL that is not a site path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from braindiet.content.document import Document
from braindiet.content.permalinks import GENERATED_PAGES
from braindiet.content.redirects import Redirect, final_target, is_external
from braindiet.diagnostics import Diagnostic, error, warning
from braindiet.project import Project


@dataclass(frozen=True, slots=True)
class ServedRedirect:
    """A redirect page the site publishes at `source`, leading to `target`."""

    source: str  # the old URL path
    target: str  # the final destination: a site path (maybe with #fragment) or a full URL
    page: Document | None  # the page it leads to, when it is one
    declared: Redirect


def check_redirects(project: Project) -> Iterator[Diagnostic]:
    yield from redirect_plan(project)[1]


def served_paths(project: Project) -> set[str]:
    """Every page URL the site serves (home, docs, standalone, folder indexes, tag pages, the
    pages braindiet makes), without trailing slashes."""
    graph = project.graph
    found = {"/", *(d.permalink for d in graph.documents),
             *(d.permalink for d in graph.standalone_pages())}
    found.update(graph.folders.view(folder).permalink for folder in graph.folders.folders())
    found.update(use.tag.permalink.rstrip("/") for d in graph.documents
                 for use in graph.tag_uses(d))
    return found


def redirect_plan(project: Project) -> tuple[list[ServedRedirect], list[Diagnostic]]:
    served_urls = served_paths(project)

    def is_served(path: str) -> bool:
        return path in served_urls or path in GENERATED_PAGES or \
            (path != "/" and (project.static_dir / unquote(path).lstrip("/")).is_file())

    problems: list[Diagnostic] = []
    active: dict[str, Redirect] = {}
    for declared in project.redirects:
        if not declared.source.startswith("/"):
            problems.append(_problem(error, "redirect-invalid", declared, f"the old URL "
                                     f"{declared.source!r} must be a site path starting with /"))
        elif declared.source in active:
            first = active[declared.source]
            problems.append(_problem(warning, "redirect-duplicate", declared,
                                     f"{declared.source} is already redirected at "
                                     f"{first.location}; that one wins"))
        elif is_served(declared.source):
            problems.append(_problem(warning, "redirect-shadowed", declared,
                                     f"a page is served at {declared.source}, so this redirect "
                                     f"to {declared.target} is not", hint="remove the redirect, "
                                     "or move the page if the old URL should lead elsewhere"))
        else:
            active[declared.source] = declared
    served = []
    for declared in active.values():
        chain, loops = final_target(active, declared)
        steps = " -> ".join([declared.source, *(r.target for r in chain)])
        end = chain[-1]
        if loops:
            problems.append(_problem(error, "redirect-loop", declared,
                                     f"these redirects lead back where they start: {steps}"))
        elif not is_external(end.target) and not is_served(end.target_path):
            problems.append(_problem(error, "redirect-target-missing", declared,
                                     f"{declared.source} leads to {end.target}, where nothing "
                                     "is served", hint="point it at the page's current URL"))
        else:
            if len(chain) > 1:
                problems.append(_problem(warning, "redirect-chain", declared,
                                         f"redirects chain: {steps}; readers are sent straight "
                                         f"to {end.target}", hint=f"point it at {end.target}"))
            page = None if is_external(end.target) else project.graph.page_at(end.target_path)
            served.append(ServedRedirect(declared.source, end.target, page, declared))
    return sorted(served, key=lambda r: r.source), problems


def _problem(severity: Callable[..., Diagnostic], code: str, declared: Redirect, message: str,
             hint: str | None = None) -> Diagnostic:
    return severity(code, message, declared.file, declared.line, hint)
