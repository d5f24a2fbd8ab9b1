-- The national feed: what a state instance exports, and what the national
-- instance imports. Exports read in one snapshot (see migrations/00026).

-- name: FeedWatermark :one
-- The oldest transaction still running when this snapshot was taken: every
-- change by a transaction before it is in the snapshot.
SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS watermark;

-- name: FeedChanges :many
-- The records changed by transactions from a watermark on, after a key.
SELECT record_type, record_id, version, txid FROM feed_changes
WHERE txid >= @since::bigint AND (txid, record_type, record_id) > (@after_txid::bigint, @after_type::text, @after_id::uuid)
ORDER BY txid, record_type, record_id
LIMIT @batch;

-- name: FeedVictims :many
SELECT id, municipio_code, sex, age_at_identification, nationality, estado_civil, calidad_migratoria,
       indigenous_language, disability, minor_at_time, denuncia_filed
FROM victims WHERE id = ANY(@ids::uuid[]);

-- name: FeedCasos :many
SELECT k.id, k.municipio_code, k.occurred_on, k.reported_on, (k.created_at AT TIME ZONE 'America/Cancun')::date AS registered_on,
       k.recruitment_form, k.transport_mean, k.place_type, k.origin_country, k.destination_country, k.status,
       coalesce((SELECT array_agg(m.modalidad ORDER BY m.modalidad) FROM caso_modalidades m WHERE m.caso_id = k.id), '{}')::text[] AS modalidades,
       coalesce((SELECT array_agg(cv.victim_id ORDER BY cv.victim_id) FROM caso_victims cv WHERE cv.caso_id = k.id), '{}')::uuid[] AS victim_ids,
       coalesce((SELECT array_agg(c.to_status ORDER BY c.changed_on, c.id) FROM caso_status_changes c WHERE c.caso_id = k.id), '{}')::text[] AS steps,
       coalesce((SELECT array_agg(c.changed_on ORDER BY c.changed_on, c.id) FROM caso_status_changes c WHERE c.caso_id = k.id), '{}')::date[] AS step_dates
FROM casos k WHERE k.id = ANY(@ids::uuid[]);

-- name: FeedServices :many
SELECT id, victim_id, service_type, provided_on, quantity, institution_code, municipio_code, voided_at
FROM services WHERE id = ANY(@ids::uuid[]);

-- name: FeedCanalizaciones :many
SELECT c.id, c.from_institution, c.to_institution, c.municipio_code, c.service_type, c.sent_on, c.status, c.voided_at,
       coalesce((SELECT array_agg(t.to_status ORDER BY t.occurred_on, t.id) FROM canalizacion_transitions t
                 WHERE t.canalizacion_id = c.id), '{}')::text[] AS steps,
       coalesce((SELECT array_agg(t.occurred_on ORDER BY t.occurred_on, t.id) FROM canalizacion_transitions t
                 WHERE t.canalizacion_id = c.id), '{}')::date[] AS step_dates
FROM canalizaciones c WHERE c.id = ANY(@ids::uuid[]);

-- name: FeedCarpetas :many
SELECT c.id, c.municipio_code, c.started_on, c.modalidad, c.status, c.judicialized_on, c.judicial_district,
       coalesce((SELECT array_agg(m.medio ORDER BY m.medio) FROM carpeta_medios_comisivos m WHERE m.carpeta_id = c.id), '{}')::text[] AS medios,
       coalesce((SELECT array_agg(cv.victim_id ORDER BY cv.victim_id) FROM carpeta_victims cv WHERE cv.carpeta_id = c.id), '{}')::uuid[] AS victim_ids,
       coalesce((SELECT array_agg(e.status ORDER BY e.occurred_on, e.id) FROM carpeta_events e WHERE e.carpeta_id = c.id), '{}')::text[] AS steps,
       coalesce((SELECT array_agg(e.occurred_on ORDER BY e.occurred_on, e.id) FROM carpeta_events e WHERE e.carpeta_id = c.id), '{}')::date[] AS step_dates
FROM carpetas c WHERE c.id = ANY(@ids::uuid[]);

-- name: FeedImputados :many
-- The imputados of carpetas, those voided left out.
SELECT carpeta_id, id, sex, age, nationality, detained_on FROM imputados
WHERE carpeta_id = ANY(@carpeta_ids::uuid[]) AND voided_at IS NULL ORDER BY carpeta_id, id;

