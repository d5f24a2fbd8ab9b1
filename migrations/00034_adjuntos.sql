-- Adjuntos: the documents kept on a record — consent forms, signed actas,
-- evidence, identification. Each belongs to one record, named by its type
-- and id; only víctimas have them yet, and casos, carpetas and Grupo de
-- Trabajo sessions may follow by widening record_type. The file's bytes, its
-- original name and the description are personal data, sealed under the
-- record's data key (a víctima's: her erasure destroys them), bound to
-- (adjuntos, column, id). Kind, content type and size are in clear. A
-- voided adjunto stays as a tombstone, without its bytes, with who voided
-- it, when and why (the reason's text sealed too). The reports never read
-- this table.

-- +goose Up
CREATE TABLE adjuntos (
    id               uuid PRIMARY KEY,
    record_type      text NOT NULL CHECK (record_type IN ('victima')),
    record_id        uuid NOT NULL,
    -- The record's institution and municipio, copied so that the scope and
    -- row-level security read the row alone.
    institution_code text NOT NULL REFERENCES institutions (code),
    municipio_code   text NOT NULL REFERENCES municipios (code),
    kind             text NOT NULL CHECK (kind IN ('consentimiento', 'acta', 'evidencia', 'identificacion', 'otro')),
    content_type     text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes       int NOT NULL CHECK (size_bytes > 0),
    -- Sealed with the record's data key, bound to (adjuntos, column, id).
    name_enc         bytea,
    description_enc  bytea,
    content_enc      bytea,
    created_by       uuid NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL,
    voided_at        timestamptz,
    voided_by        uuid REFERENCES users (id),
    void_reason      text,
    void_reason_enc  bytea,
    CHECK ((voided_at IS NULL) = (voided_by IS NULL) AND (voided_at IS NULL) = (void_reason IS NULL)),
    -- A voided adjunto keeps no bytes.
    CHECK (voided_at IS NULL OR content_enc IS NULL)
);
CREATE INDEX adjuntos_record ON adjuntos (record_type, record_id, created_at);

ALTER TABLE adjuntos ENABLE ROW LEVEL SECURITY;
CREATE POLICY adjuntos_in_scope ON adjuntos TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

GRANT SELECT, INSERT ON adjuntos TO sintra_app;
-- Voiding, and the erasure of the record's owner, which clears what was
-- sealed with her key.
GRANT UPDATE (name_enc, description_enc, content_enc, voided_at, voided_by, void_reason, void_reason_enc) ON adjuntos TO sintra_app;

-- +goose Down
DROP TABLE adjuntos;
