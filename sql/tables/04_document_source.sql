CREATE TABLE IF NOT EXISTS document_source (
    source_name    VARCHAR NOT NULL,
    document_id    VARCHAR NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL,
    deleted_at     TIMESTAMPTZ,
    PRIMARY KEY (source_name, document_id)
);
COMMENT ON TABLE document_source IS 'Every name (file in the raw directory) each document has had. A document is its content; its names are a separate fact: a rename or a move gives it a new name, copies are one document with two names, and a document stays live while at least one of its names does.';
COMMENT ON COLUMN document_source.source_name IS 'Path of the file relative to the raw directory, POSIX separators.';
COMMENT ON COLUMN document_source.document_id IS 'The document (dim_document) the file held.';
COMMENT ON COLUMN document_source.first_seen_at IS 'When a refresh first saw this file hold this document.';
COMMENT ON COLUMN document_source.last_seen_at IS 'When a refresh that changed the warehouse last saw this file hold this document (a refresh with nothing to change writes nothing, so for a live name this can be older than the latest refresh).';
COMMENT ON COLUMN document_source.deleted_at IS 'When the file stopped holding this document (deleted, renamed or moved away, or its content changed); NULL while it still does.';