-- name: FeedResoluciones :many
SELECT carpeta_id, id, kind, resolved_on, reparation_ordered, imputado_id FROM resoluciones
WHERE carpeta_id = ANY(@carpeta_ids::uuid[]) ORDER BY carpeta_id, id;

-- name: FeedActivities :many
-- An activity is in the entidad of its institution.
SELECT a.id, (SELECT i.entidad_code FROM institutions i WHERE i.code = a.institution_code)::text AS entidad,
       a.institution_code, a.tema, a.activity_type, a.held_on, a.all_municipios,
       coalesce((SELECT array_agg(m.municipio_code ORDER BY m.municipio_code) FROM activity_municipios m
                 WHERE m.activity_id = a.id), '{}')::text[] AS municipios,
       a.actions, a.people_total, a.women, a.men, a.material_units, a.voided_at
FROM activities a WHERE a.id = ANY(@ids::uuid[]);

-- name: InsertFeedImport :execrows
-- A batch imported; nothing when the same bytes were imported before.
INSERT INTO feed_imports (sha256, entidad, generation, full_batch, generated_at, sequence, previous, since, watermark, records, applied,
    imported_at)
VALUES (@sha256, @entidad, @generation, @full_batch, @generated_at, @sequence, @previous, @since, @watermark, @records, @applied,
    @imported_at)
ON CONFLICT (sha256) DO NOTHING;

-- name: LastFeedImport :many
-- The last batch imported from an entidad: of its latest generation, the
-- highest number, with its hash and the latest instant a batch of the
-- entidad was made at (1970 for batches from before that was kept); none
-- before the first.
SELECT i.generation, i.sequence, i.sha256,
       coalesce((SELECT max(a.generated_at) FROM feed_imports a WHERE a.entidad = @entidad), 'epoch')::timestamptz AS made_at
FROM feed_imports i
WHERE i.entidad = @entidad
  AND i.generation = (SELECT l.generation FROM feed_imports l WHERE l.entidad = @entidad ORDER BY l.made DESC LIMIT 1)
ORDER BY i.sequence DESC LIMIT 1;

-- name: FeedGenerationImported :one
-- Whether a batch of an entidad's generation was imported.
SELECT EXISTS (SELECT 1 FROM feed_imports WHERE entidad = @entidad AND generation = @generation);

-- name: DeleteFeedRecordsOf :exec
-- An entidad's imported records, before a full batch replaces them. Its
-- CTDC microdata stay: a year released is released.
WITH v AS (DELETE FROM feed_victims WHERE feed_victims.entidad = @entidad),
     c AS (DELETE FROM feed_casos WHERE feed_casos.entidad = @entidad),
     s AS (DELETE FROM feed_services WHERE feed_services.entidad = @entidad),
     n AS (DELETE FROM feed_canalizaciones WHERE feed_canalizaciones.entidad = @entidad),
     k AS (DELETE FROM feed_carpetas WHERE feed_carpetas.entidad = @entidad)
DELETE FROM feed_activities WHERE feed_activities.entidad = @entidad;

-- name: LockFeedSeries :exec
-- Exports, or imports of one entidad, take their turn: each batch's number
-- and predecessor are read and written by one at a time.
SELECT pg_advisory_xact_lock(hashtext('sintra-feed:' || @series::text));

-- name: LastFeedExport :many
-- The last batch exported: of the latest generation, the highest number,
-- with its hash; none before the first.
SELECT e.generation, e.sequence, e.sha256 FROM feed_exports e
WHERE e.generation = (SELECT l.generation FROM feed_exports l ORDER BY l.made DESC LIMIT 1)
ORDER BY e.sequence DESC LIMIT 1;

-- name: InsertFeedExport :exec
INSERT INTO feed_exports (generation, full_batch, sequence, sha256, since, watermark, records, exported_at)
VALUES (@generation, @full_batch, @sequence, @sha256, @since, @watermark, @records, @exported_at);

-- name: FeedImportedBefore :one
SELECT EXISTS (SELECT 1 FROM feed_imports WHERE sha256 = @sha256);

