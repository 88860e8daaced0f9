"""The bibliography: BibTeX in, checked references and APA 7 references out."""

from __future__ import annotations

from pathlib import Path

import pytest

from braindiet.diagnostics import Severity
from braindiet.science.bibliography import Bibliography, Name, Reference, sort_keys
from braindiet.science.bibliography.apa import _apa_style, format_bibliography
from braindiet.science.bibliography.bibtex import (
    _duplicate_doi_notes,
    load_bibliography,
    parse_bibtex,
)
from braindiet.science.bibliography.doi import normalize_doi
from braindiet.science.bibliography.sentence_case import is_title_case, sentence_case

FIXTURES = Path(__file__).parent / "fixtures" / "bib"


def load(*names: str) -> Bibliography:
    return load_bibliography([FIXTURES / name for name in names], relative_to=FIXTURES)


def codes(bib: Bibliography) -> list[tuple[str, str | None, int | None]]:
    return [(d.code, d.file, d.line) for d in bib.diagnostics]


def formatted_html(bib: Bibliography) -> dict[str, str]:
    return format_bibliography(bib, cache={}).html


# --------------------------------------------------------------------------------------------
# Decoding


@pytest.fixture(scope="module")
def decoding() -> Bibliography:
    return load("decoding.bib")


def test_nested_braces_are_dropped(decoding: Bibliography) -> None:
    reference = decoding.entries["braces_2020"]
    assert reference.title == (
        "Magnesium Sulfate and the Brain: A Pilot Study of Lactobacillus reuteri")


def test_escaped_ampersand_is_decoded(decoding: Bibliography) -> None:
    assert decoding.entries["braces_2020"].container == "Food & Function"


def test_accents_and_particles_in_names(decoding: Bibliography) -> None:
    assert decoding.entries["braces_2020"].authors == (
        Name("Müller", "Jörg"),
        Name("García", "José"),
        Name("Çelik", "Ayşe"),
        Name("Straßer", "Hans"),
        Name("Fontaine", "Jean", particle="de la"),
    )


def test_page_range_uses_an_en_dash(decoding: Bibliography) -> None:
    assert decoding.entries["braces_2020"].pages == "10–20"


def test_tilde_is_a_no_break_space(decoding: Bibliography) -> None:
    assert decoding.entries["who_sodium_2021"].title == (
        "Guideline on\u00a0sodium intake for adults and children")


def test_corporate_author_in_double_braces_is_kept_whole(decoding: Bibliography) -> None:
    (author,) = decoding.entries["who_sodium_2021"].authors
    assert author == Name("World Health Organization")
    assert author.is_literal
    assert decoding.entries["who_sodium_2021"].publisher == "World Health Organization"


def test_url_is_not_latex_decoded(decoding: Bibliography) -> None:
    # `%` starts a LaTeX comment; a URL must keep it
    assert decoding.entries["who_sodium_2021"].url == "https://example.org/sodium%20guideline"


def test_italics_subscripts_and_publisher_markup_survive(decoding: Bibliography) -> None:
    reference = decoding.entries["markup_2019"]
    assert reference.title == "Effects of Crocus sativus on vitamin B12 & H2O in vitro"
    assert reference.title_html == (
        "Effects of <i>Crocus sativus</i> on vitamin B<sub>12</sub> &amp; H<sub>2</sub>O "
        "<i>in vitro</i>")
    assert reference.month == 3


QUOTES = r"""@incollection{quotes_2020,
  author = {Chiab{\`a}, Cristina},
  title = {Does `activating' nuts help? ``Soaked'' almonds and `it's here' claims},
  booktitle = {The `real' food and ``whole'' diets},
  publisher = {Example Press},
  year = {2020}}
"""


def test_latex_single_and_double_quotes_read_as_quotes() -> None:
    ((reference,), diagnostics) = parse_bibtex(QUOTES, "refs.bib")
    assert diagnostics == []
    assert reference.title == (
        "Does ‘activating’ nuts help? “Soaked” almonds and ‘it's here’ claims")
    assert reference.container == "The ‘real’ food and “whole” diets"
    # a backtick after a backslash is a grave accent, not a quote
    assert reference.authors == (Name("Chiabà", "Cristina"),)


