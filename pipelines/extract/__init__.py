"""Extract stage: bilateral events and attributed quotes from parsed sentences.

Rules work on the dependency parse: a trigger (verb or noun), its arguments (subject, object,
prepositional phrases, possessives and modifiers), and the words that govern it (negation, modals,
"plan to", "refused to", "lifted"). Each event needs two different states or blocs, taken from its
own arguments; where a sentence names only one side and refers to the other as "the two sides",
"bilateral" or not at all, the article's other main party stands in, with lower confidence.

One module per table (`deals`, `gifts`, `sanctions`, `meetings`, `trade`, `statements`) over a shared
`toolkit`; `vocabulary` holds the word lists, `values` reads items, amounts and dates, `rows` merges
mentions into rows, `document` runs it all over a document.
"""

from pipelines.extract.document import extract_document, extract_documents
from pipelines.extract.rows import Candidate, ExtractedTables
from pipelines.extract.values import resolve_date

EXTRACTOR_VERSION = "0.3.0"

__all__ = ["EXTRACTOR_VERSION", "Candidate", "ExtractedTables", "extract_document", "extract_documents", "resolve_date"]
