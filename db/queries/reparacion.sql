-- name: LockResolucion :one
-- Locks a resolución of a carpeta until the transaction ends, so that the
-- payments against it are checked against its amount one after the other.
SELECT id, resolved_on, reparation_ordered, reparation_cents, version FROM resoluciones
WHERE id = @id AND carpeta_id = @carpeta_id FOR UPDATE;

-- name: SumReparationPaid :one
-- What has been paid against a resolución, voided payments left out.
SELECT coalesce(sum(amount_cents), 0)::bigint AS paid FROM reparation_payments
WHERE resolucion_id = $1 AND voided_at IS NULL;

-- name: InsertReparationPayment :exec
INSERT INTO reparation_payments (id, resolucion_id, carpeta_id, victim_id, paid_on, amount_cents, payer, institution_code,
    created_at, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: ListCarpetaReparationPayments :many
-- A carpeta's payments, the voided ones too (they show as voided).
SELECT * FROM reparation_payments WHERE carpeta_id = $1 ORDER BY paid_on, created_at;

-- name: GetReparationPayment :one
SELECT * FROM reparation_payments WHERE id = @id AND carpeta_id = @carpeta_id FOR UPDATE;

-- name: VoidReparationPayment :execrows
UPDATE reparation_payments SET voided_at = @voided_at, void_reason_code = @void_reason_code, void_reason_enc = @void_reason_enc,
    voided_by = @voided_by, voided_by_institution = @voided_by_institution, version = version + 1
WHERE id = @id AND carpeta_id = @carpeta_id AND version = @version AND voided_at IS NULL;

-- name: CorrectReparationAmount :execrows
UPDATE resoluciones SET reparation_cents = @reparation_cents, version = version + 1
WHERE id = @id AND carpeta_id = @carpeta_id AND version = @version AND reparation_ordered;

-- name: InsertReparationAmountChange :exec
INSERT INTO reparation_amount_changes (resolucion_id, carpeta_id, version, previous_cents, reason_code, reason_enc, by_user,
    by_institution, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: ReportReparacion :one
-- The reparación del daño of a period: the resoluciones resolved in it that
-- ordered reparación, with the amount they ordered; the payments made in it
-- and the resoluciones they were paid against; and, at its end, the
-- resoluciones resolved by then whose ordered amount is not paid in full by
-- then, with what remains. Voided payments count nowhere; payments beyond
-- an amount never make a balance negative.
WITH ordered AS (
    SELECT r.id, r.resolved_on, coalesce(r.reparation_cents, 0) AS cents
    FROM resoluciones r JOIN carpetas c ON c.id = r.carpeta_id
    WHERE r.reparation_ordered AND r.resolved_on <= @ends_on::date
      AND (@entidad::text = '' OR left(c.municipio_code, 2) = @entidad)
), paid_by_end AS (
    SELECT o.id, o.cents, coalesce(sum(p.amount_cents), 0)::bigint AS paid
    FROM ordered o LEFT JOIN reparation_payments p ON p.resolucion_id = o.id AND p.voided_at IS NULL AND p.paid_on <= @ends_on::date
    GROUP BY o.id, o.cents
), paid_in AS (
    SELECT p.resolucion_id, p.amount_cents FROM reparation_payments p JOIN ordered o ON o.id = p.resolucion_id
    WHERE p.voided_at IS NULL AND p.paid_on BETWEEN @starts_on::date AND @ends_on::date
)
SELECT
    (SELECT count(*) FROM ordered WHERE resolved_on >= @starts_on::date)::bigint AS ordered_resoluciones,
    (SELECT coalesce(sum(cents), 0) FROM ordered WHERE resolved_on >= @starts_on::date)::bigint AS ordered_cents,
    (SELECT count(DISTINCT resolucion_id) FROM paid_in)::bigint AS paid_resoluciones,
    (SELECT coalesce(sum(amount_cents), 0) FROM paid_in)::bigint AS paid_cents,
    (SELECT count(*) FROM paid_by_end WHERE cents > paid)::bigint AS pending_resoluciones,
    (SELECT coalesce(sum(cents - paid), 0) FROM paid_by_end WHERE cents > paid)::bigint AS pending_cents;