-- name: LatestFeedWatermark :one
-- The furthest watermark imported from an entidad in its latest
-- generation (a restored state's transactions count again from the
-- backup's), or 0.
SELECT coalesce(max(i.watermark), 0)::bigint FROM feed_imports i
WHERE i.entidad = @entidad
  AND i.generation = (SELECT l.generation FROM feed_imports l WHERE l.entidad = @entidad ORDER BY l.made DESC LIMIT 1);

-- name: EntidadHasLocalRecords :one
-- Whether this instance holds an entidad's own víctimas, casos or
-- activities, which its feed would count a second time.
SELECT EXISTS (SELECT 1 FROM victims v WHERE left(v.municipio_code, 2) = @entidad::text)
    OR EXISTS (SELECT 1 FROM casos c WHERE left(c.municipio_code, 2) = @entidad::text)
    OR EXISTS (SELECT 1 FROM activities a JOIN institutions i ON i.code = a.institution_code WHERE i.entidad_code = @entidad::text);

-- name: UpsertFeedVictim :execrows
INSERT INTO feed_victims AS f (id, entidad, pseudonym, version, municipio_code, sex, age_at_identification, nationality,
    estado_civil, calidad_migratoria, indigenous_language, disability, minor_at_time, denuncia_filed, imported_at)
VALUES (@id, @entidad, @pseudonym, @version, @municipio_code, @sex, @age_at_identification, @nationality,
    @estado_civil, @calidad_migratoria, @indigenous_language, @disability, @minor_at_time, @denuncia_filed, @imported_at)
ON CONFLICT (entidad, pseudonym) DO UPDATE SET version = EXCLUDED.version, municipio_code = EXCLUDED.municipio_code,
    sex = EXCLUDED.sex, age_at_identification = EXCLUDED.age_at_identification, nationality = EXCLUDED.nationality,
    estado_civil = EXCLUDED.estado_civil, calidad_migratoria = EXCLUDED.calidad_migratoria,
    indigenous_language = EXCLUDED.indigenous_language, disability = EXCLUDED.disability,
    minor_at_time = EXCLUDED.minor_at_time, denuncia_filed = EXCLUDED.denuncia_filed, imported_at = EXCLUDED.imported_at
WHERE f.version < EXCLUDED.version;

-- name: UpsertFeedCaso :execrows
INSERT INTO feed_casos AS f (id, entidad, pseudonym, version, municipio_code, occurred_on, reported_on, registered_on,
    recruitment_form, transport_mean, place_type, origin_country, destination_country, status, modalidades, victim_ids,
    status_changes, imported_at)
VALUES (@id, @entidad, @pseudonym, @version, @municipio_code, @occurred_on, @reported_on, @registered_on,
    @recruitment_form, @transport_mean, @place_type, @origin_country, @destination_country, @status, @modalidades::text[],
    @victim_ids::uuid[], @status_changes, @imported_at)
ON CONFLICT (entidad, pseudonym) DO UPDATE SET version = EXCLUDED.version, municipio_code = EXCLUDED.municipio_code,
    occurred_on = EXCLUDED.occurred_on, reported_on = EXCLUDED.reported_on, registered_on = EXCLUDED.registered_on,
    recruitment_form = EXCLUDED.recruitment_form, transport_mean = EXCLUDED.transport_mean, place_type = EXCLUDED.place_type,
    origin_country = EXCLUDED.origin_country, destination_country = EXCLUDED.destination_country, status = EXCLUDED.status,
    modalidades = EXCLUDED.modalidades, victim_ids = EXCLUDED.victim_ids, status_changes = EXCLUDED.status_changes,
    imported_at = EXCLUDED.imported_at
WHERE f.version < EXCLUDED.version;

-- name: UpsertFeedService :execrows
-- A service, or with voided_at set and nothing else its retraction.
INSERT INTO feed_services AS f (id, entidad, pseudonym, version, victim_id, service_type, provided_on, quantity,
    institution_code, municipio_code, voided_at, imported_at)
VALUES (@id, @entidad, @pseudonym, @version, @victim_id, @service_type, @provided_on, @quantity,
    @institution_code, @municipio_code, @voided_at, @imported_at)
ON CONFLICT (entidad, pseudonym) DO UPDATE SET version = EXCLUDED.version, victim_id = EXCLUDED.victim_id,
    service_type = EXCLUDED.service_type, provided_on = EXCLUDED.provided_on, quantity = EXCLUDED.quantity,
    institution_code = EXCLUDED.institution_code, municipio_code = EXCLUDED.municipio_code, voided_at = EXCLUDED.voided_at,
    imported_at = EXCLUDED.imported_at
WHERE f.version < EXCLUDED.version;

-- name: UpsertFeedCanalizacion :execrows
INSERT INTO feed_canalizaciones AS f (id, entidad, pseudonym, version, from_institution, to_institution, municipio_code,
    service_type, sent_on, status, steps, voided_at, imported_at)
VALUES (@id, @entidad, @pseudonym, @version, @from_institution, @to_institution, @municipio_code,
    @service_type, @sent_on, @status, @steps, @voided_at, @imported_at)
ON CONFLICT (entidad, pseudonym) DO UPDATE SET version = EXCLUDED.version, from_institution = EXCLUDED.from_institution,
    to_institution = EXCLUDED.to_institution, municipio_code = EXCLUDED.municipio_code, service_type = EXCLUDED.service_type,
    sent_on = EXCLUDED.sent_on, status = EXCLUDED.status, steps = EXCLUDED.steps, voided_at = EXCLUDED.voided_at,
    imported_at = EXCLUDED.imported_at
WHERE f.version < EXCLUDED.version;

-- name: UpsertFeedCarpeta :execrows
INSERT INTO feed_carpetas AS f (id, entidad, pseudonym, version, municipio_code, started_on, modalidad, status,
    judicialized_on, judicial_district, medios, victim_ids, steps, imputados, resoluciones, imported_at)
VALUES (@id, @entidad, @pseudonym, @version, @municipio_code, @started_on, @modalidad, @status,
    @judicialized_on, @judicial_district, @medios::text[], @victim_ids::uuid[], @steps, @imputados, @resoluciones, @imported_at)
ON CONFLICT (entidad, pseudonym) DO UPDATE SET version = EXCLUDED.version, municipio_code = EXCLUDED.municipio_code,
    started_on = EXCLUDED.started_on, modalidad = EXCLUDED.modalidad, status = EXCLUDED.status,
    judicialized_on = EXCLUDED.judicialized_on, judicial_district = EXCLUDED.judicial_district, medios = EXCLUDED.medios,
    victim_ids = EXCLUDED.victim_ids, steps = EXCLUDED.steps, imputados = EXCLUDED.imputados,
    resoluciones = EXCLUDED.resoluciones, imported_at = EXCLUDED.imported_at
WHERE f.version < EXCLUDED.version;

-- name: UpsertFeedActivity :execrows
INSERT INTO feed_activities AS f (id, entidad, pseudonym, version, institution_code, tema, activity_type, held_on,
    all_municipios, municipios, actions, people_total, women, men, material_units, voided_at, imported_at)
VALUES (@id, @entidad, @pseudonym, @version, @institution_code, @tema, @activity_type, @held_on,
    @all_municipios, @municipios::text[], @actions, @people_total, @women, @men, @material_units,
    @voided_at, @imported_at)
ON CONFLICT (entidad, pseudonym) DO UPDATE SET version = EXCLUDED.version, institution_code = EXCLUDED.institution_code,
    tema = EXCLUDED.tema, activity_type = EXCLUDED.activity_type, held_on = EXCLUDED.held_on,
    all_municipios = EXCLUDED.all_municipios, municipios = EXCLUDED.municipios, actions = EXCLUDED.actions,
    people_total = EXCLUDED.people_total, women = EXCLUDED.women, men = EXCLUDED.men,
    material_units = EXCLUDED.material_units, voided_at = EXCLUDED.voided_at,
    imported_at = EXCLUDED.imported_at
WHERE f.version < EXCLUDED.version;

-- name: FeedMicrodata :many
-- An entidad's CTDC releases among ids, as they were released.
SELECT htcds_release_id(entidad, year)::uuid AS id, year, k, json FROM htcds_releases
WHERE entidad = @entidad::text AND htcds_release_id(entidad, year) = ANY(@ids::uuid[]);

-- name: UpsertFeedMicrodata :execrows
-- A year's microdata as first received stand: a state that released the
-- year again (after a restore from a backup, say) made a second file of
-- the same víctimas, which the nation's must not follow.
INSERT INTO feed_microdata (id, entidad, pseudonym, version, year, k, rows, imported_at)
VALUES (@id, @entidad, @pseudonym, @version, @year, @k, @rows, @imported_at)
ON CONFLICT (entidad, year) DO NOTHING;
