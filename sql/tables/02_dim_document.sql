CREATE TABLE IF NOT EXISTS dim_document (
    document_id       VARCHAR PRIMARY KEY,
    source_name       VARCHAR NOT NULL,
    title             VARCHAR,
    published_date    DATE,
    publisher         VARCHAR,
    url               VARCHAR,
    content_sha256    VARCHAR NOT NULL,
    n_chars           INTEGER NOT NULL,
    body              VARCHAR NOT NULL,
    ingested_at       TIMESTAMPTZ NOT NULL,
    source_encoding   VARCHAR NOT NULL,
    metadata_source   VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    deleted_at        TIMESTAMPTZ,
    date_source       VARCHAR
);
COMMENT ON TABLE dim_document IS 'One row per ingested article version; every fact offset points into body.';
COMMENT ON COLUMN dim_document.document_id IS 'Stable id derived from the normalised text and its metadata, never the file name: the same article version always gets the same id, whatever it is called.';
COMMENT ON COLUMN dim_document.source_name IS 'Path of the file relative to the raw directory, POSIX separators: the name the document was first loaded under while that file lasts, then the earliest-seen of its other live names (a tombstone keeps its last one); all its names are in document_source.';
COMMENT ON COLUMN dim_document.title IS 'Title from front matter or sidecar, else the headline line of a plain-text article; NULL when there is none.';
COMMENT ON COLUMN dim_document.published_date IS 'Publication date: from front matter or sidecar, else a dateline or a date the text marks as its own, else the file''s modification date (date_source says which); relative dates in the text resolve against it. NULL when none is known.';
COMMENT ON COLUMN dim_document.publisher IS 'Publisher from front matter or sidecar; NULL when unknown.';
COMMENT ON COLUMN dim_document.url IS 'Canonical URL from front matter or sidecar; NULL when unknown.';
COMMENT ON COLUMN dim_document.content_sha256 IS 'SHA-256 of body (hex).';
COMMENT ON COLUMN dim_document.n_chars IS 'Length of body in characters (Unicode code points).';
COMMENT ON COLUMN dim_document.body IS 'The article text, decoded, Unicode NFC, newlines as \n, front matter removed; all evidence offsets refer to it.';
COMMENT ON COLUMN dim_document.ingested_at IS 'When this article version first reached the warehouse (kept on reruns).';
COMMENT ON COLUMN dim_document.source_encoding IS 'Encoding the file was decoded from (utf-8, or the detected legacy encoding).';
COMMENT ON COLUMN dim_document.metadata_source IS 'Where title/date/publisher/url came from: front_matter, sidecar, headline or none.';
COMMENT ON COLUMN dim_document.extractor_version IS 'Version of the extraction rules that produced this document''s facts.';
COMMENT ON COLUMN dim_document.deleted_at IS 'When the file disappeared from the raw directory; the row stays as a tombstone and its facts are retracted. NULL for live documents.';
-- date_source is described by sql/migrations/003 (a comment here would fail on warehouses that predate it).
