"""The phenome registry meets the pages: which page stands for each phenome and area.

A phenome page names its registry entry (`<PhenomeDetail phenomeId="PH001" />`, else its
title's `PH001`, else its name). A registry therapeutic area is the therapeutic-area page that
braindiet.toml's `[areas]` names (`TA002 = "Anxiety & GAD"`), else the one its name means
through the alias index. An active phenome or area with no page gets one, generated from the
registry (its problems name the registry file), so `query recipes --area ADHD` answers on a
site whose only ADHD is a registry entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from braindiet.content.document import Document
from braindiet.content.kinds import Kind
from braindiet.content.loader import virtual_document
from braindiet.content.registry import PhenomeRegistry, RegistryArea, RegistryPhenome
from braindiet.diagnostics import Diagnostic, error, warning
from braindiet.graph.aliases import AliasIndex, Strength, normalize

_PHENOME_ID = re.compile(r"^\s*(PH\d+)\b", re.IGNORECASE)
_NAME_AFTER_ID = re.compile(r"^\s*PH\d+\s*[-\u2013\u2014:]\s*(.+?)\s*$", re.IGNORECASE)
AREA_FOLDER = "therapeutic-areas"
PHENOME_FOLDER = "phenomes/details"
AREA_TAG = "Therapeutic Area"


@dataclass(frozen=True, slots=True)
class Setting:
    """One line of a braindiet.toml table: `key = "value"`, and where it is written."""

    key: str
    value: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RegistrySettings:
    areas: tuple[Setting, ...] = ()  # [areas]: registry area id = therapeutic-area page
    retired: tuple[Setting, ...] = ()  # [retired_targets]: old name = successor ("" none)
    config_file: str = "braindiet.toml"


@dataclass(slots=True)
class Attachment:
    """Registry entries and their pages, both ways, and the pages generated for the rest."""

    registry: PhenomeRegistry | None = None
    entries: dict[Document, RegistryPhenome | RegistryArea] = field(default_factory=dict)
    pages: dict[str, Document] = field(default_factory=dict)  # PH001 / TA001 -> page
    generated: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    by_name: dict[str, RegistryPhenome] = field(default_factory=dict)  # normalised name

    def phenome_named(self, name: str) -> RegistryPhenome | None:
        """The registry phenome a row names: exactly (trimmed), else ignoring case and
        dashes; None when the registry has none of that name."""
        if self.registry is None:
            return None
        exact = next((p for p in self.registry.phenomes if p.name.strip() == name.strip()),
                     None)
        return exact or self.by_name.get(normalize(name))


def attach_registry(documents: list[Document], aliases: AliasIndex,
                    registry: PhenomeRegistry | None, settings: RegistrySettings) -> Attachment:
    attached = Attachment(registry)
    if registry is None:
        for setting in settings.areas:
            attached.diagnostics.append(warning(
                "area-config-unknown", f"[areas] maps {setting.key!r}, but the site keeps no "
                "phenome registry", settings.config_file, setting.line))
        return attached
    attached.by_name = {normalize(p.name): p for p in reversed(registry.phenomes)}
    taken = {d.permalink for d in documents}
    _attach_phenomes(attached, documents, registry, taken)
    _attach_areas(attached, aliases, registry, settings, taken, documents)
    return attached


def _attach_phenomes(attached: Attachment, documents: list[Document],
                     registry: PhenomeRegistry, taken: set[str]) -> None:
    for page in sorted((d for d in documents if d.kind is Kind.PHENOME),
                       key=lambda d: d.permalink):
        entry = _entry_of(page, registry, attached)
        if entry is None:
            attached.diagnostics.append(warning(
                "phenome-page-unknown", f"phenome page {page.title!r} matches no phenome of "
                f"{registry.path}", page.site_path, page.line_of("title"),
                hint='embed <PhenomeDetail phenomeId="PHnnn" /> with the registry id'))
            continue
        if entry.id in attached.pages:
            other = attached.pages[entry.id]
            attached.diagnostics.append(warning(
                "phenome-page-duplicate", f"{entry.id} already has a page ({other.site_path}); "
                "this one is not its page", page.site_path, page.line_of("title")))
            continue
        attached.entries[page] = entry
        attached.pages[entry.id] = page
    for entry in registry.phenomes:
        if entry.active and entry.id not in attached.pages:
            page = _phenome_page(entry, registry, taken)
            attached.generated.append(page)
            attached.entries[page] = entry
            attached.pages[entry.id] = page


def _entry_of(page: Document, registry: PhenomeRegistry,
              attached: Attachment) -> RegistryPhenome | None:
    for use in page.outline.components:
        if use.name == "PhenomeDetail" and isinstance(use.attributes.get("phenomeId"), str):
            return registry.phenome(str(use.attributes["phenomeId"]))
    found = _PHENOME_ID.match(page.title)
    if found is not None and registry.phenome(found.group(1)) is not None:
        return registry.phenome(found.group(1))
    named = _NAME_AFTER_ID.match(page.title)
    return attached.phenome_named(named.group(1) if named else page.title)


def _attach_areas(attached: Attachment, aliases: AliasIndex, registry: PhenomeRegistry,
                  settings: RegistrySettings, taken: set[str],
                  documents: list[Document]) -> None:
    configured = {s.key.strip().upper(): s for s in settings.areas}
    for setting in settings.areas:
        if registry.area(setting.key) is None:
            attached.diagnostics.append(error(
                "area-config-unknown", f"[areas] names {setting.key!r}, which is not a "
                f"therapeutic area of {registry.path}", settings.config_file, setting.line))
    tagged = any(AREA_TAG in d.tags for d in documents if d.kind is Kind.AREA)
    for entry in registry.areas:
        if not entry.active:
            continue
        page = _configured_area(attached, aliases, configured.get(entry.id.upper()), settings)
        page = page or _area_by_name(aliases, entry)
        if page is None or page in attached.entries:
            page = _area_page(entry, registry, taken, attached, tagged)
            attached.generated.append(page)
        attached.entries[page] = entry
        attached.pages[entry.id.upper()] = page


def _configured_area(attached: Attachment, aliases: AliasIndex, setting: Setting | None,
                     settings: RegistrySettings) -> Document | None:
    if setting is None:
        return None
    pages = [p for p in aliases.resolve(setting.value).pages if p.kind is Kind.AREA]
    if len(pages) == 1:
        return pages[0]
    attached.diagnostics.append(error(
        "area-config-unknown", f"[areas] maps {setting.key} to {setting.value!r}, which names "
        "no therapeutic-area page", settings.config_file, setting.line,
        hint="give the title of a page under therapeutic-areas/"))
    return None


def _area_by_name(aliases: AliasIndex, entry: RegistryArea) -> Document | None:
    for name in (entry.name, entry.slug or ""):
        pages = [p for p in aliases.resolve(name).pages if p.kind is Kind.AREA] if name else []
        if len(pages) == 1:
            return pages[0]
    return None


def _free_permalink(folder: str, slug: str, entry_id: str, taken: set[str]) -> str:
    candidate = f"{slug}"
    if f"/docs/{folder}/{candidate}" in taken:
        candidate = f"{slug}-{entry_id.lower()}"
    taken.add(f"/docs/{folder}/{candidate}")
    return candidate


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-") or "page"


def _area_page(entry: RegistryArea, registry: PhenomeRegistry, taken: set[str],
               attached: Attachment, tagged: bool) -> Document:
    """A therapeutic-area page written from the registry: its description, its phenomes, and
    the area's matrix of targets and substances."""
    name = _free_permalink(AREA_FOLDER, entry.slug or _slug(entry.name), entry.id, taken)
    phenomes = [p for p in registry.phenomes if p.active and entry.id in p.area_ids]
    lines = [entry.description or "", "",
             f"*Generated from the phenome registry ({entry.id}): the site has no page of its "
             "own for this therapeutic area.*", "", "## Phenomes", ""]
    for phenome in phenomes:
        page = attached.pages.get(phenome.id)
        label = f"{phenome.id} \u2014 {phenome.name}"
        lines.append(f"- [{label}]({page.permalink})" if page else f"- {label}")
    lines += ["", "## Targets and substances", "",
              "<TherapeuticAreaMatrix details={frontMatter} />", ""]
    data: dict[str, object] = {"id": name, "title": entry.name,
                               "description": entry.description or entry.name}
    if tagged:
        data["tags"] = [AREA_TAG]
    return virtual_document(PurePosixPath(f"{AREA_FOLDER}/{name}.md"), registry.path,
                            Kind.AREA, data, "\n".join(lines), registry.entry_line(entry))


def _phenome_page(entry: RegistryPhenome, registry: PhenomeRegistry, taken: set[str]) -> Document:
    slug = f"{entry.id.lower()}-{entry.slug or _slug(entry.name)}"
    name = _free_permalink(PHENOME_FOLDER, slug, entry.id, taken)
    title = f"{entry.id} \u2014 {entry.name}"
    data: dict[str, object] = {"id": name, "title": title, "sidebar_label": title,
                               "description": entry.public_summary or entry.description or title,
                               "hide_title": True}
    body = f'<PhenomeDetail phenomeId="{entry.id}" />\n'
    return virtual_document(PurePosixPath(f"{PHENOME_FOLDER}/{name}.md"), registry.path,
                            Kind.PHENOME, data, body, registry.entry_line(entry))


def registry_names(attached: Attachment) -> dict[Document, list[tuple[str, Strength]]]:
    """The names a page answers to through its registry entry: `PH001` and the phenome's
    name; `TA001` and the area's name (weakest, so a page's own names win)."""
    names: dict[Document, list[tuple[str, Strength]]] = {}
    for page, entry in attached.entries.items():
        names[page] = [(entry.id, Strength.FULL_NAME), (entry.name, Strength.SYNONYM)]
    return names
