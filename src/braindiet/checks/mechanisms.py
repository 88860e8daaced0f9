"""The mechanism ontology's rules: ids, parents, links, phenome rows and their vocabularies.

These are the rules the original's validators apply to its FM, PM, KC and SM pages, read from
the front matter (the vocabularies themselves are typed: content/mechanisms.py reports a bad
value as `mechanism-field` at its line). Left out on purpose: the rules that police the body's
section wording and numbering (`## 3. Phenome Connections`, the disclaimers, the Levers and
Scoreable Inputs headings): they check the authors' house style, not the knowledge, and the
body is published as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from braindiet.content.document import Document
from braindiet.content.kinds import MECHANISM_KINDS, Kind, label
from braindiet.content.mechanisms import (
    FunctionalMechanismMeta,
    LinkItem,
    MechanismMeta,
    OntologyMeta,
    ProcessMechanismMeta,
    SpecificMechanismMeta,
)
from braindiet.content.ontology import (
    DEPENDENCY_ID,
    DEPENDENCY_KEY,
    EXAMPLES,
    ID_KEYS,
    kind_by_file_name,
    parse_id,
    split_constraint,
)
from braindiet.diagnostics import Diagnostic, error, info, warning
from braindiet.graph.knowledge import KnowledgeGraph
from braindiet.project import Project

# The ontology's coverage windows (its documents list them; pages are not held to them).
COVERAGE_TIMINGS = frozenset({"Meal-window", "Daily", "48h", "Weekly", "Monthly", "Daily-48h",
                              "48h-Weekly"})
MAX_OUTCOMES = 4  # an FM's functional_outcome_context rows


def ontology_pages(project: Project) -> list[Document]:
    return [d for d in project.documents if d.kind in MECHANISM_KINDS or d.kind is Kind.SYSTEM]


def check_ids(project: Project) -> Iterator[Diagnostic]:
    """Ids well formed, unique, of the page's kind, and in the system the page says."""
    claimed: dict[str, list[Document]] = defaultdict(list)
    for document in project.documents:
        named_as = kind_by_file_name(document.rel_path) \
            if document.rel_path.parts[0] == "biological-targets" else None
        if named_as is not None and document.kind is not named_as \
                and document.kind not in (Kind.SECTION, Kind.PAGE):
            yield warning("mechanism-kind-mismatch", f"the file is named like a "
                          f"{label(named_as).lower()}, but the page declares "
                          f"{_declares(document)}", document.site_path,
                          document.front.start_line or None,
                          hint=f"declare `{ID_KEYS[named_as]}:` (e.g. {EXAMPLES[named_as]})")
        if document.kind not in MECHANISM_KINDS:
            continue
        key = ID_KEYS[document.kind]
        value = getattr(document.meta, key, None)
        parsed = parse_id(document.kind, value) if isinstance(value, str) else None
        if parsed is None:
            yield error("mechanism-id-invalid", f"{key} {value!r} is not a "
                        f"{label(document.kind).lower()} id", document.site_path,
                        document.line_of(key), hint=f"write it as {EXAMPLES[document.kind]}")
            continue
        claimed[parsed.text].append(document)
        parent = getattr(document.meta, "parent_brs", None)
        if isinstance(parent, str) and parent.strip() != parsed.system:
            yield error("mechanism-id-system", f"{key} {parsed.text} belongs to "
                        f"{parsed.system}, but parent_brs says {parent!r}", document.site_path,
                        document.line_of("parent_brs"), hint="one of the two is wrong")
    for found, pages in sorted(claimed.items()):
        for page in pages[1:]:
            yield error("mechanism-id-duplicate", f"{found} is also declared by "
                        f"{pages[0].site_path}", page.site_path,
                        page.line_of(ID_KEYS[page.kind]),
                        hint="give each mechanism its own id")


def _declares(document: Document) -> str:
    key = ID_KEYS.get(document.kind)
    return f"`{key}:`" if key else "no mechanism id"


def check_parents(project: Project) -> Iterator[Diagnostic]:
    """Every mechanism names an existing system (and a PM its FM, in the same system)."""
    graph = project.graph
    for document in ontology_pages(project):
        meta = document.meta
        if not isinstance(meta, OntologyMeta):
            continue
        yield from _parent(graph, document, "parent_brs", meta.parent_brs, Kind.SYSTEM)
        if isinstance(meta, ProcessMechanismMeta):
            yield from _parent(graph, document, "parent_fm", meta.parent_fm, Kind.FUNCTIONAL)
            yield from _pm_in_its_fm(graph, document, meta)


