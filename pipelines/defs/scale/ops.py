"""The steps of `refresh_warehouse_fanout`, thin over the functions the asset job uses.

plan_batches (ingest, pending documents, batches written to the lake) -> extract_shard_0..N-1 (each the
NLP and extract stages over its batches, `isolation.process_texts` in its own process, output to the
lake) -> load_warehouse (every batch read back in order, validated, written in one transaction and
published, the run recorded in the lake).

Only small records travel between steps (batch keys and file names); documents and rows go through
the lake, so a step on another machine needs the lake's URL, not this machine's disk.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import dagster as dg
import polars as pl

from pipelines import correcting, extract, ingest, isolation, lake, schema, validate, warehouse
from pipelines.defs.ingest.assets import WAREHOUSE_POOL, IngestScope, find_pending, read_raw_directory
from pipelines.defs.resources import Checkpoints, RawArticles, SpacyModel, Warehouse
from pipelines.defs.scale.resources import FanOut
from pipelines.display import printable
from pipelines.nlp import load_model

Warn = Callable[[str], None]


def extractor_identity(spacy: SpacyModel) -> dict[str, Any]:
    """What decides a batch's output besides its documents (part of every batch key)."""
    return {"extractor_version": extract.EXTRACTOR_VERSION, "model": spacy.model, "batch_size": spacy.batch_size,
            "select_sentences": spacy.select_sentences,
            # the default pre-filter leaves the keys of batches made before it was a setting as they were
            **({"prefilter": "frames"} if spacy.frames_prefilter else {})}


@dg.op(pool=WAREHOUSE_POOL, description="Read the raw directory, find the pending documents and write them to "
                                        "the lake in batches.")
def plan_batches(context: dg.OpExecutionContext, config: IngestScope, raw: RawArticles, warehouse_db: Warehouse,
                 spacy: SpacyModel, fanout: FanOut) -> lake.RunRecord:
    result = read_raw_directory(raw, config, context.log.warning)
    version = extract.EXTRACTOR_VERSION
    pending = find_pending(result, warehouse_db, version, context.log.warning)
    the_lake = fanout.lake(warehouse_db.path)
    batches, changed = lake.split_batches(the_lake, pending, fanout.batch_size, extractor_identity(spacy))
    for q in changed:  # read again for its batch, its file no longer held the text ingest hashed
        context.log.warning(f"quarantined {printable(q.source_name, 300)}: {q.reason}: {printable(q.detail)}")
    result.quarantined.extend(changed)
    context.add_output_metadata({"documents": len(result.documents), "pending": pending.documents.height,
                                 "unchanged": len(pending.unchanged_document_ids), "batches": len(batches),
                                 "lake": the_lake.url})
    return lake.RunRecord(batches, pending.unchanged_document_ids, lake.ingest_summary(result), version)


def extract_batches(the_lake: lake.Lake, batches: list[lake.BatchSpec], spacy: SpacyModel, log: Callable[[str], None]
                    ) -> list[str]:
    """The NLP and extract stages over each batch, in this process; a batch whose output is already in the
    lake (same documents, same extractor) is not extracted again. Returns the batches' manifests."""
    manifests = []
    for spec in batches:
        if the_lake.exists(spec.manifest):
            log(f"batch {spec.index}: already in the lake ({spec.key[:12]})")
        else:
            texts = lake.batch_texts(the_lake, spec)
            outcome = isolation.process_texts(texts, load_model(spacy.model), spacy.batch_size, spacy.select_sentences,
                                              frames_prefilter=spacy.frames_prefilter)
            lake.write_outcome(the_lake, spec, outcome)
            log(f"batch {spec.index}: {len(texts)} documents extracted, "
                f"{len(outcome.parse_failures) + len(outcome.extract_failures)} refused")
        manifests.append(spec.manifest)
    return manifests


def shard_op(index: int, shards: int) -> dg.OpDefinition:
    """The step that extracts every `shards`-th batch, starting at batch `index`."""

    @dg.op(name=f"extract_shard_{index}", retry_policy=dg.RetryPolicy(max_retries=1),
           description=f"NLP and extraction of batches {index}, {index + shards}, {index + 2 * shards}, ... of the "
                       "run, each written to the lake as Parquet (one file per table).")
    def extract_shard(context: dg.OpExecutionContext, plan: lake.RunRecord, warehouse_db: Warehouse,
                      spacy: SpacyModel, fanout: FanOut) -> list[str]:
        mine = [spec for spec in plan.batches if spec.index % shards == index]
        done = extract_batches(fanout.lake(warehouse_db.path), mine, spacy, context.log.info)
        context.add_output_metadata({"batches": len(mine)})
        return done

    return extract_shard


@dataclass
class Loaded:
    """A run record read back from the lake: what the validate and warehouse stages take."""

    pending: ingest.PendingDocuments
    extraction: isolation.ExtractionOutcome
    stats: pl.DataFrame
    notes: list[str]


