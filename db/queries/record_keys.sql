-- name: GetRecordKey :one
-- The wrapped data key of a víctima, caso, carpeta, Grupo de Trabajo
-- session, activity or reporte ciudadano; NULL once a víctima's data was erased.
SELECT CASE @key_table::text
    WHEN 'victims' THEN (SELECT v.dek_wrapped FROM victims v WHERE v.id = @record_id::uuid)
    WHEN 'casos' THEN (SELECT c.dek_wrapped FROM casos c WHERE c.id = @record_id::uuid)
    WHEN 'carpetas' THEN (SELECT k.dek_wrapped FROM carpetas k WHERE k.id = @record_id::uuid)
    WHEN 'gt_sessions' THEN (SELECT g.dek_wrapped FROM gt_sessions g WHERE g.id = @record_id::uuid)
    WHEN 'activities' THEN (SELECT a.dek_wrapped FROM activities a WHERE a.id = @record_id::uuid)
    WHEN 'reportes_ciudadanos' THEN (SELECT r.dek_wrapped FROM reportes_ciudadanos r WHERE r.id = @record_id::uuid)
END::bytea AS dek_wrapped;

-- name: SetCasoKey :exec
UPDATE casos SET dek_wrapped = $2, dek_version = $3 WHERE id = $1;

-- name: SetSessionKey :exec
UPDATE gt_sessions SET dek_wrapped = $2, dek_version = $3 WHERE id = $1;

-- name: ListCasoKeysToRewrap :many
-- A batch of data keys wrapped by an older master key, skipping rows
-- another transaction holds.
SELECT id, dek_wrapped FROM casos
WHERE dek_wrapped IS NOT NULL AND dek_version < @version
ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED;

-- name: CountCasoKeysBelow :one
SELECT count(*) FROM casos WHERE dek_wrapped IS NOT NULL AND dek_version < $1;

-- name: ListSessionKeysToRewrap :many
SELECT id, dek_wrapped FROM gt_sessions
WHERE dek_wrapped IS NOT NULL AND dek_version < @version
ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED;

-- name: CountSessionKeysBelow :one
SELECT count(*) FROM gt_sessions WHERE dek_wrapped IS NOT NULL AND dek_version < $1;

-- name: ListCasosWithoutKey :many
-- Casos recorded before they had data keys of their own.
SELECT id FROM casos WHERE dek_wrapped IS NULL ORDER BY id LIMIT @batch;

-- name: ListSessionsWithoutKey :many
SELECT id FROM gt_sessions WHERE dek_wrapped IS NULL ORDER BY id LIMIT @batch;