def _parent(graph: KnowledgeGraph, document: Document, key: str, value: str | None,
            kind: Kind) -> Iterator[Diagnostic]:
    if not value:
        yield error("mechanism-parent-missing", f"no `{key}:`: the page belongs nowhere",
                    document.site_path, document.front.start_line or None,
                    hint=f"add `{key}:` with the {label(kind).lower()}'s id")
        return
    page = graph.page_of_id(value.strip())
    if page is None or page.kind is not kind:
        yield error("mechanism-parent-missing", f"{key} {value!r} names no "
                    f"{label(kind).lower()} page", document.site_path, document.line_of(key),
                    hint="use the id the parent page declares (a hub: its title's prefix)")


def _pm_in_its_fm(graph: KnowledgeGraph, document: Document,
                  meta: ProcessMechanismMeta) -> Iterator[Diagnostic]:
    fm = graph.page_of_id(meta.parent_fm.strip()) if meta.parent_fm else None
    fm_meta = fm.meta if fm is not None else None
    if not isinstance(fm_meta, FunctionalMechanismMeta):
        return
    if fm_meta.parent_brs and meta.parent_brs and fm_meta.parent_brs != meta.parent_brs:
        yield error("mechanism-parent-mismatch", f"parent_brs {meta.parent_brs} differs from "
                    f"its FM's ({fm_meta.parent_brs})", document.site_path,
                    document.line_of("parent_brs"))
    pm = parse_id(Kind.PROCESS, meta.pm_id or "")
    fm_id = parse_id(Kind.FUNCTIONAL, fm_meta.fm_id or "")
    if pm is not None and fm_id is not None and pm.fm is not None and pm.fm != fm_id.number:
        yield error("mechanism-parent-mismatch", f"{pm.text} is numbered under FM{pm.fm}, but "
                    f"parent_fm is {fm_id.text}", document.site_path,
                    document.line_of("parent_fm"))


def check_required(project: Project) -> Iterator[Diagnostic]:
    """The fields each kind must give, and values kept only for old pages."""
    for document in ontology_pages(project):
        meta = document.meta
        if isinstance(meta, MechanismMeta):
            yield from _mechanism_fields(document, meta)
        if isinstance(meta, SpecificMechanismMeta):
            for key in ("sm_category", "use_case", "connected_pms", "connected_fms"):
                if not getattr(meta, key):
                    yield _missing(document, key, "a specific mechanism must give it")
        if isinstance(meta, FunctionalMechanismMeta):
            yield from _fm_fields(document, meta)


def _missing(document: Document, key: str, why: str) -> Diagnostic:
    return error("mechanism-field-missing", f"`{key}:` is missing or empty: {why}",
                 document.site_path, document.line_of(key) if key in document.front.data
                 else document.front.start_line or None, hint=f"add `{key}:`")


def _mechanism_fields(document: Document, meta: MechanismMeta) -> Iterator[Diagnostic]:
    if meta.timing_specific is None:
        yield _missing(document, "timing_specific", "write Yes or No")
    elif isinstance(document.front.data.get("timing_specific"), bool):
        yield warning("yaml-boolean", "timing_specific is an unquoted Yes/No, which YAML 1.1 "
                      "readers take for true/false; read as "
                      f"{meta.timing_specific.value!r}", document.site_path,
                      document.line_of("timing_specific"),
                      hint=f"quote it: timing_specific: '{meta.timing_specific.value}'")
    has_levers = any("Levers" in h.text for h in document.outline.headings)
    if document.kind in (Kind.PROCESS, Kind.SPECIFIC) and has_levers \
            and meta.intervention_breakdown is None:
        yield _missing(document, "intervention_breakdown", "the page has a Levers section")
    if meta.intervention_dominance is not None and meta.intervention_dominance.legacy:
        yield warning("dominance-legacy", f"intervention_dominance "
                      f"{meta.intervention_dominance.value!r} is a legacy value",
                      document.site_path, document.line_of("intervention_dominance"),
                      hint="use Diet-Dominant, Diet/Lifestyle-Combined or Lifestyle-Dominant")


