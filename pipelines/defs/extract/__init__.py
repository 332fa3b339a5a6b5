"""NLP and extract stages, one step: sentences, the spaCy parse of candidate sentences, facts and actors
per document (assets `parsed_documents`, group nlp, and `extracted_events`, group extract)."""

import dagster as dg

from pipelines.defs.extract.assets import parse_and_extract

defs = dg.Definitions(assets=[parse_and_extract])
