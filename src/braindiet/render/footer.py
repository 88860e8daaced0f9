"""What the footer of every page may claim about the build it belongs to.

A fixed sentence ("every figure is traced to a record; every citation to the bibliography")
was false on a site with missing citation keys. The footer says instead what this build
counted: how many cited references its bibliography holds, where the nutrient figures come
from and how many are only as their pages state them; a part with nothing to count is left
out, and a site with neither says nothing.
"""

from __future__ import annotations

from braindiet.dependencies import family
from braindiet.render.components.views import plural
from braindiet.render.context import RenderContext
from braindiet.science.nutrition.panels import FigureStatus


def citation_part(ctx: RenderContext) -> str:
    cited = list(ctx.cited_by)
    if not cited:
        return ""
    found = sum(1 for key in cited if key in ctx.bibliography)
    if found == len(cited):
        return (f"all {plural(len(cited), 'cited reference')} are in the bibliography"
                if len(cited) > 1 else "the one cited reference is in the bibliography")
    return f"{found} of {plural(len(cited), 'cited reference')} are in the bibliography"


def figure_part(ctx: RenderContext) -> str:
    nutrition = ctx.nutrition
    if nutrition is None:
        return ""
    traced = sum(1 for composition in nutrition.foods.values()
                 if composition.record is not None)
    unchecked = sum(1 for table in nutrition.tables.values() for row in table.rows
                    if row.amount is not None and row.status is not FigureStatus.VERIFIED)
    if not traced and not unchecked:
        return ""
    part = f"nutrient figures of {plural(traced, 'food page')} come from the composition " \
           "records they name"
    if unchecked:
        part += f"; {plural(unchecked, 'figure')} as the pages state them, not verified " \
                "against a record"
    return part


def footer_statement(ctx: RenderContext) -> str:
    """One sentence of what this build checked, or "" when it has nothing to say."""
    FOOTER.read()
    return footer_sentence(ctx)


def footer_sentence(ctx: RenderContext) -> str:
    """`footer_statement` without recording the read: for a caller that keeps the sentence
    for every page (each page must still record `FOOTER`)."""
    parts = [part for part in (figure_part(ctx), citation_part(ctx)) if part]
    if not parts:
        return ""
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


# Every page shows the sentence: it is fingerprinted as the sentence itself, so an edit that
# leaves it unchanged rebuilds no page for it.
FOOTER = family("footer", RenderContext,
                lambda ctx: {"": "; ".join((figure_part(ctx), citation_part(ctx)))},
                doc="what the footer says about the build (citations found, figures traced)")
