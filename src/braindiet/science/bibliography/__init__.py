"""The bibliography: BibTeX files read into checked references and formatted as APA 7.

Pure: it reads files and returns values; it knows nothing of pages or sites. The modules, in
the order data flows through them: `bibtex` reads files (`latex` decodes field values, `entry`
turns one entry into a `Reference` of `model`), `apa` formats (`sentence_case`, `csl`,
`fallback`), `sort` orders the references page. `markup` and `doi` serve several of them.

`bibtex` and `apa` are imported where a bibliography is parsed or formatted, not here: with
their libraries (bibtexparser, pylatexenc, citeproc-py, lxml) they are a tenth of a second
that a build whose cache holds both never needs.
"""

from braindiet.science.bibliography.model import Bibliography, FormattedReferences, Name, Reference
from braindiet.science.bibliography.sort import sort_keys

__all__ = ["Bibliography", "FormattedReferences", "Name", "Reference", "sort_keys"]
