-- name: GetActivityImportBySHA :one
SELECT * FROM activity_imports WHERE file_sha256 = $1;

-- name: InsertActivityImport :exec
INSERT INTO activity_imports (id, file_sha256, filename, rows, imported_by, imported_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: InsertActivity :exec
INSERT INTO activities (id, institution_code, tema, activity_type, name, held_on, all_municipios, actions, people_total,
    women, men, material, material_units, objective, import_id, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17);

-- name: InsertActivityMunicipio :exec
INSERT INTO activity_municipios (activity_id, municipio_code) VALUES ($1, $2);

-- name: ListActivities :many
SELECT a.*, coalesce((SELECT array_agg(m.municipio_code ORDER BY m.municipio_code) FROM activity_municipios m
    WHERE m.activity_id = a.id), '{}')::text[] AS municipios
FROM activities a
WHERE (sqlc.narg(institution)::text IS NULL OR a.institution_code = sqlc.narg(institution))
  AND (sqlc.narg(entidades)::text[] IS NULL
       OR a.institution_code IN (SELECT code FROM institutions WHERE entidad_code = ANY(sqlc.narg(entidades)::text[])))
  AND (sqlc.narg(tema)::text IS NULL OR a.tema = sqlc.narg(tema))
  AND (sqlc.narg(activity_type)::text IS NULL OR a.activity_type = sqlc.narg(activity_type))
  AND (sqlc.narg(since)::date IS NULL OR a.held_on >= sqlc.narg(since))
  AND (sqlc.narg(until)::date IS NULL OR a.held_on <= sqlc.narg(until))
  AND (@with_voided::bool OR a.voided_at IS NULL)
ORDER BY a.held_on DESC, a.created_at DESC
LIMIT @max_rows OFFSET @skip;

-- name: SummarizeActivities :one
SELECT count(*) AS activities, coalesce(sum(actions), 0)::bigint AS actions, coalesce(sum(people_total), 0)::bigint AS people,
       coalesce(sum(women), 0)::bigint AS women, coalesce(sum(men), 0)::bigint AS men
FROM activities a
WHERE (sqlc.narg(institution)::text IS NULL OR a.institution_code = sqlc.narg(institution))
  AND (sqlc.narg(entidades)::text[] IS NULL
       OR a.institution_code IN (SELECT code FROM institutions WHERE entidad_code = ANY(sqlc.narg(entidades)::text[])))
  AND (sqlc.narg(tema)::text IS NULL OR a.tema = sqlc.narg(tema))
  AND (sqlc.narg(activity_type)::text IS NULL OR a.activity_type = sqlc.narg(activity_type))
  AND (sqlc.narg(since)::date IS NULL OR a.held_on >= sqlc.narg(since))
  AND (sqlc.narg(until)::date IS NULL OR a.held_on <= sqlc.narg(until))
  AND a.voided_at IS NULL;

-- name: ActivityTypeTemas :many
-- The tema each active activity type counts under by default.
SELECT code, tema FROM activity_types WHERE active;

-- name: GetActivity :one
SELECT a.*, coalesce((SELECT array_agg(m.municipio_code ORDER BY m.municipio_code) FROM activity_municipios m
    WHERE m.activity_id = a.id), '{}')::text[] AS municipios
FROM activities a WHERE a.id = $1;

-- name: CorrectActivity :execrows
UPDATE activities SET tema = @tema, activity_type = @activity_type, name = @name, held_on = @held_on, all_municipios = @all_municipios,
    actions = @actions, people_total = @people_total, women = sqlc.narg(women), men = sqlc.narg(men), material = @material,
    material_units = sqlc.narg(material_units), objective = @objective, version = version + 1
WHERE id = @id AND version = @version AND voided_at IS NULL;

-- name: ClearActivityMunicipios :exec
DELETE FROM activity_municipios WHERE activity_id = $1;

-- name: VoidActivity :execrows
UPDATE activities SET voided_at = @voided_at, version = version + 1
WHERE id = @id AND version = @version AND voided_at IS NULL;

-- name: SetActivityKey :exec
UPDATE activities SET dek_wrapped = $2, dek_version = $3 WHERE id = $1;

-- name: ListActivityKeysToRewrap :many
SELECT id, dek_wrapped FROM activities
WHERE dek_wrapped IS NOT NULL AND dek_version < @version
ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED;

-- name: CountActivityKeysBelow :one
SELECT count(*) FROM activities WHERE dek_wrapped IS NOT NULL AND dek_version < $1;
