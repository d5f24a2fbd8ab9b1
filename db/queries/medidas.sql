-- name: InsertMedidaProteccion :exec
INSERT INTO medidas_proteccion (id, victim_id, institution_code, municipio_code, measure_type, beneficiary, requested_by, requested_on,
    granting_authority, granted_on, starts_on, ends_on, status, observations_enc, family_enc, created_by, created_at)
VALUES (@id, @victim_id, @institution_code, @municipio_code, @measure_type, @beneficiary, @requested_by, @requested_on,
    @granting_authority, @granted_on, @starts_on, @ends_on, @status, @observations_enc, @family_enc, @created_by, @created_at);

-- name: ListVictimMedidasProteccion :many
SELECT * FROM medidas_proteccion WHERE victim_id = @victim_id ORDER BY requested_on, created_at;

-- name: GetMedidaProteccion :one
-- A medida of a víctima the institution registered (any institution's, for
-- any_institution), in the municipios of the scope.
SELECT * FROM medidas_proteccion
WHERE id = @id AND (@any_institution::bool OR institution_code = @institution)
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]));

-- name: UpdateMedidaProteccion :execrows
UPDATE medidas_proteccion SET granting_authority = @granting_authority, granted_on = @granted_on, starts_on = @starts_on,
    ends_on = @ends_on, status = @status, observations_enc = @observations_enc, family_enc = @family_enc, version = version + 1
WHERE id = @id AND version = @version;

-- name: VoidMedidaProteccion :execrows
UPDATE medidas_proteccion SET voided_at = @voided_at, void_reason_code = @void_reason_code, void_reason_enc = @void_reason_enc,
    voided_by = @voided_by, voided_by_institution = @voided_by_institution, version = version + 1
WHERE id = @id AND version = @version AND voided_at IS NULL;

-- name: SetMedidaProteccionRisk :execrows
UPDATE medidas_proteccion SET risk_level = @risk_level, assessed_on = @assessed_on, next_review_on = @next_review_on,
    version = version + 1
WHERE id = @id AND version = @version;

-- name: InsertMedidaProteccionEstado :exec
INSERT INTO medida_proteccion_estados (medida_id, status, occurred_on, changed_by, changed_at)
VALUES (@medida_id, @status, @occurred_on, @changed_by, @changed_at);

-- name: ListMedidaProteccionEstados :many
SELECT e.status, e.occurred_on, e.changed_by, u.display_name AS changed_by_name, e.changed_at
FROM medida_proteccion_estados e JOIN users u ON u.id = e.changed_by
WHERE e.medida_id = @medida_id ORDER BY e.occurred_on, e.id;

-- name: InsertMedidaProteccionEvaluacion :exec
INSERT INTO medida_proteccion_evaluaciones (id, medida_id, risk_level, assessed_on, next_review_on, notes_enc, assessed_by, created_at)
VALUES (@id, @medida_id, @risk_level, @assessed_on, @next_review_on, @notes_enc, @assessed_by, @created_at);

-- name: ListMedidaProteccionEvaluaciones :many
SELECT v.*, u.display_name AS assessed_by_name
FROM medida_proteccion_evaluaciones v JOIN users u ON u.id = v.assessed_by
WHERE v.medida_id = @medida_id ORDER BY v.assessed_on, v.created_at;

-- name: MedidasProteccionDueForReview :many
-- The medidas still asked for or in force, not voided, in the scope's municipios,
-- whose next risk review falls on or before a day (medidas_proteccion_due_review).
SELECT m.id, m.victim_id, v.folio, m.institution_code, m.municipio_code, m.measure_type, m.risk_level, m.next_review_on
FROM medidas_proteccion m JOIN victims v ON v.id = m.victim_id
WHERE m.status IN ('solicitada', 'otorgada', 'vigente') AND m.next_review_on IS NOT NULL AND m.next_review_on <= @due_on::date
  AND m.voided_at IS NULL
  AND (@any_institution::bool OR m.institution_code = @institution)
  AND (@all_municipios::bool OR m.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
ORDER BY m.next_review_on, m.id
LIMIT @max_rows OFFSET @skip;

-- name: CountMedidasProteccionDueForReview :one
SELECT count(*) FROM medidas_proteccion m
WHERE m.status IN ('solicitada', 'otorgada', 'vigente') AND m.next_review_on IS NOT NULL AND m.next_review_on <= @due_on::date
  AND m.voided_at IS NULL
  AND (@any_institution::bool OR m.institution_code = @institution)
  AND (@all_municipios::bool OR m.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]));

-- name: EraseVictimMedidasProteccionText :exec
-- Part of a víctima's erasure: the text sealed with her key goes too.
UPDATE medidas_proteccion SET observations_enc = NULL, family_enc = NULL, void_reason_enc = NULL WHERE victim_id = $1;

-- name: EraseVictimMedidasProteccionNotes :exec
UPDATE medida_proteccion_evaluaciones SET notes_enc = NULL
WHERE medida_id IN (SELECT id FROM medidas_proteccion WHERE victim_id = $1);

-- name: ReleaseMedidasProteccion :many
-- Medidas requested within the span, with every change of status and
-- every risk assessment, in order; a voided medida counts nowhere.
SELECT m.measure_type, m.beneficiary, m.municipio_code, m.requested_on,
       coalesce((SELECT array_agg(e.status ORDER BY e.occurred_on, e.id) FROM medida_proteccion_estados e
                 WHERE e.medida_id = m.id), '{}')::text[] AS steps,
       coalesce((SELECT array_agg(e.occurred_on ORDER BY e.occurred_on, e.id) FROM medida_proteccion_estados e
                 WHERE e.medida_id = m.id), '{}')::date[] AS step_dates,
       coalesce((SELECT array_agg(v.risk_level ORDER BY v.assessed_on, v.created_at) FROM medida_proteccion_evaluaciones v
                 WHERE v.medida_id = m.id), '{}')::text[] AS risks,
       coalesce((SELECT array_agg(v.assessed_on ORDER BY v.assessed_on, v.created_at) FROM medida_proteccion_evaluaciones v
                 WHERE v.medida_id = m.id), '{}')::date[] AS risk_dates
FROM medidas_proteccion m WHERE m.requested_on BETWEEN @starts_on::date AND @ends_on::date AND m.voided_at IS NULL
  AND (@entidad::text = '' OR left(m.municipio_code, 2) = @entidad)
ORDER BY m.requested_on, m.id;
