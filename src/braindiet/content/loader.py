"""Read a site's `docs/` tree into Documents, reporting (not raising on) whatever is broken."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from braindiet import progress
from braindiet.content import files, frontmatter, markdown, permalinks
from braindiet.content.body import outline
from braindiet.content.categories import Category, read_categories
from braindiet.content.document import Document
from braindiet.content.kinds import KIND_FOLDERS, Kind
from braindiet.content.ontology import refine_kind
from braindiet.content.publishing import LeftOut, Publication
from braindiet.content.schema import PageMeta, validate
from braindiet.content.tags import TAGS_FILE, TagRegistry, load_tags
from braindiet.content.template import prerender
from braindiet.diagnostics import Diagnostic, error, warning
from braindiet.parallel import forked_map

PAGE_SUFFIXES = (".md", ".mdx")
PARALLEL_FROM = 100  # pages to parse; below this, starting workers costs more than it saves
STANDALONE_DIR = "src/pages"  # Docusaurus' standalone pages, served at their own path


@dataclass(slots=True)
class Content:
    site_root: Path
    docs_dir: Path
    documents: list[Document] = field(default_factory=list)  # what this load publishes
    tags: TagRegistry = field(default_factory=lambda: TagRegistry([]))
    diagnostics: list[Diagnostic] = field(default_factory=list)
    tags_read: tuple[tuple[int, int], list[Diagnostic]] | None = None  # stamp, problems
    categories: dict[str, Category] = field(default_factory=dict)  # folder -> category
    standalone: list[Document] = field(default_factory=list)  # src/pages/**.md(x)
    # Pages a production build leaves out, and why: kept aside (left_out) in a production
    # load, kept in `documents` and marked (unpublished) in a dev load.
    unpublished: dict[str, str] = field(default_factory=dict)  # site path -> reason
    left_out: list[Document] = field(default_factory=list)

    def left_out_pages(self) -> list[LeftOut]:
        return [LeftOut(d.site_path, self.unpublished[d.site_path]) for d in self.left_out]


def kind_of(rel_path: PurePosixPath) -> Kind:
    if rel_path.stem.lower() in permalinks.INDEX_NAMES:
        return Kind.SECTION  # a folder's landing page; `foo/foo.md` keeps its folder's kind
    top = rel_path.parts[0] if len(rel_path.parts) > 1 else ""
    return KIND_FOLDERS.get(top, Kind.PAGE)


def page_files(docs_dir: Path, site_root: Path | None = None
               ) -> tuple[list[Path], list[Diagnostic]]:
    """Every Markdown page under docs/, skipping dot-folders and `_`-partials, sorted; and the
    pages refused (symlinks out of the site, loops, anything but a regular file)."""
    found, refused = files.walk(
        docs_dir, site_root or docs_dir.parent,
        wanted=lambda name: name.endswith(PAGE_SUFFIXES) and not name.startswith((".", "_")),
        skip_folder=lambda name: name.startswith((".", "_")))
    return list(found.values()), refused


def read_document(path: Path, docs_dir: Path, site_root: Path,
                  reuse: Document | None = None, standalone: bool = False,
                  ) -> tuple[Document | None, list[Diagnostic]]:
    """One page, or None with the reason when it cannot be read at all.

    `reuse` is the same file's Document from an earlier load: when the text is unchanged it is
    returned as it is, so a rebuild parses only what was edited. A `standalone` page (under
    src/pages/, with `docs_dir` naming that folder) is served at its own path, not under /docs.
    """
    rel = PurePosixPath(path.relative_to(docs_dir).as_posix())
    site_path = path.relative_to(site_root).as_posix()
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if reuse is not None and reuse.source_stamp == stamp:
            return reuse, list(reuse.load_problems)  # untouched since it was read
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error("unreadable", f"cannot read page: {exc}", site_path)]
    try:  # newlines read as `open()` reads them: \r\n and \r become \n
        source = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        return None, [error("unreadable", f"not UTF-8 text (byte {exc.start}: "
                            f"{raw[exc.start:exc.start + 1]!r}); page skipped", site_path,
                            raw.count(b"\n", 0, exc.start) + 1)]
    source_hash = hashlib.sha256(source.encode("utf-8")).hexdigest()
    if reuse is not None and reuse.source_hash == source_hash:
        return reuse, list(reuse.load_problems)
    try:
        front, body, body_line = frontmatter.read(source)
    except frontmatter.FrontMatterError as exc:
        return None, [error("yaml-invalid", f"{exc}; page skipped", site_path, exc.line)]
    kind = Kind.PAGE if standalone else refine_kind(kind_of(rel), front.data)
    meta, problems = validate(kind, front)
    diagnostics = [error("yaml-value", message, site_path, line)
                   for line, message in front.problems]
    unreadable = {line for line, _ in front.problems}  # already reported: say it once
    diagnostics += [error(problem.code, problem.message, site_path, problem.line,
                          hint=problem.hint)
                    for problem in problems if problem.line not in unreadable]
    diagnostics += [error("yaml-duplicate-key", f"key {key!r} is given twice; the last one wins",
                          site_path, line) for key, line in front.duplicate_keys]
    diagnostics += _unusable_tags(meta.tags, front, site_path)
    link, problems_of_place = _safe_permalink(rel, meta, front, site_path)
    diagnostics += problems_of_place
    if link is None:  # the file's own name: nowhere to publish the page
        return None, diagnostics
    tokens = markdown.parse(body)
    body_outline = outline(tokens, body_line)
    first_h1 = next((h.text for h in body_outline.headings if h.level == 1), None)
    url = permalinks.standalone_permalink(rel) if standalone else \
        permalinks.permalink(rel, meta.id, meta.slug)
    document = Document(
        rel_path=rel, site_path=site_path, kind=kind,
        doc_id=url if standalone else permalinks.doc_id(rel, meta.id), permalink=url,
        meta=meta, front=front, body=body, body_start_line=body_line,
        outline=body_outline, first_heading=first_h1, template=prerender(tokens),
        source_hash=source_hash, source_stamp=stamp, load_problems=tuple(diagnostics),
    )
    return document, diagnostics


def virtual_document(rel: PurePosixPath, site_path: str, kind: Kind, data: dict[str, object],
                     body: str, line: int | None = None) -> Document:
    """A page braindiet writes itself from data (a registry entry with no page of its own),
    served as if `rel` held it; its problems name `site_path` (the data file) at `line`."""
    front = frontmatter.FrontMatter(data=dict(data), start_line=line or 0)
    meta, _ = validate(kind, front)
    tokens = markdown.parse(body)
    body_outline = outline(tokens, 1)
    url = permalinks.permalink(rel, meta.id, meta.slug)
    source_hash = hashlib.sha256(repr((sorted(data.items()), body)).encode("utf-8")).hexdigest()
    return Document(rel_path=rel, site_path=site_path, kind=kind,
                    doc_id=permalinks.doc_id(rel, meta.id), permalink=url, meta=meta,
                    front=front, body=body, body_start_line=1, outline=body_outline,
                    first_heading=None, template=prerender(tokens), source_hash=source_hash)


def _safe_permalink(rel: PurePosixPath, meta: PageMeta, front: frontmatter.FrontMatter,
                    site_path: str) -> tuple[str | None, list[Diagnostic]]:
    """The page's URL, never one that leaves the output: a slug or id that would is reported
    and ignored; a file name that cannot be a folder of the output skips the page."""
    problems: list[Diagnostic] = []
    slug_problem = permalinks.slug_problem(rel, meta.slug)
    if slug_problem is not None:
        problems.append(error("slug-unsafe", f"slug cannot be used: {slug_problem}",
                              site_path, front.line_of("slug"),
                              hint="the page is published at its file name's URL instead"))
        meta.slug = None
    link = permalinks.permalink(rel, meta.id, meta.slug)
    id_problem = permalinks.unsafe_reason(link)
    if id_problem is not None and meta.id is not None:
        problems.append(error("id-unsafe", f"id cannot be used: {id_problem}",
                              site_path, front.line_of("id")))
        meta.id = None
        link = permalinks.permalink(rel, None, meta.slug)
    name_problem = permalinks.unsafe_reason(link)
    if name_problem is not None:
        problems.append(error("name-unusable", f"the page cannot be published: {name_problem}; "
                              "page skipped", site_path))
        return None, problems
    return link, problems


def _unusable_tags(tags: list[str], front: frontmatter.FrontMatter, site_path: str
                   ) -> list[Diagnostic]:
    """Tags too long to name a tag page are reported and dropped (the page keeps the rest)."""
    problems: list[Diagnostic] = []
    lines = front.item_lines.get("tags", [])
    for index in reversed(range(len(tags))):
        if len(tags[index].encode("utf-8")) > permalinks.MAX_NAME_BYTES:
            line = lines[index] if index < len(lines) else front.line_of("tags")
            problems.append(error("tag-too-long", f"a tag of {len(tags[index])} characters "
                                  "cannot name a tag page; tag dropped", site_path, line))
            del tags[index]
    return problems[::-1]


def load_content(site_root: Path, docs_dir_name: str = "docs",
                 reuse: Content | None = None,
                 publication: Publication | None = None) -> Content:
    """Read the docs tree. `reuse` is an earlier load of the same site: pages and tags.yml
    whose files are unchanged are taken from it instead of being parsed again. `publication`
    says which pages a production build leaves out (by default: drafts)."""
    publication = publication or Publication()
    docs_dir = site_root / docs_dir_name
    content = Content(site_root=site_root, docs_dir=docs_dir)
    if not docs_dir.is_dir():
        content.diagnostics.append(error("no-docs", f"no {docs_dir_name}/ folder in {site_root}"))
        return content
    if not files.inside(docs_dir.resolve(), site_root.resolve()):
        content.diagnostics.append(error("docs-outside", f"{docs_dir_name}/ leads outside the "
                                         f"site folder (to {docs_dir.resolve()}); not read"))
        return content
    content.tags, tag_problems, content.tags_read = _tags(docs_dir, site_root, reuse)
    content.diagnostics.extend(tag_problems)
    content.categories, category_problems = read_categories(docs_dir, site_root)
    content.diagnostics.extend(category_problems)
    earlier = {d.site_path: d for d in _every_page(reuse)} if reuse else {}
    for standalone, folder in ((False, docs_dir), (True, site_root / STANDALONE_DIR)):
        for document in _read_folder(content, folder, earlier, standalone):
            reason = publication.reason(document.rel_path, document.meta.draft) \
                if not standalone else ("draft" if document.meta.draft else None)
            if reason is not None:
                content.unpublished[document.site_path] = reason
            if reason is not None and not publication.include_unpublished:
                content.left_out.append(document)
            else:
                (content.standalone if standalone else content.documents).append(document)
    hidden = {d.site_path for d in content.left_out}  # their problems show in `serve`
    content.diagnostics = [d for d in content.diagnostics if d.file not in hidden]
    content.diagnostics.extend(duplicate_problems(content.documents))
    content.diagnostics.extend(generated_page_problems(content.documents))
    return content


def _every_page(content: Content) -> list[Document]:
    return [*content.documents, *content.standalone, *content.left_out]


def _read_folder(content: Content, folder: Path, earlier: dict[str, Document],
                 standalone: bool) -> list[Document]:
    """Every page of `folder`: an unchanged one from `earlier`, the others parsed, in forked
    workers when there are enough of them (a cold load of a large site: both cores parse)."""
    if not folder.is_dir():
        return []
    pages, refused = page_files(folder, content.site_root)
    content.diagnostics.extend(refused)
    site_paths = [path.relative_to(content.site_root).as_posix() for path in pages]
    unread = [i for i, site_path in enumerate(site_paths)
              if not _unchanged(pages[i], earlier.get(site_path))]

    def read(i: int) -> tuple[Document | None, list[Diagnostic]]:
        return read_document(pages[i], folder, content.site_root, earlier.get(site_paths[i]),
                             standalone)

    with progress.step(f"load {folder.name}/", len(pages)) as advance:
        advance(len(pages) - len(unread))
        parsed = dict(zip(unread, forked_map(lambda n: read(unread[n]), len(unread),
                                             parallel_from=PARALLEL_FROM, done=advance),
                          strict=True))
    found = []
    for i in range(len(pages)):
        document, problems = parsed[i] if i in parsed else read(i)
        content.diagnostics.extend(problems)
        if document is not None:
            found.append(document)
    return found


def _unchanged(path: Path, earlier: Document | None) -> bool:
    """Whether `earlier` (the page as last read) still stands for the file, by its stamp."""
    if earlier is None:
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    return earlier.source_stamp == (stat.st_mtime_ns, stat.st_size)


def _tags(docs_dir: Path, site_root: Path, reuse: Content | None
          ) -> tuple[TagRegistry, list[Diagnostic], tuple[tuple[int, int], list[Diagnostic]]]:
    path = docs_dir / TAGS_FILE
    refused = files.refusal(path, site_root) if path.is_symlink() else None
    if refused is not None:
        problem = error("file-refused", f"not read: {refused}", path.relative_to(site_root))
        return TagRegistry([]), [problem], ((0, 0), [problem])
    stamp = (path.stat().st_mtime_ns, path.stat().st_size) if path.is_file() else (0, 0)
    if reuse is not None and reuse.tags_read is not None and reuse.tags_read[0] == stamp:
        return reuse.tags, list(reuse.tags_read[1]), reuse.tags_read
    tags, problems = load_tags(docs_dir, site_root)
    return tags, problems, (stamp, problems)


def duplicate_problems(documents: list[Document]) -> list[Diagnostic]:
    """Two pages at one URL, or with one doc id, break links: report every party."""
    problems: list[Diagnostic] = []
    for attribute, code, what in (("permalink", "duplicate-permalink", "URL"),
                                  ("doc_id", "duplicate-id", "doc id")):
        groups: dict[str, list[Document]] = defaultdict(list)
        for document in documents:
            groups[getattr(document, attribute)].append(document)
        for value, group in sorted(groups.items()):
            if len(group) < 2:
                continue
            for document in group:
                others = ", ".join(d.site_path for d in group if d is not document)
                line = document.line_of("id") if attribute == "doc_id" else None
                line = line or document.front.start_line or None
                problems.append(error(code, f"{what} {value!r} is also used by {others}",
                                      document.site_path, line))
    return problems


def generated_page_problems(documents: list[Document]) -> list[Diagnostic]:
    """A page at a URL where braindiet publishes a page of its own hides that page."""
    problems: list[Diagnostic] = []
    for document in documents:
        hidden = permalinks.generated_page_at(document.permalink)
        if hidden is not None:
            line = document.line_of("slug") or document.line_of("id") or \
                document.front.start_line or None
            problems.append(warning(
                "permalink-reserved", f"URL {document.permalink!r} is where braindiet publishes "
                f"{hidden}; this page takes its place (give it another slug)",
                document.site_path, line))
    return problems
