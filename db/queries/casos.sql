-- name: InsertCaso :exec
INSERT INTO casos (id, folio, institution_code, municipio_code, occurred_on, reported_on, recruitment_form,
    transport_mean, place_type, origin_country, origin_entidad, origin_municipio, destination_country, destination_entidad,
    destination_municipio, dek_wrapped, dek_version, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20);

-- name: GetCasoScoped :one
SELECT * FROM casos
WHERE id = @id
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR institution_code = @institution::text);

-- name: ListCasosScoped :many
SELECT * FROM casos
WHERE (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR institution_code = @institution::text)
  AND (sqlc.narg(status)::text IS NULL OR status = sqlc.narg(status))
  AND (sqlc.narg(municipio)::text IS NULL OR municipio_code = sqlc.narg(municipio))
ORDER BY created_at DESC, id
LIMIT @max_rows OFFSET @skip;

-- name: CountCasosScoped :one
SELECT count(*) FROM casos
WHERE (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR institution_code = @institution::text)
  AND (sqlc.narg(status)::text IS NULL OR status = sqlc.narg(status))
  AND (sqlc.narg(municipio)::text IS NULL OR municipio_code = sqlc.narg(municipio));

-- name: UpdateCaso :execrows
UPDATE casos SET occurred_on = $2, reported_on = $3, recruitment_form = $4, transport_mean = $5, place_type = $6,
    origin_country = $7, origin_entidad = $8, origin_municipio = $9, destination_country = $10, destination_entidad = $11,
    destination_municipio = $12, version = version + 1, updated_at = @now::timestamptz
WHERE id = $1 AND version = @expected_version;

-- name: SetCasoStatus :execrows
UPDATE casos SET status = $2, version = version + 1, updated_at = @now::timestamptz
WHERE id = $1 AND version = @expected_version;

-- name: InsertCasoStatusChange :exec
INSERT INTO caso_status_changes (caso_id, from_status, to_status, reason_enc, changed_by, changed_on, changed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: ListCasoStatusChanges :many
SELECT * FROM caso_status_changes WHERE caso_id = $1 ORDER BY id;

-- name: DeleteCasoModalidades :exec
DELETE FROM caso_modalidades WHERE caso_id = $1;

-- name: InsertCasoModalidad :exec
INSERT INTO caso_modalidades (caso_id, modalidad) VALUES ($1, $2);

-- name: ListCasoModalidades :many
SELECT modalidad FROM caso_modalidades WHERE caso_id = $1 ORDER BY modalidad;

-- name: AddCasoVictim :exec
INSERT INTO caso_victims (caso_id, victim_id, added_at)
VALUES ($1, $2, $3) ON CONFLICT DO NOTHING;

-- name: ListCasoVictims :many
SELECT v.id, v.folio, v.institution_code, v.municipio_code, v.identified_on, v.sex, v.age_at_identification, v.nationality,
       v.minor_at_time, v.denuncia_filed, v.erased_at, v.created_at
FROM caso_victims cv JOIN victims v ON v.id = cv.victim_id
WHERE cv.caso_id = $1 ORDER BY v.folio;

-- name: GetCasoIDByFolioScoped :one
-- A caso named by folio, only within the caller's scope.
SELECT id FROM casos
WHERE folio = @folio
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR institution_code = @institution::text);
