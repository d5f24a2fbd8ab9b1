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
  AND (sqlc.narg(tema)::text IS NULL OR a.tema = sqlc.narg(tema))
  AND (sqlc.narg(activity_type)::text IS NULL OR a.activity_type = sqlc.narg(activity_type))
  AND (sqlc.narg(since)::date IS NULL OR a.held_on >= sqlc.narg(since))
  AND (sqlc.narg(until)::date IS NULL OR a.held_on <= sqlc.narg(until))
ORDER BY a.held_on DESC, a.created_at DESC
LIMIT @max_rows OFFSET @skip;

-- name: SummarizeActivities :one
SELECT count(*) AS activities, coalesce(sum(actions), 0)::bigint AS actions, coalesce(sum(people_total), 0)::bigint AS people,
       coalesce(sum(women), 0)::bigint AS women, coalesce(sum(men), 0)::bigint AS men
FROM activities a
WHERE (sqlc.narg(institution)::text IS NULL OR a.institution_code = sqlc.narg(institution))
  AND (sqlc.narg(tema)::text IS NULL OR a.tema = sqlc.narg(tema))
  AND (sqlc.narg(activity_type)::text IS NULL OR a.activity_type = sqlc.narg(activity_type))
  AND (sqlc.narg(since)::date IS NULL OR a.held_on >= sqlc.narg(since))
  AND (sqlc.narg(until)::date IS NULL OR a.held_on <= sqlc.narg(until));

-- name: ActivityTypeTemas :many
-- The tema each active activity type counts under by default.
SELECT code, tema FROM activity_types WHERE active;