def _fm_fields(document: Document, meta: FunctionalMechanismMeta) -> Iterator[Diagnostic]:
    timing = (meta.coverage_timing or "").strip()
    if timing and timing not in COVERAGE_TIMINGS:
        yield warning("coverage-timing-unknown", f"coverage_timing {timing!r} is not one of "
                      "the ontology's windows", document.site_path,
                      document.line_of("coverage_timing"),
                      hint="allowed: " + ", ".join(sorted(COVERAGE_TIMINGS)))
    if len(meta.functional_outcome_context) > MAX_OUTCOMES:
        yield error("fm-outcomes-too-many", f"{len(meta.functional_outcome_context)} "
                    f"functional outcomes; an FM names at most {MAX_OUTCOMES}",
                    document.site_path, document.line_of("functional_outcome_context"))
    if "connected_phenomes" in document.front.data:
        yield error("fm-connected-phenomes", "an FM does not list `connected_phenomes:`; its "
                    "phenomes are its outcomes and its PMs'", document.site_path,
                    document.line_of("connected_phenomes"),
                    hint="move them to functional_outcome_context")


def check_links(project: Project) -> Iterator[Diagnostic]:
    """Every link by id resolves to a page of the right kind; names and hrefs match it."""
    graph = project.graph
    for document in ontology_pages(project):
        for key, kind, position, item in _link_items(document):
            yield from _link(graph, document, key, kind, position, item)


LinkRow = tuple[str, Kind, int, LinkItem]
_LINK_KINDS = {"mechanisms_covered": Kind.PROCESS, "connected_pms": Kind.PROCESS,
               "connected_fms": Kind.FUNCTIONAL, "connected_kcs": Kind.CONSTRAINT,
               "key_constraints": Kind.CONSTRAINT}


def _link_items(document: Document) -> list[LinkRow]:
    meta = document.meta
    rows: list[LinkRow] = []
    if isinstance(meta, ProcessMechanismMeta):
        for position, written in enumerate(meta.key_constraints):
            kc_id, name = split_constraint(written)
            rows.append(("key_constraints", Kind.CONSTRAINT, position,
                         LinkItem(id=kc_id or written, name=name or None)))
        return rows
    for key, kind in _LINK_KINDS.items():
        for position, item in enumerate(getattr(meta, key, None) or []):
            if isinstance(item, LinkItem):
                rows.append((key, kind, position, item))
    return rows


def _link(graph: KnowledgeGraph, document: Document, key: str, kind: Kind, position: int,
          item: LinkItem) -> Iterator[Diagnostic]:
    meta = document.meta
    index = meta.source_index(key, position) if isinstance(meta, OntologyMeta) else position
    lines = document.front.item_lines.get(key, [])
    line = lines[index] if index < len(lines) else document.line_of(key)
    page = graph.page_of_id(item.id)
    if page is None or page.kind is not kind:
        yield error("mechanism-link-unresolved", f"{key} names {item.id!r}, which is no "
                    f"{label(kind).lower()} page", document.site_path, line,
                    hint=f"use the id the page declares (e.g. {EXAMPLES[kind]})")
        return
    if item.name is not None and item.name.strip() != page.title:
        yield warning("mechanism-name-drift", f"{key} calls {item.id} {item.name!r}, but its "
                      f"page is titled {page.title!r}", document.site_path, line,
                      hint=f"write {page.title!r} (the id decides the link; the name is shown)")
    if item.href and item.href.split("#", 1)[0].rstrip("/") != page.permalink:
        yield warning("mechanism-link-href", f"{key} links {item.id} to {item.href!r}, but "
                      f"that id's page is {page.permalink}", document.site_path, line,
                      hint=f"write href: {page.permalink}")


def check_coverage(project: Project) -> Iterator[Diagnostic]:
    """An FM's `mechanisms_covered` is the set of PMs naming it as their parent, and an FM
    with one PM says what that PM says about its phenomes (the single-PM rule)."""
    graph = project.graph
    for document in ontology_pages(project):
        meta = document.meta
        if not isinstance(meta, FunctionalMechanismMeta):
            continue
        children = {graph.ontology_id(p): p for p in graph.parts(document)
                    if p.kind is Kind.PROCESS}
        listed = {item.id for item in meta.mechanisms_covered}
        for missing in sorted(set(children) - listed, key=str):
            yield error("fm-coverage-mismatch", f"{missing} names this FM as its parent_fm "
                        "but is not in mechanisms_covered", document.site_path,
                        document.line_of("mechanisms_covered"), hint=f"add {missing}")
        for extra in sorted(listed - set(children)):
            if graph.page_of_id(extra) is not None:
                yield error("fm-coverage-mismatch", f"mechanisms_covered lists {extra}, whose "
                            "parent_fm is another FM", document.site_path,
                            document.line_of("mechanisms_covered"))
        if len(children) == 1:
            yield from _single_pm(graph, document, next(iter(children.values())))
        yield from _constraint_pool(graph, document, meta)


