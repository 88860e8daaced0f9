"""LaTeX in BibTeX values: the quick decoder for the common shapes agrees with pylatexenc."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from braindiet.science.bibliography.bibtex import parse_bibtex
from braindiet.science.bibliography.latex import decode_latex, decode_latex_with_parser

# What titles, journals and page ranges are made of, and the syntax that needs the parser.
COMMON = ["A", "b", "é", "7", " ", "\n", ":", "(", "+", "–", "'", "{", "}", "-", "\\&"]
PARSED = ["\\'e", "\\textit{x}", "$_2$", "~", "``", "''", "`", "%", "\\", "\\\\&", "^", "_"]

field_values = st.lists(st.sampled_from(COMMON), max_size=30).map("".join)
any_values = st.lists(st.sampled_from(COMMON + PARSED), max_size=20).map("".join)


@given(field_values)
@example("Eating {Patterns} in {ADHD}: {A} {Review}")
@example("1292--1299")
@example("1---2 and 1----2, -{-} and {-}-")
@example("European Child \\& Adolescent Psychiatry")
@example("{Duo Li}")
@example("don't {quote} me")
@example("{unbalanced")
def test_braces_dashes_and_ampersands_decode_as_the_parser_decodes_them(text: str) -> None:
    assert decode_latex(text) == decode_latex_with_parser(text)


@given(any_values)
def test_every_value_decodes_as_the_parser_decodes_it(text: str) -> None:
    assert decode_latex(text) == decode_latex_with_parser(text)
    assert decode_latex(text) == decode_latex(text)  # the second time comes from the cache


def test_a_reference_reads_the_same_whichever_decoder_runs() -> None:
    source = r"""@article{quick_2021,
  author = {M{\"u}ller, J{\"o}rg and {World Health Organization}},
  title = {Omega-3 {Fatty} {Acids} and the {Gut}--{Brain} {Axis}: {A} \textit{in vitro} study},
  journal = {Food \& Function},
  pages = {12--34},
  year = {2021}}
"""
    ((reference,), diagnostics) = parse_bibtex(source, "refs.bib")
    assert diagnostics == []
    assert reference.title == "Omega-3 Fatty Acids and the Gut–Brain Axis: A in vitro study"
    assert reference.container == "Food & Function"
    assert reference.pages == "12–34"
    assert reference.authors[0].family == "Müller"
