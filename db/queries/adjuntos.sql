-- name: InsertAdjunto :exec
INSERT INTO adjuntos (id, record_type, record_id, institution_code, municipio_code, kind, content_type, size_bytes,
    name_enc, description_enc, content_enc, created_by, created_at)
VALUES (@id, @record_type, @record_id, @institution_code, @municipio_code, @kind, @content_type, @size_bytes,
    @name_enc, @description_enc, @content_enc, @created_by, @created_at);

-- name: ListRecordAdjuntos :many
-- A record's adjuntos, without their bytes, oldest first, with who
-- attached and who voided each.
SELECT a.id, a.record_type, a.record_id, a.institution_code, a.municipio_code, a.kind, a.content_type, a.size_bytes,
       a.name_enc, a.description_enc, a.created_by, u.display_name AS created_by_name, a.created_at,
       a.voided_at, a.voided_by, coalesce(vu.display_name, '')::text AS voided_by_name, a.void_reason
FROM adjuntos a JOIN users u ON u.id = a.created_by LEFT JOIN users vu ON vu.id = a.voided_by
WHERE a.record_type = @record_type AND a.record_id = @record_id
ORDER BY a.created_at, a.id;

-- name: GetAdjunto :one
-- An adjunto with its bytes; the record's check decides whether the caller
-- reaches it.
SELECT * FROM adjuntos WHERE id = @id;

-- name: VoidAdjunto :execrows
-- Voids an adjunto, dropping its bytes: the tombstone keeps the rest.
UPDATE adjuntos SET voided_at = @voided_at, voided_by = @voided_by, void_reason = @void_reason,
    void_reason_enc = @void_reason_enc, content_enc = NULL
WHERE id = @id AND voided_at IS NULL;

-- name: EraseRecordAdjuntos :exec
-- Part of a víctima's erasure: what was sealed with her key goes too.
UPDATE adjuntos SET name_enc = NULL, description_enc = NULL, content_enc = NULL, void_reason_enc = NULL
WHERE record_type = @record_type AND record_id = @record_id;
