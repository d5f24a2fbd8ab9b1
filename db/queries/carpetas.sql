-- name: InsertCarpeta :exec
INSERT INTO carpetas (id, dek_wrapped, dek_version, number_enc, number_bidx, institution_code, municipio_code, fiscalia_unit,
    started_on, caso_id, modalidad, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);

-- name: GetCarpetaScoped :one
SELECT * FROM carpetas
WHERE id = @id AND institution_code = @institution
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]));

-- name: FindCarpetasByNumber :many
-- A number is unique within a municipio's Fiscalía, so a statewide caller
-- may find one per municipio.
SELECT * FROM carpetas
WHERE number_bidx = @number_bidx AND institution_code = @institution
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (sqlc.narg(municipio)::text IS NULL OR municipio_code = sqlc.narg(municipio))
ORDER BY municipio_code
LIMIT 2;

-- name: ListCarpetas :many
SELECT * FROM carpetas
WHERE institution_code = @institution
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (sqlc.narg(status)::text IS NULL OR status = sqlc.narg(status))
  AND (sqlc.narg(modalidad)::text IS NULL OR modalidad = sqlc.narg(modalidad))
  AND (sqlc.narg(district)::text IS NULL OR judicial_district = sqlc.narg(district))
  AND (sqlc.narg(judicialized_from)::date IS NULL OR judicialized_on >= sqlc.narg(judicialized_from))
  AND (sqlc.narg(judicialized_to)::date IS NULL OR judicialized_on <= sqlc.narg(judicialized_to))
ORDER BY created_at DESC
LIMIT @max_rows OFFSET @skip;

-- name: SummarizeCarpetas :one
-- Carpetas and their imputados by sex, for the same filter as ListCarpetas.
SELECT count(DISTINCT c.id) AS carpetas,
       count(i.id) FILTER (WHERE i.sex = 'mujer') AS imputadas,
       count(i.id) FILTER (WHERE i.sex = 'hombre') AS imputados,
       count(i.id) AS imputados_total
