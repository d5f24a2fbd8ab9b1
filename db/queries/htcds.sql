-- name: HTCDSVictims :many
-- The víctimas identified within the span in an entidad ('' every one),
-- erased or not (their statistical attributes outlive the erasure), with
-- what their expedientes and carpetas record of their exploitation: the
-- modalidades of their casos, the forms of recruitment of their casos and
-- the medios comisivos of their carpetas. Never a name, a folio, an id or a date.
SELECT v.sex, v.age_at_identification, coalesce(v.nationality, '')::text AS nationality, v.minor_at_time,
       coalesce((SELECT array_agg(DISTINCT m.modalidad ORDER BY m.modalidad)
                 FROM caso_victims cv JOIN caso_modalidades m ON m.caso_id = cv.caso_id
                 WHERE cv.victim_id = v.id), '{}')::text[] AS modalidades,
       coalesce((SELECT array_agg(DISTINCT k.recruitment_form ORDER BY k.recruitment_form)
                 FROM caso_victims cv JOIN casos k ON k.id = cv.caso_id
                 WHERE cv.victim_id = v.id AND k.recruitment_form IS NOT NULL), '{}')::text[] AS recruitment_forms,
       coalesce((SELECT array_agg(DISTINCT mc.medio ORDER BY mc.medio)
                 FROM carpeta_victims pv JOIN carpeta_medios_comisivos mc ON mc.carpeta_id = pv.carpeta_id
                 WHERE pv.victim_id = v.id), '{}')::text[] AS medios
FROM victims v
WHERE v.identified_on BETWEEN @starts_on::date AND @ends_on::date
  AND (@entidad::text = '' OR left(v.municipio_code, 2) = @entidad)
ORDER BY v.id;

-- name: GetHTCDSRelease :one
-- The year's microdata as first released for an entidad ('' the nation).
SELECT entidad, year, k, csv, csv_sha256, json, json_sha256, released_by, released_at
FROM htcds_releases WHERE entidad = @entidad AND year = @year;

-- name: InsertHTCDSRelease :execrows
-- Freezes the year's microdata for an entidad, unless another request
-- froze it first: then that one stands.
INSERT INTO htcds_releases (entidad, year, k, csv, csv_sha256, json, json_sha256, released_by, released_at)
VALUES (@entidad, @year, @k, @csv, @csv_sha256, @json, @json_sha256, sqlc.narg(released_by), @released_at)
ON CONFLICT (entidad, year) DO NOTHING;

-- name: FedMicrodata :many
-- An entidad's released rows of a year as its feed brought them; none
-- before it sends them.
SELECT k, rows FROM feed_microdata WHERE entidad = @entidad AND year = @year;

-- name: FedEntidades :many
-- The entidades this instance imports the feed of.
SELECT DISTINCT entidad FROM feed_imports ORDER BY 1;
