"""NLP stage: sentences and the spaCy parse of candidate sentences."""

import dagster as dg

from pipelines.defs.nlp.assets import parsed_documents

defs = dg.Definitions(assets=[parsed_documents])
