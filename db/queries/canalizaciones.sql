-- name: InsertCanalizacion :exec
INSERT INTO canalizaciones (id, victim_id, from_institution, to_institution, municipio_code, service_type, notes_enc,
    consent_override, override_reason_enc, sent_by, sent_on, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);

-- name: GetCanalizacion :one
-- A canalización its sender or its receiver may see, in the caller's
-- municipios; a voided one only its sender. One sent from another entidad
-- than the receiver's is the receiver's wherever it was sent from.
SELECT c.*, v.folio FROM canalizaciones c JOIN victims v ON v.id = c.victim_id
WHERE c.id = @id AND (c.from_institution = @institution OR c.to_institution = @institution AND c.voided_at IS NULL)
  AND (@all_municipios::bool OR c.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[])
       OR c.to_institution = @institution AND left(c.municipio_code, 2) <> (SELECT entidad_code FROM institutions WHERE code = @institution));

-- name: ListCanalizaciones :many
SELECT c.*, v.folio FROM canalizaciones c JOIN victims v ON v.id = c.victim_id
WHERE ((@received::bool AND c.to_institution = @institution) OR (@sent::bool AND c.from_institution = @institution))
  AND (@all_municipios::bool OR c.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[])
       OR @received::bool AND c.to_institution = @institution
          AND left(c.municipio_code, 2) <> (SELECT entidad_code FROM institutions WHERE code = @institution))
  AND (sqlc.narg(status)::text IS NULL OR c.status = sqlc.narg(status))
  AND (sqlc.narg(victim_id)::uuid IS NULL OR c.victim_id = sqlc.narg(victim_id))
  AND (sqlc.narg(sent_on_or_before)::date IS NULL OR c.sent_on <= sqlc.narg(sent_on_or_before))
  AND (c.voided_at IS NULL OR @with_voided::bool AND c.from_institution = @institution)
ORDER BY c.sent_on DESC, c.recorded_at DESC
LIMIT @max_rows OFFSET @skip;

-- name: CountCanalizaciones :one
SELECT count(*) FROM canalizaciones c
WHERE ((@received::bool AND c.to_institution = @institution) OR (@sent::bool AND c.from_institution = @institution))
  AND (@all_municipios::bool OR c.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[])
       OR @received::bool AND c.to_institution = @institution
          AND left(c.municipio_code, 2) <> (SELECT entidad_code FROM institutions WHERE code = @institution))
  AND (sqlc.narg(status)::text IS NULL OR c.status = sqlc.narg(status))
  AND (sqlc.narg(victim_id)::uuid IS NULL OR c.victim_id = sqlc.narg(victim_id))
  AND (sqlc.narg(sent_on_or_before)::date IS NULL OR c.sent_on <= sqlc.narg(sent_on_or_before))
  AND (c.voided_at IS NULL OR @with_voided::bool AND c.from_institution = @institution);

-- name: SetCanalizacionStatus :execrows
UPDATE canalizaciones SET status = @to_status, version = version + 1
WHERE id = @id AND status = @from_status AND voided_at IS NULL;

-- name: CorrectCanalizacion :execrows
-- Only while nobody has answered it: sent, neither accepted nor rejected.
UPDATE canalizaciones SET service_type = @service_type, sent_on = @sent_on, notes_enc = @notes_enc, version = version + 1
WHERE id = @id AND version = @version AND status = 'enviada' AND voided_at IS NULL;

-- name: VoidCanalizacion :execrows
UPDATE canalizaciones SET voided_at = @voided_at, version = version + 1
WHERE id = @id AND version = @version AND status = 'enviada' AND voided_at IS NULL;

-- name: InsertCanalizacionTransition :exec
INSERT INTO canalizacion_transitions (canalizacion_id, from_status, to_status, reason_enc, by_user, by_institution, occurred_on, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: ListCanalizacionTransitions :many
SELECT * FROM canalizacion_transitions WHERE canalizacion_id = $1 ORDER BY id;

-- name: ListVictimCanalizacionTransitions :many
-- Every transition of every canalización of a víctima, for her timeline.
SELECT t.*, c.from_institution, c.to_institution, c.service_type
FROM canalizacion_transitions t JOIN canalizaciones c ON c.id = t.canalizacion_id
WHERE c.victim_id = $1 AND c.voided_at IS NULL ORDER BY t.occurred_on, t.id;

-- name: InstitutionUsesSystem :one
SELECT uses_system FROM institutions WHERE code = $1;

-- name: ListVictimCanalizaciones :many
-- A víctima's canalizaciones, for her timeline.
SELECT id, from_institution, to_institution, service_type, sent_on, recorded_at
FROM canalizaciones WHERE victim_id = $1 AND voided_at IS NULL ORDER BY sent_on, recorded_at;