def test_latex_quotes_in_the_formatted_reference() -> None:
    references, _ = parse_bibtex(QUOTES, "refs.bib")
    bib = Bibliography(entries={r.key: r for r in references})
    shown = formatted_html(bib)["quotes_2020"]
    assert "Does ‘activating’ nuts help? “Soaked” almonds and ‘it's here’ claims." in shown
    assert "<i>The ‘real’ food and “whole” diets</i>" in shown
    assert "`" not in shown


def test_entries_carry_file_and_start_line(decoding: Bibliography) -> None:
    assert [(r.key, r.file, r.line) for r in decoding] == [
        ("braces_2020", "decoding.bib", 3),
        ("who_sodium_2021", "decoding.bib", 14),
        ("markup_2019", "decoding.bib", 22),
    ]
    assert decoding.diagnostics == []


# --------------------------------------------------------------------------------------------
# Checks


@pytest.fixture(scope="module")
def problems() -> Bibliography:
    return load("problems.bib")


def test_missing_year_and_title_are_warnings(problems: Bibliography) -> None:
    found = {d.code: d for d in problems.diagnostics}
    assert (found["bib-missing-year"].severity, found["bib-missing-year"].location) == (
        Severity.WARNING, "problems.bib:3")
    assert (found["bib-missing-title"].severity, found["bib-missing-title"].location) == (
        Severity.WARNING, "problems.bib:9")
    assert problems.entries["no_year_entry"].year is None
    assert problems.entries["no_title_entry"].title is None


def test_missing_pages_is_not_a_problem(problems: Bibliography) -> None:
    assert problems.entries["no_pages_entry"].pages is None
    assert not [d for d in problems.diagnostics if "no_pages_entry" in d.message]


def test_malformed_doi_is_reported_and_not_shown(problems: Bibliography) -> None:
    (problem,) = [d for d in problems.diagnostics if d.code == "bib-malformed-doi"]
    assert (problem.severity, problem.location) == (Severity.WARNING, "problems.bib:23")
    assert "not-a-doi/123" in problem.message
    assert problems.entries["bad_doi_entry"].doi is None
    assert "doi.org" not in formatted_html(problems)["bad_doi_entry"]


def test_doi_given_as_url_is_normalised(problems: Bibliography) -> None:
    assert problems.entries["doi_url_entry"].doi == "10.1234/example.2015.7"
    assert not [d for d in problems.diagnostics if "doi_url_entry" in d.message]


@pytest.mark.parametrize(("raw", "doi"), [
    ("10.1371/journal.pone.0079982", "10.1371/journal.pone.0079982"),
    ("https://doi.org/10.1093/cdn/nzz046.FS03-08-19", "10.1093/cdn/nzz046.FS03-08-19"),
    ("http://dx.doi.org/10.1000/a%2Fb", "10.1000/a/b"),
    ("doi:10.5152/npa.2015.10284", "10.5152/npa.2015.10284"),
    (" 10.1000.10/abc ", "10.1000.10/abc"),
    ("not-a-doi/123", None),
    ("10.abc/def", None),
    ("10.1000/", None),
    ("https://example.org/10.1000/x", None),
])
def test_normalize_doi(raw: str, doi: str | None) -> None:
    assert normalize_doi(raw) == doi


def test_duplicate_key_reports_both_places_and_keeps_the_first(problems: Bibliography) -> None:
    duplicates = [d for d in problems.diagnostics if d.code == "bib-duplicate-key"]
    assert [(d.severity, d.location) for d in duplicates] == [
        (Severity.ERROR, "problems.bib:39"), (Severity.ERROR, "problems.bib:46")]
    assert "problems.bib:46" in duplicates[0].message
    assert "problems.bib:39" in duplicates[1].message
    assert problems.entries["dup_key"].title == "The first definition"


def test_duplicate_key_across_files() -> None:
    bib = load("problems.bib", "other.bib")
    duplicates = [d.location for d in bib.diagnostics if d.code == "bib-duplicate-key"]
    assert duplicates == ["problems.bib:39", "problems.bib:46", "problems.bib:39", "other.bib:3"]
    assert bib.entries["dup_key"].title == "The first definition"


