"""How a mechanism's link to a phenome is backed: its evidence links and the scoring key.

`<PhenomeBibLinks items={[...]} />` lists the papers behind one relationship, each a citation
drawn as every citation is (an unknown key is drawn broken, and `check` reports it: the items'
hrefs are links of the page). `<PhenomeScoringKey />` explains the three confidence scores a
mechanism page shows; it is a collapsible panel like the pages' own hub panels.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from braindiet.content.attributes import literal_data
from braindiet.content.document import Document
from braindiet.render.components.registry import Attributes, ComponentError, component
from braindiet.render.components.signature import Attribute, Type
from braindiet.render.components.views import HUB_PANELS
from braindiet.render.context import RenderContext
from braindiet.render.hrefs import link_attributes, link_html


@component("PhenomeBibLinks", styles=("evidence.css",),
           attributes=(Attribute("items", Type.ITEMS, required=True,
                                 keys=("href", "label", "dataLevel?")),),
           summary="the papers behind a relationship, each a citation with its level of data")
def phenome_bib_links(ctx: RenderContext, page: Document, attributes: Attributes,
                      children: Markup) -> Markup:
    items = literal_data(attributes.get("items", False))
    if not isinstance(items, list):
        raise ComponentError("items= must be a list of {href, label} objects.")
    rows = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("href"), str):
            raise ComponentError("each item needs an href and a label.")
        link = link_attributes(ctx, page, str(item["href"]))
        if "href" in link:  # like the original, each paper opens in a tab of its own
            link.update({"target": "_blank", "rel": "noopener noreferrer"})
        level = item.get("dataLevel")
        level_html = (f'<span class="phenome-bib-links__level"> — {escape(level)}</span>'
                      if isinstance(level, str) and level.strip() else "")
        label = item.get("label")
        text = label if isinstance(label, str) else item["href"]
        rows.append(f"<li>{link_html(link, Markup(f'{escape(text)}{level_html}'))}</li>\n")
    if not rows:
        return Markup("")
    return Markup(f'<ul class="phenome-bib-links">\n{"".join(rows)}</ul>\n')


# ---- the scoring key -----------------------------------------------------------------------

# Our own words for the three scores (spec: three independent scores, never combined).
LEVELS_BIOLOGY = (
    ("High", "the biology is a primary determinant of the phenome"),
    ("Medium", "a major contributor, alongside other determinants"),
    ("Low–Medium", "an established but indirect or modulating link, a step or more away"),
    ("Low", "a distant, conditional or weak link"),
)
LEVELS_EVIDENCE = (
    ("High", "consistent human evidence ties this biology to differences in the phenome"),
    ("Medium", "several human studies support the link; one of them may need an inferential "
               "step"),
    ("Low–Medium", "translational evidence converges on the link, but no study on the row "
                   "measures mechanism and phenome together"),
    ("Low", "mechanistic or preclinical evidence only; mechanism and phenome are supported "
            "separately, not bridged"),
)

SCORING_KEY = """<p class="scoring-key__intro">Three scores appear beside phenomes. Each \
answers its own question; they are never added up or averaged, so a phenome with well-founded \
registry evidence can still have mechanism rows scored low.</p>
<section class="scoring-key__score">
<p class="scoring-key__name">Phenome evidence confidence <small>(the phenome registry)</small></p>
<p>How well founded is the phenome itself: is it a valid, well-described functional \
construct, and can biology that diet influences plausibly reach it? It is judged once per \
phenome, from landmark papers in up to three layers (the construct; biology to phenome; \
nutrition to biology), and is not a summary of the mechanism rows.</p>
</section>
<section class="scoring-key__score">
<p class="scoring-key__name">Biology → Phenome confidence <small>(each mechanism row)</small></p>
<p>If this mechanism's biology failed on its own, how directly would the phenome suffer? \
Reviewers judge it from the mechanism's definition and role, before reading the references \
and regardless of whether diet trials exist: it says how central the biology is, not whether \
a food or supplement treats anything.</p>
{biology}
</section>
<section class="scoring-key__score">
<p class="scoring-key__name">Evidence confidence <small>(each mechanism row)</small></p>
<p>How convincingly do the references attached to this row show that this biology relates to \
this phenome, the relationship and not each side alone? It is scored after the Biology → \
Phenome confidence, from those references only, and is usually the same or lower.</p>
{evidence}
</section>
"""


def _levels(levels: tuple[tuple[str, str], ...]) -> Markup:
    rows = Markup("").join(Markup("<li><strong>{}</strong> — {}</li>\n").format(name, text)
                           for name, text in levels)
    return Markup('<ul class="scoring-key__levels">\n{}</ul>').format(rows)


def collapsible(title: str, inside: Markup, open_: bool = False,
                extra_class: str = "") -> Markup:
    """A collapsible in the markup of the pages' own hub panels, so it opens and closes (and
    shows without JavaScript) the way they do."""
    classes = " ".join(c for c in ("brs-fm-hub-item", extra_class,
                                   "brs-fm-hub-item--open" if open_ else "") if c)
    return Markup(
        '<div class="{}" data-brs-fm-hub>\n<div class="brs-fm-hub-shell">\n'
        '<button type="button" class="brs-fm-hub-summary" aria-expanded="{}">'
        '<span class="brs-fm-hub-chevron" aria-hidden="true"></span>'
        "<strong>{}</strong></button>\n"
        '<div class="brs-fm-hub-panel"{}>\n{}</div>\n</div>\n</div>\n').format(
            classes, "true" if open_ else "false", title, Markup("") if open_
            else Markup(" hidden"), inside)


def scoring_key_panel(open_: bool = False) -> Markup:
    """The key as a collapsible (a phenome's own page shows it open)."""
    inside = Markup('<div class="scoring-key">\n{}</div>\n').format(Markup(SCORING_KEY.format(
        biology=_levels(LEVELS_BIOLOGY), evidence=_levels(LEVELS_EVIDENCE))))
    return collapsible("How confidence scores differ", inside, open_=open_,
                       extra_class="scoring-key-panel")


@component("PhenomeScoringKey", styles=(HUB_PANELS, "evidence.css"),
           attributes=(Attribute("defaultExpanded", Type.BOOLEAN),),
           summary="what the three confidence scores mean, as a collapsible key")
def phenome_scoring_key(ctx: RenderContext, page: Document, attributes: Attributes,
                        children: Markup) -> Markup:
    return scoring_key_panel(open_=attributes.get("defaultExpanded") is True)
