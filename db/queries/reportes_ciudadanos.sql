-- name: InsertReporteCiudadano :exec
INSERT INTO reportes_ciudadanos (id, folio, institution_code, municipio_code, hechos_municipio_code, received_at, channel, reporter,
    classification, narrative_enc, contact_enc, dek_wrapped, dek_version, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16);

-- name: GetReporteCiudadanoScoped :one
-- A reporte only within the caller's municipios and institution.
SELECT * FROM reportes_ciudadanos
WHERE id = @id
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND institution_code = @institution::text;

-- name: ListReportesCiudadanosScoped :many
-- A page of reportes within scope, newest first, received within
-- [from, until) when given, of a status and classification when given.
SELECT id, folio, institution_code, municipio_code, hechos_municipio_code, received_at, channel, reporter, classification,
       status, caso_id, version
FROM reportes_ciudadanos
WHERE (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND institution_code = @institution::text
  AND (sqlc.narg(since)::timestamptz IS NULL OR received_at >= sqlc.narg(since))
  AND (sqlc.narg(before)::timestamptz IS NULL OR received_at < sqlc.narg(before))
  AND (sqlc.narg(status)::text IS NULL OR status = sqlc.narg(status))
  AND (sqlc.narg(classification)::text IS NULL OR classification = sqlc.narg(classification))
ORDER BY received_at DESC, id
LIMIT @max_rows OFFSET @skip;

-- name: CountReportesCiudadanosScoped :one
SELECT count(*) FROM reportes_ciudadanos
WHERE (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND institution_code = @institution::text
  AND (sqlc.narg(since)::timestamptz IS NULL OR received_at >= sqlc.narg(since))
  AND (sqlc.narg(before)::timestamptz IS NULL OR received_at < sqlc.narg(before))
  AND (sqlc.narg(status)::text IS NULL OR status = sqlc.narg(status))
  AND (sqlc.narg(classification)::text IS NULL OR classification = sqlc.narg(classification));

-- name: UpdateReporteCiudadano :execrows
-- Writes what the caseworker may change while the reporte is open.
UPDATE reportes_ciudadanos SET hechos_municipio_code = $2, channel = $3, reporter = $4, classification = $5, status = $6,
    narrative_enc = $7, contact_enc = $8, version = version + 1, updated_at = @now::timestamptz
WHERE id = $1 AND version = @expected_version;

-- name: CloseReporteCiudadano :execrows
-- Closes a reporte: canalizado to another authority, descartado, or
-- convertido en caso.
UPDATE reportes_ciudadanos SET status = $2, canalizado_a = $3, caso_id = $4, closing_reason_enc = $5, closed_on = $6,
    version = version + 1, updated_at = @now::timestamptz
WHERE id = $1 AND version = @expected_version;

-- name: DeleteReporteModalidades :exec
DELETE FROM reporte_modalidades WHERE reporte_id = $1;

-- name: InsertReporteModalidad :exec
INSERT INTO reporte_modalidades (reporte_id, modalidad) VALUES ($1, $2);

-- name: ListReporteModalidades :many
SELECT modalidad FROM reporte_modalidades WHERE reporte_id = $1 ORDER BY modalidad;

-- name: SetReporteKey :exec
-- An erased reporte's key is gone for good: nothing wraps one again.
UPDATE reportes_ciudadanos SET dek_wrapped = $2, dek_version = $3 WHERE id = $1 AND dek_wrapped IS NOT NULL;

-- name: ListReporteKeysToRewrap :many
SELECT id, dek_wrapped FROM reportes_ciudadanos
WHERE dek_wrapped IS NOT NULL AND dek_version < @version
ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED;

-- name: CountReporteKeysBelow :one
SELECT count(*) FROM reportes_ciudadanos WHERE dek_wrapped IS NOT NULL AND dek_version < $1;

-- name: EraseReporteCiudadano :one
-- Crypto-shredding: the data key goes, and with it the narrative, the
-- contact data and the closing reason; what the statistics count stays.
UPDATE reportes_ciudadanos SET dek_wrapped = NULL, dek_version = NULL, narrative_enc = NULL, contact_enc = NULL,
    closing_reason_enc = NULL, erased_at = @now::timestamptz, version = version + 1, updated_at = @now::timestamptz
WHERE id = $1 AND erased_at IS NULL
RETURNING municipio_code;

-- name: GetReporteOfCaso :one
-- The reporte ciudadano a caso was opened from, within the caller's
-- municipios and institution.
SELECT id, folio FROM reportes_ciudadanos
WHERE caso_id = @caso_id
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND institution_code = @institution::text;

-- name: ReleaseReportesCiudadanos :many
-- Reportes received within the span (by their day in Quintana Roo's time),
-- with what the statistics count of them; modalidades only of those
-- classified as posible trata.
SELECT r.received_on, r.channel, r.reporter, r.classification,
       coalesce(r.hechos_municipio_code, 'no_especificado')::text AS municipio, r.status,
       CASE WHEN r.classification = 'posible_trata' THEN
           coalesce((SELECT array_agg(m.modalidad ORDER BY m.modalidad) FROM reporte_modalidades m WHERE m.reporte_id = r.id),
                    '{sin_definir}')
       ELSE '{no_aplica}' END::text[] AS modalidades
FROM reportes_ciudadanos r
WHERE r.received_on BETWEEN @starts_on::date AND @ends_on::date
  AND (@entidad::text = '' OR left(r.municipio_code, 2) = @entidad)
ORDER BY r.id;