def test_unparsable_block_is_an_error_and_the_rest_is_read(problems: Bibliography) -> None:
    (problem,) = [d for d in problems.diagnostics if d.code == "bib-parse-error"]
    assert (problem.severity, problem.location) == (Severity.ERROR, "problems.bib:53")
    assert "broken_entry" not in problems
    assert problems.entries["after_broken"].title == "An entry after a broken one"


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    bib = load_bibliography([tmp_path / "refs.bib"], relative_to=tmp_path)
    assert len(bib) == 0
    assert [(d.severity, d.code, d.file) for d in bib.diagnostics] == [
        (Severity.ERROR, "bib-missing-file", "refs.bib")]


def test_same_doi_under_two_keys_is_noted() -> None:
    text = ("@article{a, title={T}, year={2000}, doi={10.1/x}}\n"
            "@article{b, title={T}, year={2000}, doi={https://doi.org/10.1/X}}\n")
    references, _ = parse_bibtex(text, "refs.bib")
    bib = Bibliography()
    for reference in references:
        bib.entries[reference.key] = reference
    notes = _duplicate_doi_notes(bib)
    assert [(d.severity, d.code, d.location) for d in notes] == [
        (Severity.INFO, "bib-duplicate-doi", "refs.bib:2")]


def test_author_field_copied_from_a_web_page_is_flagged() -> None:
    text = "@article{x, title={T}, year={2001}, author={Jane Roe 1* and Doe, John}}\n"
    _, diagnostics = parse_bibtex(text, "refs.bib")
    assert [(d.code, d.location) for d in diagnostics] == [("bib-suspicious-name", "refs.bib:1")]
    assert "Jane Roe 1*" in diagnostics[0].message


def test_duplicate_field_is_a_warning_and_the_entry_is_kept() -> None:
    text = "@article{x,\n title={One},\n title={Two},\n year={2001}}\n"
    references, diagnostics = parse_bibtex(text, "refs.bib")
    assert [(d.code, d.location) for d in diagnostics] == [("bib-duplicate-field", "refs.bib:1")]
    assert [(r.key, r.title, r.year) for r in references] == [("x", "Two", 2001)]


def test_bibliography_lookup() -> None:
    bib = load("decoding.bib")
    assert "braces_2020" in bib
    assert "nope" not in bib
    reference = bib.entries["braces_2020"]
    assert isinstance(reference, Reference) and reference.year == 2020


# --------------------------------------------------------------------------------------------
# APA 7


def test_apa_article_with_accents_particle_and_doi_link(decoding: Bibliography) -> None:
    assert formatted_html(decoding)["braces_2020"] == (
        "Müller, J., García, J., Çelik, A., Straßer, H., &amp; de la Fontaine, J. (2020). "
        "Magnesium sulfate and the brain: A pilot study of Lactobacillus reuteri. "
        "<i>Food &amp; Function</i>, <i>11</i>(2), 10–20. "
        '<a href="https://doi.org/10.1000/xyz123">https://doi.org/10.1000/xyz123</a>')


def test_apa_report_by_an_organisation_links_its_url(decoding: Bibliography) -> None:
    assert formatted_html(decoding)["who_sodium_2021"] == (
        "World Health Organization. (2021). <i>Guideline on\u00a0sodium intake for adults "
        "and children</i>. World Health Organization. "
        '<a href="https://example.org/sodium%20guideline">'
        "https://example.org/sodium%20guideline</a>")


def test_apa_output_is_escaped_html(decoding: Bibliography) -> None:
    assert formatted_html(decoding)["markup_2019"] == (
        "Smith, A. (2019). Effects of <i>Crocus sativus</i> on vitamin B<sub>12</sub> "
        "&amp; H<sub>2</sub>O <i>in vitro</i>. <i>Journal of &lt;Unsafe&gt; Titles</i>.")


