"""The bibliography: BibTeX files read into checked references and formatted as APA 7.

Pure: it reads files and returns values; it knows nothing of pages or sites. The modules, in
the order data flows through them: `bibtex` reads files (`latex` decodes field values, `entry`
turns one entry into a `Reference` of `model`), `apa` formats (`sentence_case`, `csl`,
`fallback`), `sort` orders the references page. `markup` and `doi` serve several of them.
"""

from braindiet.science.bibliography.apa import format_bibliography
from braindiet.science.bibliography.bibtex import load_bibliography
from braindiet.science.bibliography.model import Bibliography, Name, Reference
from braindiet.science.bibliography.sort import sort_keys

__all__ = ["Bibliography", "Name", "Reference", "format_bibliography", "load_bibliography",
           "sort_keys"]
