-- name: CountOverdueAcuerdos :one
-- Acuerdos in scope past their due date and not fulfilled.
SELECT count(*) FROM acuerdos a
WHERE (@all_municipios::bool OR a.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND a.voided_at IS NULL AND a.status <> 'cumplido' AND a.due_on < @today::date;

-- name: MunicipiosWithoutSession :many
-- Municipios in scope with casos under review that held no session of the
-- Grupo de Trabajo between two dates (the law asks for one a month). A
-- caso counts from its registration, so one registered after the month
-- does not make the month's session missing.
SELECT m.code FROM municipios m
WHERE (@all_municipios::bool OR m.code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND EXISTS (SELECT 1 FROM casos c WHERE c.municipio_code = m.code AND c.status <> 'concluido' AND c.created_at < @registered_before)
  AND NOT EXISTS (SELECT 1 FROM gt_sessions s WHERE s.municipio_code = m.code AND s.held_on >= @from_on::date AND s.held_on < @until_on::date)
ORDER BY m.code;

-- name: CountAuditFindingsSince :one
-- Findings detected since an instant about users who hold a role in one of
-- the domains, as ListAuditFindings scopes them.
SELECT count(*) FROM audit_findings f
WHERE f.detected_at >= @since
  AND (@all_municipios::bool
   OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = f.user_id
              AND (r.domain = ANY(@domains::text[]) OR r.domain = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))));
