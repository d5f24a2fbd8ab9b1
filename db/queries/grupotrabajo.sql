-- name: InsertGTSession :exec
INSERT INTO gt_sessions (id, municipio_code, held_on, kind, minutes_enc, dek_wrapped, dek_version, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: GetGTSession :one
SELECT * FROM gt_sessions
WHERE id = @id AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]));

-- name: ListGTSessions :many
SELECT * FROM gt_sessions
WHERE (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (sqlc.narg(municipio)::text IS NULL OR municipio_code = sqlc.narg(municipio))
ORDER BY held_on DESC, created_at DESC
LIMIT @max_rows OFFSET @skip;

-- name: CountGTSessions :one
SELECT count(*) FROM gt_sessions
WHERE (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (sqlc.narg(municipio)::text IS NULL OR municipio_code = sqlc.narg(municipio));

-- name: UpdateGTSessionMinutes :execrows
UPDATE gt_sessions SET minutes_enc = $2, version = version + 1 WHERE id = $1 AND version = @expected_version;

-- name: LastGTSessionBefore :one
-- The date of a municipio's latest session before a date, or 1900-01-01.
SELECT coalesce(max(held_on), '1900-01-01')::date FROM gt_sessions WHERE municipio_code = $1 AND held_on < $2;

-- name: InsertSessionInstitution :exec
INSERT INTO gt_session_institutions (session_id, institution_code) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: ListSessionInstitutions :many
SELECT institution_code FROM gt_session_institutions WHERE session_id = $1 ORDER BY institution_code;

-- name: InsertReview :exec
INSERT INTO gt_reviews (id, session_id, caso_id, summary_enc, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: ListReviews :many
SELECT r.id, r.caso_id, c.folio, c.status, r.summary_enc, r.created_at
FROM gt_reviews r JOIN casos c ON c.id = r.caso_id WHERE r.session_id = $1 ORDER BY r.created_at;

-- name: AgendaCasos :many
-- A municipio's open casos with what was recorded since a date (from the
-- start of that day in Quintana Roo), those with overdue acuerdos first.
WITH since AS (SELECT (@since::date)::timestamp AT TIME ZONE 'America/Cancun' AS at)
SELECT c.id, c.folio, c.status, c.institution_code, c.created_at >= (SELECT at FROM since) AS is_new,
    (SELECT count(*) FROM acuerdos a WHERE a.caso_id = c.id AND a.status <> 'cumplido' AND a.due_on < @today::date AND a.voided_at IS NULL) AS overdue_acuerdos,
    (SELECT count(*) FROM services s JOIN caso_victims cv ON cv.victim_id = s.victim_id
        WHERE cv.caso_id = c.id AND s.created_at >= (SELECT at FROM since) AND s.voided_at IS NULL) AS new_services,
    (SELECT count(*) FROM canalizacion_transitions t JOIN canalizaciones k ON k.id = t.canalizacion_id
        JOIN caso_victims cv ON cv.victim_id = k.victim_id WHERE cv.caso_id = c.id AND t.recorded_at >= (SELECT at FROM since) AND k.voided_at IS NULL) AS canalizacion_steps,
    (SELECT count(*) FROM canalizaciones k JOIN caso_victims cv ON cv.victim_id = k.victim_id
        WHERE cv.caso_id = c.id AND k.recorded_at >= (SELECT at FROM since) AND k.voided_at IS NULL) AS new_canalizaciones,
    (SELECT count(*) FROM carpeta_events e JOIN carpeta_victims x ON x.carpeta_id = e.carpeta_id
        JOIN caso_victims cv ON cv.victim_id = x.victim_id WHERE cv.caso_id = c.id AND e.recorded_at >= (SELECT at FROM since)) AS carpeta_events,
    (SELECT count(*) FROM caso_status_changes sc WHERE sc.caso_id = c.id AND sc.changed_at >= (SELECT at FROM since)) AS status_changes
FROM casos c
WHERE c.municipio_code = @municipio AND c.status <> 'concluido'
ORDER BY overdue_acuerdos DESC, c.created_at;

-- name: GetCasoInMunicipio :one
SELECT id, folio, status FROM casos WHERE id = $1 AND municipio_code = $2;

-- name: InsertAcuerdo :exec
INSERT INTO acuerdos (id, session_id, caso_id, municipio_code, text_enc, responsible_institution, due_on, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: GetAcuerdo :one
SELECT * FROM acuerdos
WHERE id = @id AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]));

-- name: ListAcuerdos :many
-- Acuerdos in scope, overdue first, then by due date.
SELECT a.*, coalesce(a.status <> 'cumplido' AND a.due_on < @today::date, false)::bool AS overdue FROM acuerdos a
WHERE (@all_municipios::bool OR a.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (sqlc.narg(municipio)::text IS NULL OR a.municipio_code = sqlc.narg(municipio))
  AND (sqlc.narg(session_id)::uuid IS NULL OR a.session_id = sqlc.narg(session_id))
  AND (sqlc.narg(status)::text IS NULL OR a.status = sqlc.narg(status))
  AND (NOT @only_overdue::bool OR (a.status <> 'cumplido' AND a.due_on < @today))
  AND (@with_voided::bool OR a.voided_at IS NULL)
ORDER BY (a.status <> 'cumplido' AND a.due_on < @today) DESC, a.due_on, a.created_at
LIMIT @max_rows OFFSET @skip;

-- name: SetAcuerdoStatus :execrows
UPDATE acuerdos SET status = @status, completed_on = sqlc.narg(completed_on)
WHERE id = @id AND status = @from_status AND voided_at IS NULL;

-- name: CorrectAcuerdo :execrows
UPDATE acuerdos SET text_enc = @text_enc, responsible_institution = @responsible_institution, due_on = @due_on, version = version + 1
WHERE id = @id AND version = @version AND voided_at IS NULL;

-- name: VoidAcuerdo :execrows
UPDATE acuerdos SET voided_at = @voided_at, version = version + 1
WHERE id = @id AND version = @version AND voided_at IS NULL;

-- name: InsertAcuerdoUpdate :exec
INSERT INTO acuerdo_updates (acuerdo_id, session_id, status, note_enc, by_user, occurred_on, at) VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: ListAcuerdoUpdates :many
SELECT * FROM acuerdo_updates WHERE acuerdo_id = $1 ORDER BY id;