def read_record(the_lake: lake.Lake, record: lake.RunRecord) -> Loaded:
    """Every batch of the run, in order: its documents and the chunk the NLP and extract stages made of it."""
    documents = [the_lake.read_frame(spec.documents) for spec in record.batches]
    chunks = [lake.read_outcome(the_lake, spec.manifest) for spec in record.batches]
    for spec, frame, chunk in zip(record.batches, documents, chunks, strict=True):
        seen = {row["document_id"] for row in chunk.stats} | {f.document_id for f in
                                                              chunk.parse_failures + chunk.extract_failures}
        if not seen <= set(frame["document_id"].to_list()):
            raise lake.LakeError(f"batch {spec.index} ({spec.manifest}) holds rows of documents it was not given")
    empty = schema.frame_from_rows("dim_document", [])
    pending = ingest.PendingDocuments(pl.concat([empty, *documents], how="vertical"), record.unchanged_document_ids)
    extraction, stats = isolation.combine(chunks)
    return Loaded(pending, extraction, stats, [note for chunk in chunks for note in chunk.notes])


def write_record(the_lake: lake.Lake, record: lake.RunRecord, warehouse_db: Warehouse, warn: Warn,
                 checkpoint: warehouse.Checkpoint = warehouse.no_checkpoint,
                 after_write: warehouse.AfterWrite | None = None
                 ) -> tuple[Loaded, dict[str, int], dict[str, int]]:
    """Validate the run's batches and write them into the warehouse in one transaction, then publish:
    the warehouse stage of the asset job, fed from the lake (`after_write`: the analysts' corrections, as
    that stage applies them). Returns what was read, the rows written per table and the warehouse's row
    counts."""
    loaded = read_record(the_lake, record)
    validated = validate.validate_run(loaded.pending, loaded.extraction)
    batch = warehouse.batch_from_run(lake.ingest_from_summary(record.ingest), loaded.pending, validated)
    with warehouse_db.write_and_publish(warn, checkpoint) as con:
        warehouse.apply_schema(con)
        warehouse.refresh_countries(con)
        written = warehouse.write_batch(con, batch, checkpoint=checkpoint, after_write=after_write)
        counts = warehouse.table_counts(con)
    return loaded, written, counts


def load_op(shards: int) -> dg.OpDefinition:
    """The step after the `shards` extraction steps. One input per extraction step, not a fan-in: Dask
    runs each step with the run's state as it was planned, in which a fan-in's sources are not yet made,
    so a fan-in would arrive empty."""

    @dg.op(name="load_warehouse", pool=WAREHOUSE_POOL,
           ins={"plan": dg.In(lake.RunRecord), **{f"shard_{i}": dg.In(list[str]) for i in range(shards)}},
           required_resource_keys={"warehouse_db", "fanout", "checkpoints", "raw", "corrections"},
           description="Read every batch back from the lake, validate, write the warehouse in one transaction "
                       "with the analysts' corrections applied, and publish it; record the run in the lake.")
    def load_warehouse(context: dg.OpExecutionContext, plan: lake.RunRecord, **extracted: list[str]
                       ) -> Iterator[dg.Output[str]]:
        warehouse_db: Warehouse = context.resources.warehouse_db
        fanout: FanOut = context.resources.fanout
        analysts = context.resources.corrections.load(context.resources.raw.raw_dir)
        yield from load_and_record(context, plan, [m for shard in extracted.values() for m in shard],
                                   warehouse_db, fanout.lake(warehouse_db.path), context.resources.checkpoints,
                                   lambda con, extracted: correcting.apply_corrections(con, analysts, extracted))

    return load_warehouse


def load_and_record(context: dg.OpExecutionContext, plan: lake.RunRecord, reported: list[str],
                    warehouse_db: Warehouse, the_lake: lake.Lake, checkpoints: Checkpoints,
                    after_write: warehouse.AfterWrite | None = None) -> Iterator[dg.Output[str]]:
    expected = {spec.manifest for spec in plan.batches}
    if set(reported) != expected:
        raise lake.LakeError(f"the extract steps reported {len(set(reported))} batches, the plan has "
                             f"{len(expected)}: missing {sorted(expected - set(reported))[:3]}")
    loaded, written, counts = write_record(the_lake, plan, warehouse_db, context.log.warning, checkpoints.reached,
                                           after_write)
    for note in loaded.notes:
        context.log.warning(printable(note))
    source_of = loaded.pending.source_names()
    for f in loaded.extraction.failures:
        context.log.warning(f"quarantined {printable(source_of.get(f.document_id, f.document_id), 300)}: "
                            f"{f.stage} {f.reason}: {printable(f.detail)}")
    context.log.info(f"changes written: {written.get('changes', 0)} ({written})")
    record = lake.write_run(the_lake, plan)
    for table in schema.WAREHOUSE_TABLES:
        context.log_event(dg.AssetMaterialization(asset_key=table, metadata={"dagster/row_count": counts[table],
                                                                              "lake_run": record}))
    yield dg.Output(record, metadata={"run_record": record, "lake": the_lake.url, "batches": len(plan.batches),
                                      **{t: counts[t] for t in schema.VALIDATED_TABLES}})
