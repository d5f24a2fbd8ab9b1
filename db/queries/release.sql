-- name: ReleaseVictims :many
-- The víctimas attended (given a service) within the span, with the
-- attributes they are counted by.
SELECT v.id, v.sex, v.age_at_identification, coalesce(v.nationality, 'ZZ')::text AS nationality,
       coalesce((SELECT array_agg(DISTINCT coalesce(m.modalidad, 'sin_expediente'))
                 FROM caso_victims cv LEFT JOIN caso_modalidades m ON m.caso_id = cv.caso_id
                 WHERE cv.victim_id = v.id), '{sin_expediente}')::text[] AS modalidades
FROM victims v
WHERE v.id IN (SELECT victim_id FROM services WHERE provided_on BETWEEN @starts_on::date AND @ends_on::date)
ORDER BY v.id;

-- name: ReleaseServices :many
SELECT victim_id, service_type, institution_code, municipio_code, provided_on, quantity
FROM services WHERE provided_on BETWEEN @starts_on::date AND @ends_on::date
ORDER BY victim_id, provided_on, id;

-- name: ReleaseActivities :many
SELECT institution_code, tema, activity_type, held_on, actions, people_total,
       coalesce(women, 0)::int AS women, coalesce(men, 0)::int AS men
FROM activities WHERE held_on BETWEEN @starts_on::date AND @ends_on::date
ORDER BY held_on, id;

-- name: ReleaseCarpetas :many
-- Carpetas judicializadas within the span, with their imputados' sexes.
SELECT c.modalidad, coalesce(c.judicial_district, '')::text AS judicial_district, c.judicialized_on::date AS judicialized_on,
       coalesce((SELECT array_agg(i.sex ORDER BY i.id) FROM imputados i WHERE i.carpeta_id = c.id), '{}')::text[] AS imputados
FROM carpetas c WHERE c.judicialized_on BETWEEN @starts_on::date AND @ends_on::date
ORDER BY c.judicialized_on, c.id;

-- name: ReleaseRescued :many
-- The víctimas of carpetas judicializadas within the span, with the days
-- those carpetas were judicializadas.
SELECT v.sex, array_agg(c.judicialized_on ORDER BY c.judicialized_on)::date[] AS judicialized
FROM carpeta_victims cv JOIN carpetas c ON c.id = cv.carpeta_id JOIN victims v ON v.id = cv.victim_id
WHERE c.judicialized_on BETWEEN @starts_on::date AND @ends_on::date
GROUP BY v.id, v.sex ORDER BY v.id;

-- name: ReleaseCanalizaciones :many
-- Canalizaciones sent within the span, with every step taken, in order.
SELECT c.to_institution, c.sent_on,
       coalesce((SELECT array_agg(t.to_status ORDER BY t.occurred_on, t.id) FROM canalizacion_transitions t
                 WHERE t.canalizacion_id = c.id), '{}')::text[] AS steps,
       coalesce((SELECT array_agg(t.occurred_on ORDER BY t.occurred_on, t.id) FROM canalizacion_transitions t
                 WHERE t.canalizacion_id = c.id), '{}')::date[] AS step_dates
FROM canalizaciones c WHERE c.sent_on BETWEEN @starts_on::date AND @ends_on::date
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
WHERE s.held_on BETWEEN @starts_on::date AND @ends_on::date
ORDER BY s.held_on, a.id;
