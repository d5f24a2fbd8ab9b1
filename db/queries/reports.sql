-- name: InsertPeriod :exec
INSERT INTO report_periods (id, name, kind, starts_on, ends_on, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: GetPeriod :one
SELECT * FROM report_periods WHERE id = $1;

-- name: GetPeriodByName :one
SELECT * FROM report_periods WHERE name = $1;

-- name: ListPeriods :many
SELECT * FROM report_periods ORDER BY starts_on DESC, kind;

-- name: ListPeriodsWithin :many
-- The periods of a kind that lie within a date range, in order.
SELECT * FROM report_periods WHERE kind = $1 AND starts_on >= $2 AND ends_on <= $3 ORDER BY starts_on;

-- name: ListAnnualPeriodsCovering :many
SELECT * FROM report_periods WHERE kind = 'anual' AND starts_on <= $1 AND ends_on >= $2 ORDER BY starts_on;

-- name: InsertIssuedReport :exec
INSERT INTO issued_reports (id, period_id, entidad, query_version, data_version, content, sha256, issued_by, issued_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: GetIssuedReport :one
SELECT * FROM issued_reports WHERE id = $1;

-- name: ListIssuedReports :many
-- Issued reports of the entidades given ("" the nation's), or of all.
SELECT id, period_id, entidad, query_version, data_version, sha256, issued_at, issued_by FROM issued_reports
WHERE (sqlc.narg(period_id)::uuid IS NULL OR period_id = sqlc.narg(period_id))
  AND (sqlc.narg(entidades)::text[] IS NULL OR entidad = ANY(sqlc.narg(entidades)::text[]))
ORDER BY issued_at DESC LIMIT 200;

-- name: CountIssuedReportsWithin :one
-- Quarterly reports of an entidad ("" the nation) issued for periods within
-- a date range (the MIR's "informes realizados").
SELECT count(DISTINCT r.period_id) FROM issued_reports r JOIN report_periods p ON p.id = r.period_id
WHERE p.kind = 'trimestral' AND p.starts_on >= @starts_on AND p.ends_on <= @ends_on AND r.entidad = @entidad;

-- The report queries count an entidad's records, given its code, or the
-- nation's, given "": a record is in the entidad of its municipio, an
-- activity in its institution's.

-- name: ReportActivities :many
-- Activities of a period by tema and type.
SELECT tema, activity_type, sum(actions)::bigint AS actions, sum(people_total)::bigint AS people,
       coalesce(sum(women), 0)::bigint AS women, coalesce(sum(men), 0)::bigint AS men
FROM counted_activities WHERE held_on BETWEEN @starts_on::date AND @ends_on::date AND voided_at IS NULL
  AND (@entidad::text = '' OR entidad = @entidad)
GROUP BY tema, activity_type ORDER BY tema, activity_type;

-- name: ReportActivitiesByInstitution :many
SELECT institution_code, activity_type, sum(actions)::bigint AS actions, sum(people_total)::bigint AS people,
       coalesce(sum(women), 0)::bigint AS women, coalesce(sum(men), 0)::bigint AS men
FROM counted_activities WHERE held_on BETWEEN @starts_on::date AND @ends_on::date AND voided_at IS NULL
  AND (@entidad::text = '' OR entidad = @entidad)
GROUP BY institution_code, activity_type ORDER BY institution_code, activity_type;

-- name: ReportServices :many
-- Services of a period by type: units, and víctimas served (each counted
-- once per type, by grouping first: faster than count(DISTINCT)).
SELECT service_type, sum(units)::bigint AS units, count(*) AS victims
FROM (
    SELECT service_type, victim_id, sum(quantity) AS units
    FROM counted_services WHERE provided_on BETWEEN @starts_on::date AND @ends_on::date AND voided_at IS NULL
      AND (@entidad::text = '' OR left(municipio_code, 2) = @entidad)
    GROUP BY service_type, victim_id
) per_victim
GROUP BY service_type ORDER BY service_type;

-- name: ReportCombateServices :one
-- The victim-attention actions that count under Combate (legal assistance,
-- food, lodging): units, and the víctimas served by sex.
SELECT coalesce(sum(served.units), 0)::bigint AS units,
       count(*) AS victims,
       count(*) FILTER (WHERE v.sex = 'mujer') AS women,
       count(*) FILTER (WHERE v.sex = 'hombre') AS men
FROM (
    SELECT victim_id, sum(quantity) AS units
    FROM counted_services
    WHERE provided_on BETWEEN @starts_on::date AND @ends_on::date AND voided_at IS NULL AND service_type IN ('asesoria_juridica', 'alimentos', 'alojamiento')
      AND (@entidad::text = '' OR left(municipio_code, 2) = @entidad)
    GROUP BY victim_id
) served JOIN counted_victims v ON v.id = served.victim_id;

-- name: ReportVictimsAttended :many
-- The víctimas attended in a period (given any service), counted along
-- each dimension.
WITH attended AS (
    SELECT v.id, v.sex, v.age_at_identification AS age, coalesce(v.nationality, 'ZZ') AS nationality
    FROM counted_victims v
    WHERE v.id IN (SELECT victim_id FROM counted_services WHERE provided_on BETWEEN @starts_on::date AND @ends_on::date AND voided_at IS NULL
                   AND (@entidad::text = '' OR left(municipio_code, 2) = @entidad))
)
SELECT 'sexo'::text AS dimension, sex AS key, count(*) AS victims FROM attended GROUP BY sex
UNION ALL
SELECT 'grupo_edad', CASE WHEN age IS NULL THEN 'sin_dato' WHEN age < 12 THEN '0-11' WHEN age < 18 THEN '12-17'
    WHEN age < 30 THEN '18-29' WHEN age < 45 THEN '30-44' WHEN age < 60 THEN '45-59' ELSE '60+' END, count(*)
FROM attended GROUP BY 2
UNION ALL
SELECT 'nacionalidad', nationality, count(*) FROM attended GROUP BY nationality
UNION ALL
SELECT 'modalidad', coalesce(m.modalidad, 'sin_expediente'), count(DISTINCT a.id)
FROM attended a LEFT JOIN counted_caso_victims cv ON cv.victim_id = a.id LEFT JOIN counted_caso_modalidades m ON m.caso_id = cv.caso_id
GROUP BY 2
ORDER BY 1, 2;

-- name: ReportCanalizaciones :many
-- Canalizaciones sent in a period by receiving institution and by their
-- status at the period's end: the last step taken by then.
SELECT c.to_institution,
       coalesce((SELECT t.to_status FROM counted_canalizacion_transitions t
                 WHERE t.canalizacion_id = c.id AND t.occurred_on <= @ends_on::date
                 ORDER BY t.occurred_on DESC, t.id DESC LIMIT 1), 'enviada')::text AS status,
       count(*) AS canalizaciones
FROM counted_canalizaciones c WHERE c.sent_on BETWEEN @starts_on::date AND @ends_on::date AND c.voided_at IS NULL
  AND (@entidad::text = '' OR left(c.municipio_code, 2) = @entidad)
GROUP BY 1, 2 ORDER BY 1, 2;

-- name: ReportCarpetasJudicializadas :many
-- Carpetas judicializadas in a period along each dimension, with their
-- imputados by sex and the víctimas rescued by sex.
WITH judicializadas AS (
    SELECT id, modalidad, judicial_district FROM counted_carpetas WHERE judicialized_on BETWEEN @starts_on::date AND @ends_on::date
      AND (@entidad::text = '' OR left(municipio_code, 2) = @entidad)
)
SELECT 'modalidad'::text AS dimension, modalidad AS key, count(*) AS n FROM judicializadas GROUP BY modalidad
UNION ALL
SELECT 'distrito', judicial_district, count(*) FROM judicializadas GROUP BY judicial_district
UNION ALL
SELECT 'imputados', i.sex, count(*) FROM counted_imputados i JOIN judicializadas j ON j.id = i.carpeta_id WHERE i.voided_at IS NULL GROUP BY i.sex
UNION ALL
SELECT 'rescatadas', v.sex, count(DISTINCT v.id) FROM counted_carpeta_victims cv JOIN judicializadas j ON j.id = cv.carpeta_id
JOIN counted_victims v ON v.id = cv.victim_id GROUP BY v.sex
ORDER BY 1, 2;

-- name: ReportAcuerdos :many
-- Acuerdos taken in the period's sessions, by their status at its end (the
-- last follow-up by then); vencido when not cumplido by the due date, if
-- that date has passed by the period's end or, for a period not over yet,
-- by today.
WITH taken AS (
    SELECT a.due_on,
           coalesce((SELECT u.status FROM acuerdo_updates u WHERE u.acuerdo_id = a.id AND u.occurred_on <= @ends_on::date
                     ORDER BY u.occurred_on DESC, u.id DESC LIMIT 1), 'pendiente') AS status
    FROM acuerdos a JOIN gt_sessions s ON s.id = a.session_id
    WHERE s.held_on BETWEEN @starts_on::date AND @ends_on::date AND a.voided_at IS NULL
      AND (@entidad::text = '' OR left(s.municipio_code, 2) = @entidad)
)
SELECT (CASE WHEN status = 'cumplido' THEN 'cumplido' WHEN due_on < least(@ends_on::date, @today::date) THEN 'vencido' ELSE status END)::text AS status,
       count(*) AS acuerdos
FROM taken GROUP BY 1 ORDER BY 1;


-- name: SetReportMemory :exec
-- Room for a report's large aggregates, until its transaction ends.
SELECT set_config('work_mem', '64MB', true);

-- name: RowsSetting :one
-- The municipios and entidades the transaction's rows are limited to.
SELECT coalesce(current_setting('sintra.municipios', true), '')::text;

-- name: ExportSnapshot :one
-- The transaction's snapshot, exported for other transactions to read
-- the same records, with the settings that limit its rows.
SELECT pg_export_snapshot()::text AS snapshot,
       coalesce(current_setting('sintra.municipios', true), '')::text AS municipios,
       coalesce(current_setting('sintra.institution', true), '')::text AS institution;

-- name: LimitRowsTo :exec
-- Limits the rest of the transaction to the rows of the municipios and
-- entidades named.
SELECT set_config('sintra.municipios', @municipios::text, true);

-- name: ReportReportesCiudadanos :many
-- Reportes ciudadanos received in a period (by their day in Quintana
-- Roo's time) along each dimension: how many, how many classified as
-- posible trata, how many became a caso. Modalidades are those of the
-- reportes of posible trata.
WITH received AS (
    SELECT r.id, to_char(r.received_on, 'YYYY-MM') AS month, r.channel, r.reporter, r.classification,
           coalesce(r.hechos_municipio_code, 'no_especificado') AS municipio,
           r.classification = 'posible_trata' AS trata, r.status = 'convertido_en_caso' AS caso
    FROM reportes_ciudadanos r
    WHERE r.received_on BETWEEN @starts_on::date AND @ends_on::date
      AND (@entidad::text = '' OR left(r.municipio_code, 2) = @entidad)
)
SELECT 'mes'::text AS dimension, month::text AS key, count(*) AS reportes, count(*) FILTER (WHERE trata) AS trata,
       count(*) FILTER (WHERE caso) AS casos
FROM received GROUP BY month
UNION ALL
SELECT 'canal', channel, count(*), count(*) FILTER (WHERE trata), count(*) FILTER (WHERE caso) FROM received GROUP BY channel
UNION ALL
SELECT 'denunciante', reporter, count(*), count(*) FILTER (WHERE trata), count(*) FILTER (WHERE caso) FROM received GROUP BY reporter
UNION ALL
SELECT 'clasificacion', classification, count(*), count(*) FILTER (WHERE trata), count(*) FILTER (WHERE caso) FROM received GROUP BY classification
UNION ALL
SELECT 'municipio', municipio, count(*), count(*) FILTER (WHERE trata), count(*) FILTER (WHERE caso) FROM received GROUP BY municipio
UNION ALL
SELECT 'modalidad', coalesce(m.modalidad, 'sin_definir'), count(*), count(*), count(*) FILTER (WHERE x.caso)
FROM received x LEFT JOIN reporte_modalidades m ON m.reporte_id = x.id WHERE x.trata
GROUP BY 2
ORDER BY 1, 2;
