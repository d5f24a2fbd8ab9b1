-- name: InsertService :exec
INSERT INTO services (id, victim_id, service_type, provided_on, quantity, institution_code, municipio_code, caseworker, notes_enc, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: InsertServicesBatch :batchexec
INSERT INTO services (id, victim_id, service_type, provided_on, quantity, institution_code, municipio_code, caseworker, notes_enc, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: ListVictimServices :many
SELECT * FROM services WHERE victim_id = @victim_id AND (@with_voided::bool OR voided_at IS NULL) ORDER BY provided_on, created_at;

-- name: GetService :one
-- A service the institution gave (any institution's, for any_institution),
-- in the municipios of the scope.
SELECT * FROM services
WHERE id = @id AND (@any_institution::bool OR institution_code = @institution)
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]));

-- name: CorrectService :execrows
UPDATE services SET service_type = @service_type, provided_on = @provided_on, quantity = @quantity, notes_enc = @notes_enc,
    version = version + 1
WHERE id = @id AND version = @version AND voided_at IS NULL;

-- name: VoidService :execrows
UPDATE services SET voided_at = @voided_at, version = version + 1
WHERE id = @id AND version = @version AND voided_at IS NULL;

-- name: ListInstitutionServices :many
-- An institution's services in its municipios, filtered, newest first.
SELECT s.id, s.victim_id, v.folio, s.service_type, s.provided_on, s.quantity, s.institution_code, s.municipio_code, s.created_at,
    s.version, s.voided_at
FROM services s JOIN victims v ON v.id = s.victim_id
WHERE s.institution_code = @institution
  AND (@all_municipios::bool OR s.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (sqlc.narg(service_type)::text IS NULL OR s.service_type = sqlc.narg(service_type))
  AND (sqlc.narg(since)::date IS NULL OR s.provided_on >= sqlc.narg(since))
  AND (sqlc.narg(until)::date IS NULL OR s.provided_on <= sqlc.narg(until))
  AND (@with_voided::bool OR s.voided_at IS NULL)
ORDER BY s.provided_on DESC, s.created_at DESC
LIMIT @max_rows OFFSET @skip;

-- name: SummarizeInstitutionServices :one
-- Rows, units and distinct víctimas of the same filter as ListInstitutionServices.
SELECT count(*) AS services, coalesce(sum(s.quantity), 0)::bigint AS units, count(DISTINCT s.victim_id) AS victims
FROM services s
WHERE s.institution_code = @institution
  AND (@all_municipios::bool OR s.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (sqlc.narg(service_type)::text IS NULL OR s.service_type = sqlc.narg(service_type))
  AND (sqlc.narg(since)::date IS NULL OR s.provided_on >= sqlc.narg(since))
  AND (sqlc.narg(until)::date IS NULL OR s.provided_on <= sqlc.narg(until))
  AND s.voided_at IS NULL;

-- name: EraseVictimNotes :exec
-- Part of a víctima's erasure: notes sealed with her key go too.
UPDATE services SET notes_enc = NULL WHERE victim_id = $1;

-- name: EraseVictimCanalizacionNotes :exec
UPDATE canalizaciones SET notes_enc = NULL, override_reason_enc = NULL WHERE victim_id = $1;

-- name: EraseVictimTransitionReasons :exec
UPDATE canalizacion_transitions SET reason_enc = NULL
WHERE canalizacion_id IN (SELECT id FROM canalizaciones WHERE victim_id = $1);
