"""Ingest stage: raw files in, documents and the ones pending extraction out."""

import dagster as dg

from pipelines.defs.ingest.assets import pending_documents, raw_articles

defs = dg.Definitions(assets=[raw_articles, pending_documents])
