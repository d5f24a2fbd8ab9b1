-- The facts behind a release of an entidad, given its code, or of the
-- nation, given "": a record is in the entidad of its municipio, an
-- activity in its institution's.

-- name: ReleaseVictims :many
-- The víctimas attended (given a service) within the span, with the
-- attributes they are counted by.
SELECT v.id, v.sex, v.age_at_identification, coalesce(v.nationality, 'ZZ')::text AS nationality,
       v.estado_civil, v.calidad_migratoria, coalesce(v.indigenous_language, 'ninguna')::text AS indigenous_language,
       v.disability, v.minor_at_time, v.denuncia_filed,
       coalesce((SELECT array_agg(DISTINCT coalesce(m.modalidad, 'sin_expediente'))
                 FROM counted_caso_victims cv LEFT JOIN counted_caso_modalidades m ON m.caso_id = cv.caso_id
                 WHERE cv.victim_id = v.id), '{sin_expediente}')::text[] AS modalidades
FROM counted_victims v
WHERE v.id IN (SELECT victim_id FROM counted_services WHERE provided_on BETWEEN @starts_on::date AND @ends_on::date AND voided_at IS NULL
               AND (@entidad::text = '' OR left(municipio_code, 2) = @entidad))
ORDER BY v.id;

-- name: ReleaseServices :many
SELECT victim_id, service_type, institution_code, municipio_code, provided_on, quantity
FROM counted_services WHERE provided_on BETWEEN @starts_on::date AND @ends_on::date AND voided_at IS NULL
  AND (@entidad::text = '' OR left(municipio_code, 2) = @entidad)
ORDER BY victim_id, provided_on, id;

-- name: ReleaseActivities :many
-- The activities of the span one by one, as the report lists them.
SELECT a.id, a.institution_code, a.tema, a.activity_type, a.name, a.held_on, a.all_municipios,
       coalesce((SELECT array_agg(m.municipio_code ORDER BY m.municipio_code) FROM counted_activity_municipios m
                 WHERE m.activity_id = a.id), '{}')::text[] AS municipios,
       a.actions, a.people_total, coalesce(a.women, 0)::int AS women, coalesce(a.men, 0)::int AS men,
       a.material, coalesce(a.material_units, 0)::int AS material_units, a.objective
FROM counted_activities a WHERE a.held_on BETWEEN @starts_on::date AND @ends_on::date AND a.voided_at IS NULL
  AND (@entidad::text = '' OR a.entidad = @entidad)
ORDER BY a.institution_code, a.held_on, a.id;

-- name: ReleaseCarpetas :many
-- Carpetas judicializadas within the span, with their medios comisivos,
-- every procedural step, and their imputados.
SELECT c.municipio_code, c.modalidad, coalesce(c.judicial_district, '')::text AS judicial_district,
       c.judicialized_on::date AS judicialized_on,
       coalesce((SELECT array_agg(m.medio ORDER BY m.medio) FROM counted_carpeta_medios_comisivos m WHERE m.carpeta_id = c.id),
                '{sin_dato}')::text[] AS medios,
       coalesce((SELECT array_agg(e.status ORDER BY e.occurred_on, e.id) FROM counted_carpeta_events e WHERE e.carpeta_id = c.id), '{}')::text[] AS steps,
       coalesce((SELECT array_agg(e.occurred_on ORDER BY e.occurred_on, e.id) FROM counted_carpeta_events e WHERE e.carpeta_id = c.id), '{}')::date[] AS step_dates,
       coalesce((SELECT array_agg(i.sex ORDER BY i.id) FROM counted_imputados i WHERE i.carpeta_id = c.id AND i.voided_at IS NULL), '{}')::text[] AS imputado_sexes,
       coalesce((SELECT array_agg(coalesce(i.age, -1) ORDER BY i.id) FROM counted_imputados i WHERE i.carpeta_id = c.id AND i.voided_at IS NULL), '{}')::int[] AS imputado_ages,
       coalesce((SELECT array_agg(coalesce(i.nationality, 'ZZ') ORDER BY i.id) FROM counted_imputados i WHERE i.carpeta_id = c.id AND i.voided_at IS NULL), '{}')::text[] AS imputado_nationalities
FROM counted_carpetas c WHERE c.judicialized_on BETWEEN @starts_on::date AND @ends_on::date
  AND (@entidad::text = '' OR left(c.municipio_code, 2) = @entidad)
ORDER BY c.judicialized_on, c.id;

-- name: ReleaseRescued :many
-- The víctimas of carpetas judicializadas within the span, with the days
-- those carpetas were judicializadas.
SELECT v.sex, array_agg(c.judicialized_on ORDER BY c.judicialized_on)::date[] AS judicialized
FROM counted_carpeta_victims cv JOIN counted_carpetas c ON c.id = cv.carpeta_id JOIN counted_victims v ON v.id = cv.victim_id
WHERE c.judicialized_on BETWEEN @starts_on::date AND @ends_on::date
  AND (@entidad::text = '' OR left(c.municipio_code, 2) = @entidad)
GROUP BY v.id, v.sex ORDER BY v.id;