def _single_pm(graph: KnowledgeGraph, fm: Document, pm: Document) -> Iterator[Diagnostic]:
    def scores(page: Document) -> dict[str, tuple[object, object]]:
        return {r.phenome_name.strip(): (r.confidence, r.evidence_confidence)
                for r in graph.relationships(page)}
    ours, theirs = scores(fm), scores(pm)
    pm_id = graph.ontology_id(pm)
    for name in sorted(ours.keys() ^ theirs.keys()):
        side = "the FM" if name in ours else f"its only PM ({pm_id})"
        yield error("fm-single-pm", f"{name!r} is mapped by {side} alone; an FM with one PM "
                    "maps the same phenomes", fm.site_path,
                    fm.line_of("functional_outcome_context"))
    for name in sorted(ours.keys() & theirs.keys()):
        if ours[name] != theirs[name]:
            yield error("fm-single-pm", f"{name!r}: the FM's confidences differ from its only "
                        f"PM's ({pm_id})", fm.site_path,
                        fm.line_of("functional_outcome_context"),
                        hint="an FM with one PM scores each phenome as that PM does")


def _constraint_pool(graph: KnowledgeGraph, document: Document,
                     meta: FunctionalMechanismMeta) -> Iterator[Diagnostic]:
    pool = {graph.ontology_id(kc) for pm in graph.parts(document)
            for kc in graph.constraints(pm)}
    listed = {item.id for item in meta.key_constraints}
    if pool and listed != pool:
        missing = ", ".join(sorted(str(k) for k in pool - listed)) or "none"
        extra = ", ".join(sorted(listed - {str(k) for k in pool})) or "none"
        yield info("fm-constraints-differ", f"key_constraints differ from the pool its PMs "
                   f"draw on (missing: {missing}; not drawn on: {extra})", document.site_path,
                   document.line_of("key_constraints") or document.front.start_line or None)


def check_hub_folders(project: Project) -> Iterator[Diagnostic]:
    """A system's folder (`brs1/`, `brs-x/ecs/`) leads to its hub: the category links to the
    hub page, or the folder shows a different page for the system."""
    graph = project.graph
    folders = set(graph.folders.folders())
    for hub in (d for d in project.documents if d.kind is Kind.SYSTEM):
        system = graph.ontology_id(hub)
        folder = _system_folder(system) if system else None
        if folder is None or folder not in folders:
            continue
        view = graph.folders.view(folder)
        shown = view.page
        if shown is not hub and view.named_by == "category":  # a category that leads elsewhere
            where = shown.site_path if shown is not None else "a generated index"
            yield warning("hub-folder-mismatch", f"the folder {folder}/ of {system} leads to "
                          f"{where}, not to the system's hub", hub.site_path,
                          hub.line_of("title"),
                          hint=f'link its _category_.json to the hub: "link": {{"type": "doc", '
                          f'"id": "{hub.doc_id}"}}')


def _system_folder(system: str) -> str | None:
    found = re.match(r"^BRS(?:(\d+)|-X(?:\((\w+)\))?)$", system)
    if found is None:
        return None
    if found.group(1):
        return f"biological-targets/brs{found.group(1)}"
    inner = found.group(2)
    return "biological-targets/brs-x" + (f"/{inner.lower()}" if inner else "")


def check_dependencies(project: Project) -> Iterator[Diagnostic]:
    """A dependency page names two existing systems, as its id says."""
    graph = project.graph
    for document in project.documents:
        data = document.front.data
        if DEPENDENCY_KEY not in data:
            continue
        written = str(data.get(DEPENDENCY_KEY, "")).strip()
        source, target = data.get("source_brs"), data.get("destination_brs")
        found = DEPENDENCY_ID.match(written)
        if found is None or (found.group(1), found.group(2)) != (source, target):
            yield error("dependency-invalid", f"integration_id {written!r} should read "
                        f"{source}->{target}", document.site_path,
                        document.line_of(DEPENDENCY_KEY),
                        hint="write <source_brs>-><destination_brs>")
        for key, value in (("source_brs", source), ("destination_brs", target)):
            page = graph.page_of_id(str(value).strip()) if value else None
            if page is None or page.kind is not Kind.SYSTEM:
                yield error("dependency-invalid", f"{key} {value!r} names no regulatory system",
                            document.site_path, document.line_of(key))