FROM carpetas c LEFT JOIN imputados i ON i.carpeta_id = c.id AND i.voided_at IS NULL
WHERE c.institution_code = @institution
  AND (@all_municipios::bool OR c.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (sqlc.narg(status)::text IS NULL OR c.status = sqlc.narg(status))
  AND (sqlc.narg(modalidad)::text IS NULL OR c.modalidad = sqlc.narg(modalidad))
  AND (sqlc.narg(district)::text IS NULL OR c.judicial_district = sqlc.narg(district))
  AND (sqlc.narg(judicialized_from)::date IS NULL OR c.judicialized_on >= sqlc.narg(judicialized_from))
  AND (sqlc.narg(judicialized_to)::date IS NULL OR c.judicialized_on <= sqlc.narg(judicialized_to));

-- name: AdvanceCarpeta :execrows
UPDATE carpetas SET status = @to_status,
    judicialized_on = coalesce(sqlc.narg(judicialized_on)::date, judicialized_on),
    judicial_district = coalesce(sqlc.narg(judicial_district)::text, judicial_district),
    version = version + 1
WHERE id = @id AND status = @from_status;

-- name: InsertCarpetaEvent :exec
INSERT INTO carpeta_events (carpeta_id, status, occurred_on, judicial_district, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: ListCarpetaEvents :many
SELECT * FROM carpeta_events WHERE carpeta_id = $1 ORDER BY occurred_on, id;

-- name: AddCarpetaVictim :exec
INSERT INTO carpeta_victims (carpeta_id, victim_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: ListCarpetaVictims :many
SELECT v.id, v.folio, v.institution_code, v.municipio_code, v.identified_on, v.sex, v.age_at_identification, v.nationality,
       v.minor_at_time, v.denuncia_filed, v.erased_at, v.created_at
FROM carpeta_victims cv JOIN victims v ON v.id = cv.victim_id WHERE cv.carpeta_id = $1 ORDER BY v.folio;

-- name: VictimLinkedToCarpetaIn :one
-- Whether a víctima is in a carpeta of the institution in the municipios.
SELECT EXISTS (SELECT 1 FROM carpeta_victims cv JOIN carpetas c ON c.id = cv.carpeta_id
    WHERE cv.victim_id = @victim_id AND c.institution_code = @institution
      AND (@all_municipios::bool OR c.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[])));

-- name: ListVictimCarpetaEvents :many
-- The procedural events of every carpeta a víctima is in, for her timeline.
SELECT e.*, c.modalidad FROM carpeta_events e JOIN carpeta_victims cv ON cv.carpeta_id = e.carpeta_id
JOIN carpetas c ON c.id = e.carpeta_id
WHERE cv.victim_id = $1 ORDER BY e.occurred_on, e.id;

-- name: InsertImputado :exec
INSERT INTO imputados (id, carpeta_id, sex, age, nationality, names_enc, detained_on, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: RecordDetention :execrows
UPDATE imputados SET detained_on = @detained_on WHERE id = @id AND carpeta_id = @carpeta_id AND voided_at IS NULL;

-- name: ClearCarpetaMedios :exec
DELETE FROM carpeta_medios_comisivos WHERE carpeta_id = $1;

-- name: AddCarpetaMedios :exec
INSERT INTO carpeta_medios_comisivos (carpeta_id, medio) SELECT @carpeta_id, unnest(@medios::text[]);

-- name: ListCarpetaMedios :many
SELECT m.medio FROM carpeta_medios_comisivos m JOIN medios_comisivos c ON c.code = m.medio
WHERE m.carpeta_id = $1 ORDER BY c.position;

-- name: ListImputados :many
-- A carpeta's imputados, the voided ones too (they show as voided).
SELECT * FROM imputados WHERE carpeta_id = $1 ORDER BY created_at;

-- name: CorrectImputado :execrows
UPDATE imputados SET sex = @sex, age = sqlc.narg(age), nationality = sqlc.narg(nationality), names_enc = @names_enc, version = version + 1
WHERE id = @id AND carpeta_id = @carpeta_id AND version = @version AND voided_at IS NULL;

-- name: VoidImputado :execrows
UPDATE imputados SET voided_at = @voided_at, version = version + 1
WHERE id = @id AND carpeta_id = @carpeta_id AND version = @version AND voided_at IS NULL;

-- name: CountImputadoResoluciones :one
SELECT count(*) FROM resoluciones WHERE imputado_id = $1;

-- name: LockImputado :one
-- Locks an imputado until the transaction ends, so that voiding him and
-- naming him in a resolución happen one after the other: exclusive for the
-- voiding, shared for a resolución.
SELECT (voided_at IS NOT NULL)::bool AS voided FROM imputados WHERE id = @id AND carpeta_id = @carpeta_id FOR UPDATE;

-- name: ShareImputado :one
SELECT (voided_at IS NOT NULL)::bool AS voided FROM imputados WHERE id = @id AND carpeta_id = @carpeta_id FOR SHARE;

-- name: InsertResolucion :exec
INSERT INTO resoluciones (id, carpeta_id, imputado_id, kind, resolved_on, sentence_enc, reparation_ordered, reparation_cents, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: ListResoluciones :many
SELECT * FROM resoluciones WHERE carpeta_id = $1 ORDER BY resolved_on, created_at;

-- name: ListCarpetaKeysToRewrap :many
-- A batch of data keys wrapped by an older master key, skipping rows
-- another transaction holds.
SELECT id, dek_wrapped FROM carpetas
WHERE dek_version < @version
ORDER BY id
LIMIT @batch
FOR UPDATE SKIP LOCKED;

-- name: SetCarpetaKey :exec
UPDATE carpetas SET dek_wrapped = $2, dek_version = $3 WHERE id = $1;

-- name: CountCarpetaKeysBelow :one
SELECT count(*) FROM carpetas WHERE dek_version < $1;