-- name: ReleaseCanalizaciones :many
-- Canalizaciones sent within the span, with every step taken, in order.
SELECT c.to_institution, c.from_institution, c.service_type, c.municipio_code, c.sent_on,
       coalesce((SELECT array_agg(t.to_status ORDER BY t.occurred_on, t.id) FROM counted_canalizacion_transitions t
                 WHERE t.canalizacion_id = c.id), '{}')::text[] AS steps,
       coalesce((SELECT array_agg(t.occurred_on ORDER BY t.occurred_on, t.id) FROM counted_canalizacion_transitions t
                 WHERE t.canalizacion_id = c.id), '{}')::date[] AS step_dates
FROM counted_canalizaciones c WHERE c.sent_on BETWEEN @starts_on::date AND @ends_on::date AND c.voided_at IS NULL
  AND (@entidad::text = '' OR left(c.municipio_code, 2) = @entidad)
ORDER BY c.sent_on, c.id;

-- name: ReleaseAcuerdos :many
-- Acuerdos of the sessions held within the span, with every follow-up, in
-- order.
SELECT s.held_on, a.due_on,
       coalesce((SELECT array_agg(u.status ORDER BY u.occurred_on, u.id) FROM acuerdo_updates u
                 WHERE u.acuerdo_id = a.id), '{}')::text[] AS updates,
       coalesce((SELECT array_agg(u.occurred_on ORDER BY u.occurred_on, u.id) FROM acuerdo_updates u
                 WHERE u.acuerdo_id = a.id), '{}')::date[] AS update_dates
FROM acuerdos a JOIN gt_sessions s ON s.id = a.session_id
WHERE s.held_on BETWEEN @starts_on::date AND @ends_on::date AND a.voided_at IS NULL
  AND (@entidad::text = '' OR left(s.municipio_code, 2) = @entidad)
ORDER BY s.held_on, a.id;

-- name: ReleaseCasos :many
-- Casos dated within the span (by their denuncia or report, else the day
-- the events happened, else the day registered), with every status change.
SELECT k.municipio_code,
       coalesce(k.reported_on, k.occurred_on, k.registered_on)::date AS dated_on,
       coalesce((SELECT array_agg(m.modalidad ORDER BY m.modalidad) FROM counted_caso_modalidades m WHERE m.caso_id = k.id),
                '{sin_definir}')::text[] AS modalidades,
       coalesce(k.recruitment_form, 'sin_dato')::text AS recruitment_form, coalesce(k.transport_mean, 'sin_dato')::text AS transport_mean,
       coalesce(k.place_type, 'sin_dato')::text AS place_type, coalesce(k.origin_country, 'ZZ')::text AS origin_country,
       coalesce(k.destination_country, 'ZZ')::text AS destination_country,
       coalesce((SELECT array_agg(c.to_status ORDER BY c.changed_on, c.id) FROM counted_caso_status_changes c WHERE c.caso_id = k.id), '{}')::text[] AS steps,
       coalesce((SELECT array_agg(c.changed_on ORDER BY c.changed_on, c.id) FROM counted_caso_status_changes c WHERE c.caso_id = k.id), '{}')::date[] AS step_dates
FROM counted_casos k
WHERE coalesce(k.reported_on, k.occurred_on, k.registered_on) BETWEEN @starts_on::date AND @ends_on::date
  AND (@entidad::text = '' OR left(k.municipio_code, 2) = @entidad)
ORDER BY k.id;

-- name: ReleaseDetenciones :many
-- Imputados detained within the span.
SELECT c.municipio_code, c.modalidad, i.sex, i.age, coalesce(i.nationality, 'ZZ')::text AS nationality, i.detained_on::date AS detained_on
FROM counted_imputados i JOIN counted_carpetas c ON c.id = i.carpeta_id
WHERE i.detained_on BETWEEN @starts_on::date AND @ends_on::date AND i.voided_at IS NULL
  AND (@entidad::text = '' OR left(c.municipio_code, 2) = @entidad)
ORDER BY i.id;

-- name: ReleaseResoluciones :many
-- Resoluciones judiciales dictated within the span.
SELECT r.kind, r.resolved_on, r.reparation_ordered, c.modalidad, c.municipio_code,
       coalesce((SELECT i.sex FROM counted_imputados i WHERE i.id = r.imputado_id), 'sin_dato')::text AS imputado_sex
FROM counted_resoluciones r JOIN counted_carpetas c ON c.id = r.carpeta_id
WHERE r.resolved_on BETWEEN @starts_on::date AND @ends_on::date
  AND (@entidad::text = '' OR left(c.municipio_code, 2) = @entidad)
ORDER BY r.id;

-- name: ReportedEntidades :many
-- The entidades holding records the reports count: the nation's protected
-- views are made of theirs.
SELECT DISTINCT e::text AS entidad FROM (
    SELECT left(municipio_code, 2) AS e FROM counted_services
    UNION SELECT entidad FROM counted_activities
    UNION SELECT left(municipio_code, 2) FROM counted_casos
    UNION SELECT left(municipio_code, 2) FROM counted_carpetas
    UNION SELECT left(municipio_code, 2) FROM counted_canalizaciones
    UNION SELECT left(municipio_code, 2) FROM gt_sessions
    UNION SELECT left(municipio_code, 2) FROM reportes_ciudadanos
) held
ORDER BY 1;

-- name: CountedDataVersion :one
-- The version of the data the reports count, and the stamp drawn with it
-- (migrations/00028).
SELECT version, stamp FROM counted_data_version;
