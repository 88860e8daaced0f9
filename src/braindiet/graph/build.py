"""Building the knowledge graph from a site's pages: tags, mechanisms, ingredients, ontology.

    1. the registry's phenomes and areas find their pages (or get generated ones);
    2. every tag names a page through the alias index and becomes a typed edge;
    3. a substance's `mechanisms:` keys name the targets it supports;
    4. a recipe's `ingredients:` name its foods;
    5. the ontology's own fields become edges (graph/ontology.py).

Nothing here raises on bad content: what cannot be read is a diagnostic, and the rest is built.
"""

from __future__ import annotations

from braindiet.content.document import Document, name_variants
from braindiet.content.kinds import TARGET_KINDS, Kind
from braindiet.content.loader import Content
from braindiet.content.ontology import hub_title
from braindiet.content.registry import PhenomeRegistry
from braindiet.content.schema import RecipeMeta, SubstanceMeta
from braindiet.diagnostics import error, warning
from braindiet.graph import ontology
from braindiet.graph.aliases import AliasIndex
from braindiet.graph.edges import Edge, Relation
from braindiet.graph.folders import FolderTree
from braindiet.graph.knowledge import CHAIN, KnowledgeGraph, TagUse, concept_key, in_context
from braindiet.graph.registry import RegistrySettings, attach_registry, registry_names
from braindiet.graph.retired import RetiredNames


def build_graph(content: Content, registry: PhenomeRegistry | None = None,
                settings: RegistrySettings | None = None) -> KnowledgeGraph:
    settings = settings or RegistrySettings()
    names = ontology.ontology_names(content.documents)
    first = AliasIndex(content.documents, content.tags, names)
    attached = attach_registry(content.documents, first, registry, settings)
    documents = [*content.documents, *attached.generated]
    for page, extra in registry_names(attached).items():
        names.setdefault(page, []).extend(extra)
    graph = KnowledgeGraph(documents, content.tags, AliasIndex(documents, content.tags, names))
    graph._standalone = list(content.standalone)
    graph._by_permalink = {d.permalink: d for d in [*content.standalone, *documents]}
    graph._by_file = {d.rel_path.as_posix(): d for d in content.documents}
    graph.folders = FolderTree(documents, content.categories, content.unpublished)
    graph.diagnostics.extend(graph.folders.problems)
    graph.diagnostics.extend(attached.diagnostics)
    graph._registry = registry
    graph._registry_entries = dict(attached.entries)
    graph._registry_pages = dict(attached.pages)
    graph._generated = list(attached.generated)
    retired = RetiredNames(settings.retired, settings.config_file)
    for document in documents:
        _read_tags(graph, document, retired)
    for document in documents:
        if isinstance(document.meta, SubstanceMeta) and document.kind is Kind.SUBSTANCE:
            _read_mechanisms(graph, document, retired)
        if isinstance(document.meta, RecipeMeta) and document.meta.ingredients:
            _read_ingredients(graph, document)
    ontology.read_ontology(graph, attached)
    graph._memo = {}  # built: from now on each query is answered once
    return graph


def _read_tags(graph: KnowledgeGraph, document: Document, retired: RetiredNames) -> None:
    uses: list[TagUse] = []
    for index, name in enumerate(document.tags):
        line = document.tag_line(index)
        candidates = in_context(document, graph._aliases.resolve(name).pages)
        declared = graph._tags.get(name)
        if len(candidates) > 1:
            where = ", ".join(p.site_path for p in candidates)
            graph.diagnostics.append(warning(
                "tag-ambiguous", f"tag {name!r} could mean any of: {where}",
                document.site_path, line, hint="rename one page or tag the intended title"))
        elif not candidates and retired.is_retired(name):
            successor = retired.successor(graph, name)
            graph.diagnostics.append(retired.tag_problem(document, name, line, successor))
            if successor is not None and retired.configured(name):
                candidates = (successor,)
        elif not candidates and declared is None:
            graph.diagnostics.append(warning(
                "tag-unknown", f"tag {name!r} names no page and is not declared in tags.yml",
                document.site_path, line, hint="add it to docs/tags.yml or fix the spelling"))
        page = candidates[0] if len(candidates) == 1 else None
        tag = declared or graph._tags.resolve(name)
        concept = concept_key(tag, page)
        uses.append(TagUse(name, tag, page, line, concept))
        graph._carriers.setdefault(concept, {})[document] = None
        if page is not None and page is not document:
            _link(graph, document, page, line)
    graph._tag_uses[document] = uses