def test_apa_with_missing_fields(problems: Bibliography) -> None:
    html = formatted_html(problems)
    assert html["no_year_entry"] == (
        "Doe, J. (n.d.). A study without a year. <i>Journal of Examples</i>.")
    assert html["no_title_entry"] == "Roe, R. (2018). <i>Journal of Examples</i>."
    assert html["no_pages_entry"] == (
        "Poe, E. A. (2017). A study without pages. <i>Journal of Examples</i>, <i>3</i>.")


@pytest.fixture(scope="module")
def kinds() -> Bibliography:
    return load("kinds.bib")


def test_apa_edited_book_lists_editors_once(kinds: Bibliography) -> None:
    assert formatted_html(kinds)["edited_book_2022"] == (
        "Alpha, A., &amp; Beta, B. (Eds.). (2022). "
        "<i>Nutrition and the brain: An evidence-based guide</i>. Example Press. "
        '<a href="https://doi.org/10.5555/book.2022">https://doi.org/10.5555/book.2022</a>')


def test_apa_chapter_in_edited_book(kinds: Bibliography) -> None:
    assert formatted_html(kinds)["chapter_2021"] == (
        "Gamma, G. (2021). Zinc and attention. In D. Delta (Ed.), "
        "<i>Handbook of trace elements</i> (pp. 100–120). Example Press.")


def test_apa_work_without_author_starts_with_its_title_once(kinds: Bibliography) -> None:
    html = formatted_html(kinds)
    assert html["no_author_2020"] == (
        "Dietary reference values for protein. (2020). <i>Example Journal</i>, <i>10</i>(2), "
        '2557. <a href="https://doi.org/10.2903/example.2020.2557">'
        "https://doi.org/10.2903/example.2020.2557</a>")
    assert html["web_page_nodate"] == (
        "<i>Micronutrient facts</i>. (n.d.). Retrieved June 17, 2025, from "
        '<a href="https://example.org/micronutrients">https://example.org/micronutrients</a>')


def test_entry_citeproc_rejects_falls_back_with_a_note(
        decoding: Bibliography, monkeypatch: pytest.MonkeyPatch) -> None:
    style = _apa_style()

    def refuse(items: list[object]) -> list[str]:
        raise ValueError("cannot format this")

    monkeypatch.setattr(style, "render_bibliography", refuse)
    formatted = format_bibliography(decoding, cache={})
    assert formatted.html["braces_2020"] == (
        "Müller, J., García, J., Çelik, A., Straßer, H., &amp; de la Fontaine, J. (2020). "
        "Magnesium sulfate and the brain: A pilot study of Lactobacillus reuteri. "
        "<i>Food &amp; Function</i>, <i>11</i>(2), 10–20. "
        '<a href="https://doi.org/10.1000/xyz123">https://doi.org/10.1000/xyz123</a>')
    notes = [(d.severity, d.code, d.location) for d in formatted.diagnostics]
    assert notes == [(Severity.INFO, "bib-format-fallback", f"decoding.bib:{line}")
                     for line in (3, 14, 22)]
    assert "ValueError: cannot format this" in formatted.diagnostics[0].message


def test_cache_is_used_between_runs(decoding: Bibliography) -> None:
    cache: dict[str, str] = {}
    first = format_bibliography(decoding, cache=cache)
    assert len(cache) == 3
    assert format_bibliography(decoding, cache=cache) == first
    assert format_bibliography(decoding) == first


# --------------------------------------------------------------------------------------------
# Sentence case


@pytest.mark.parametrize(("title", "expected"), [
    ("Magnesium Sulfate Protects Against the Bioenergetic Consequences",
     "Magnesium sulfate protects against the bioenergetic consequences"),
    ("Omega-3 Fatty Acids in ADHD: A Randomized Controlled Trial",
     "Omega-3 fatty acids in ADHD: A randomized controlled trial"),
    ("Diet and Alzheimer's Disease in Japan", "Diet and Alzheimer's disease in Japan"),
    ("Effect of Oxalobacter formigenes on Kidney Stones",
     "Effect of Oxalobacter formigenes on kidney stones"),
    ("Is Coffee Good? A Review of CoQ10 and mRNA Studies",
     "Is coffee good? A review of CoQ10 and mRNA studies"),
    ("Zinc absorption in children recovering from tuberculosis",
     "Zinc absorption in children recovering from tuberculosis"),
])
def test_sentence_case(title: str, expected: str) -> None:
    assert sentence_case(title) == expected


def test_sentence_case_keeps_words_the_bibliography_capitalises() -> None:
    assert sentence_case("Reishi Extract and Sleep Quality", {"Reishi"}) == (
        "Reishi extract and sleep quality")
    assert sentence_case("Sleep Quality After Reishi Extract", {"Reishi"}) == (
        "Sleep quality after Reishi extract")
    assert is_title_case("Sleep Quality After Reishi Extract")
    assert not is_title_case("Sleep quality after Reishi extract")


# --------------------------------------------------------------------------------------------
# Sorting


def test_sort_by_year_descending_breaks_ties_by_author_then_title(kinds: Bibliography) -> None:
    assert sort_keys(kinds, "year", "desc") == [
        "edited_book_2022", "chapter_2021", "no_author_2020", "tie_a_2019", "tie_b_2019",
        "web_page_nodate"]


def test_sort_by_year_ascending_keeps_undated_last(kinds: Bibliography) -> None:
    assert sort_keys(kinds, "year", "asc") == [
        "tie_a_2019", "tie_b_2019", "no_author_2020", "chapter_2021", "edited_book_2022",
        "web_page_nodate"]


def test_sort_by_author_like_an_apa_list(kinds: Bibliography,
                                                        decoding: Bibliography) -> None:
    # a work without author sorts by its title: "Dietary...", "Micronutrient..."
    assert sort_keys(kinds, "author", "asc") == [
        "edited_book_2022", "no_author_2020", "chapter_2021", "web_page_nodate", "tie_a_2019",
        "tie_b_2019"]
    assert sort_keys(decoding, "author", "desc") == [
        "who_sodium_2021", "markup_2019", "braces_2020"]


def test_sort_by_title_and_key(kinds: Bibliography) -> None:
    assert sort_keys(kinds, "title", "asc") == [
        "tie_a_2019", "tie_b_2019", "no_author_2020", "web_page_nodate", "edited_book_2022",
        "chapter_2021"]
    assert sort_keys(kinds, "key", "desc") == [
        "web_page_nodate", "tie_b_2019", "tie_a_2019", "no_author_2020", "edited_book_2022",
        "chapter_2021"]


def test_sort_rejects_unknown_field(kinds: Bibliography) -> None:
    with pytest.raises(ValueError, match="cannot sort"):
        sort_keys(kinds, "journal", "asc")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The corpus


@pytest.fixture(scope="module")
def corpus_bib(corpus_root: Path) -> Bibliography:
    return load_bibliography([corpus_root / "static" / "bibtex" / "BRAIN-diet.bib"],
                             relative_to=corpus_root)


@pytest.mark.corpus
def test_corpus_clerc_reads_as_apa(corpus_bib: Bibliography) -> None:
    formatted = format_bibliography(corpus_bib)
    assert formatted.html["clerc_magnesium_2013"] == (
        "Clerc, P., Young, C. A., Bordt, E. A., Grigore, A. M., Fiskum, G., &amp; Polster, "
        "B. M. (2013). Magnesium sulfate protects against the bioenergetic consequences of "
        "chronic glutamate receptor stimulation. <i>PLoS ONE</i>, <i>8</i>(11), e79982. "
        '<a href="https://doi.org/10.1371/journal.pone.0079982">'
        "https://doi.org/10.1371/journal.pone.0079982</a>")
    reference = corpus_bib.entries["clerc_magnesium_2013"]
    assert reference.location == "static/bibtex/BRAIN-diet.bib:6184"


@pytest.mark.corpus
def test_corpus_every_entry_formats(corpus_bib: Bibliography) -> None:
    formatted = format_bibliography(corpus_bib)
    assert len(corpus_bib) == 659
    assert set(formatted.html) == set(corpus_bib.entries)
    assert all(formatted.html.values())
    assert formatted.diagnostics == []
    leftovers = [key for key, html in formatted.html.items() if "\\" in html or "{" in html]
    assert leftovers == []
    assert not [d for d in corpus_bib.diagnostics if d.severity is Severity.ERROR]