def _link(graph: KnowledgeGraph, document: Document, page: Document, line: int | None) -> None:
    chained, reverse = CHAIN.get((document.kind, page.kind), (Relation.TAGGED, False))
    source, target = (page, document) if reverse else (document, page)
    graph._add(Edge(source, target, chained, document, line))


def _read_mechanisms(graph: KnowledgeGraph, substance: Document, retired: RetiredNames) -> None:
    meta = substance.meta
    assert isinstance(meta, SubstanceMeta)
    sentences: dict[Document, str] = {}
    lines = substance.front.subkey_lines.get("mechanisms", {})
    for name, sentence in meta.mechanisms.items():
        line = lines.get(name, substance.line_of("mechanisms"))
        target = _target_named(graph, name)
        if target is None and retired.is_retired(name):
            successor = retired.successor(graph, name)
            graph.diagnostics.append(retired.key_problem(substance, name, line, successor))
            if successor is None or not retired.configured(name):
                continue
            target = successor
        if target is None or target.kind not in TARGET_KINDS:
            graph.diagnostics.append(error(
                "mechanism-unknown-target",
                f"mechanism key {name!r} names no biological target page",
                substance.site_path, line))
            continue
        sentences[target] = sentence
        if not any(e.target is target and e.relation is Relation.SUPPORTS
                   for e in graph._out.get(substance, ())):
            graph.diagnostics.append(warning(
                "mechanism-untagged-target",
                f"a mechanism is given for {target.title!r} but the page is not tagged "
                f"with it; the matrix shows it anyway", substance.site_path, line,
                hint=f"add '{_tag_for(graph, name, target)}' to tags"))
            graph._add(Edge(substance, target, Relation.SUPPORTS, substance, line))
    graph._mechanisms[substance] = sentences


def _tag_for(graph: KnowledgeGraph, name: str, target: Document) -> str:
    """The tag that names the target: the key as written, where it does."""
    if graph._aliases.resolve(name).page is target:
        return name
    hub = hub_title(target.title)
    return hub[1] if hub is not None else target.title


def _target_named(graph: KnowledgeGraph, name: str) -> Document | None:
    """The target a mechanism key names; a key that names none as written may add a
    parenthesis to a target's name (`Metabolic & Neuroendocrine Regulation (HPA Axis)`)."""
    target = graph._aliases.resolve(name).page
    if target is None and name_variants(name)[1:]:
        outside = graph._aliases.resolve(name_variants(name)[1]).page
        if outside is not None and outside.kind in TARGET_KINDS and outside.kind is not Kind.TARGET:
            return outside
    return target


def _read_ingredients(graph: KnowledgeGraph, recipe: Document) -> None:
    meta = recipe.meta
    assert isinstance(meta, RecipeMeta)
    lines = recipe.front.item_lines.get("ingredients", [])
    for index, ingredient in enumerate(meta.ingredients or []):
        line = lines[index] if index < len(lines) else recipe.line_of("ingredients")
        food = graph._aliases.resolve(ingredient.food).page
        if food is None or food.kind is not Kind.FOOD:
            if not (ingredient.to_taste or ingredient.optional):
                graph.diagnostics.append(warning(
                    "ingredient-unknown-food",
                    f"ingredient {ingredient.food!r} names no food page",
                    recipe.site_path, line))
            continue
        graph._add(Edge(recipe, food, Relation.CONTAINS, recipe, line))
