-- The national feed (SINTRA's "carga automática de información"): a state
-- instance sends its records, pseudonymized and without personal data, to
-- the national instance, which counts them in its reports.
--
-- State side: feed_changes holds, for every record the feed sends, its
-- version and the transaction that last changed it or one of its parts
-- (triggers, in that same transaction). An export reads, in one snapshot,
-- the records changed by transactions from its watermark on, and its new
-- watermark is the oldest transaction still running when the snapshot was
-- taken (pg_snapshot_xmin): every transaction before it had committed or
-- rolled back, so its changes were in the snapshot; any transaction from it
-- on, even one that drew its id earlier than a committed one and commits
-- later, is read again by the next export. A record may so be sent twice,
-- never missed; the national side ignores a version it holds already.
--
-- National side: feed_* hold the records imported, keyed by (entidad,
-- pseudonym), with no personal data; counted_* are what the reports count:
-- the instance's own records and the imported ones, with the same columns.

-- +goose Up
CREATE TABLE feed_changes (
    record_type text   NOT NULL CHECK (record_type IN ('victima', 'caso', 'servicio', 'canalizacion', 'carpeta', 'actividad')),
    record_id   uuid   NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    -- The top-level transaction id (xid8, as a number) that last changed it.
    txid        bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    PRIMARY KEY (record_type, record_id)
);
CREATE INDEX feed_changes_txid ON feed_changes (txid, record_type, record_id);

-- feed_record_changed(kind, id column): the record named by the row's id
-- column changed in this transaction. Owned by the schema's owner, so the
-- application's role needs no write grant on feed_changes.
-- +goose StatementBegin
CREATE FUNCTION feed_record_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
    -- Named with its schema: a temporary table of the caller's session by
    -- the same name must not take the change.
    INSERT INTO public.feed_changes AS f (record_type, record_id)
    VALUES (TG_ARGV[0], (r ->> TG_ARGV[1])::uuid)
    ON CONFLICT (record_type, record_id)
    DO UPDATE SET version = f.version + 1, txid = pg_current_xact_id()::text::bigint;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER feed_victims AFTER INSERT OR UPDATE OF municipio_code, sex, age_at_identification, nationality, estado_civil,
    calidad_migratoria, indigenous_language, disability, minor_at_time, denuncia_filed
    ON victims FOR EACH ROW EXECUTE FUNCTION feed_record_changed('victima', 'id');
CREATE TRIGGER feed_casos AFTER INSERT OR UPDATE OF municipio_code, occurred_on, reported_on, recruitment_form, transport_mean,
    place_type, origin_country, destination_country, status
    ON casos FOR EACH ROW EXECUTE FUNCTION feed_record_changed('caso', 'id');
CREATE TRIGGER feed_caso_modalidades AFTER INSERT OR DELETE ON caso_modalidades
    FOR EACH ROW EXECUTE FUNCTION feed_record_changed('caso', 'caso_id');
CREATE TRIGGER feed_caso_victims AFTER INSERT OR DELETE ON caso_victims
    FOR EACH ROW EXECUTE FUNCTION feed_record_changed('caso', 'caso_id');
CREATE TRIGGER feed_caso_status_changes AFTER INSERT ON caso_status_changes
    FOR EACH ROW EXECUTE FUNCTION feed_record_changed('caso', 'caso_id');
CREATE TRIGGER feed_services AFTER INSERT OR UPDATE OF service_type, provided_on, quantity, institution_code, municipio_code, voided_at
    ON services FOR EACH ROW EXECUTE FUNCTION feed_record_changed('servicio', 'id');
CREATE TRIGGER feed_canalizaciones AFTER INSERT OR UPDATE OF from_institution, to_institution, municipio_code, service_type, status,
    sent_on, voided_at
    ON canalizaciones FOR EACH ROW EXECUTE FUNCTION feed_record_changed('canalizacion', 'id');
CREATE TRIGGER feed_canalizacion_transitions AFTER INSERT ON canalizacion_transitions
    FOR EACH ROW EXECUTE FUNCTION feed_record_changed('canalizacion', 'canalizacion_id');
CREATE TRIGGER feed_carpetas AFTER INSERT OR UPDATE OF municipio_code, started_on, modalidad, status, judicialized_on, judicial_district
    ON carpetas FOR EACH ROW EXECUTE FUNCTION feed_record_changed('carpeta', 'id');
CREATE TRIGGER feed_carpeta_victims AFTER INSERT OR DELETE ON carpeta_victims
    FOR EACH ROW EXECUTE FUNCTION feed_record_changed('carpeta', 'carpeta_id');
CREATE TRIGGER feed_carpeta_events AFTER INSERT ON carpeta_events
    FOR EACH ROW EXECUTE FUNCTION feed_record_changed('carpeta', 'carpeta_id');
CREATE TRIGGER feed_carpeta_medios_comisivos AFTER INSERT OR DELETE ON carpeta_medios_comisivos
    FOR EACH ROW EXECUTE FUNCTION feed_record_changed('carpeta', 'carpeta_id');
CREATE TRIGGER feed_imputados AFTER INSERT OR UPDATE OF sex, age, nationality, detained_on, voided_at
    ON imputados FOR EACH ROW EXECUTE FUNCTION feed_record_changed('carpeta', 'carpeta_id');
CREATE TRIGGER feed_resoluciones AFTER INSERT OR UPDATE OF kind, resolved_on, reparation_ordered, imputado_id
    ON resoluciones FOR EACH ROW EXECUTE FUNCTION feed_record_changed('carpeta', 'carpeta_id');
CREATE TRIGGER feed_activities AFTER INSERT OR UPDATE OF institution_code, tema, activity_type, name, held_on, all_municipios,
    actions, people_total, women, men, material, material_units, objective, voided_at
    ON activities FOR EACH ROW EXECUTE FUNCTION feed_record_changed('actividad', 'id');
CREATE TRIGGER feed_activity_municipios AFTER INSERT OR DELETE ON activity_municipios
    FOR EACH ROW EXECUTE FUNCTION feed_record_changed('actividad', 'activity_id');

-- The records there before the feed are sent by the first export.
INSERT INTO feed_changes (record_type, record_id)
          SELECT 'victima', id FROM victims
UNION ALL SELECT 'caso', id FROM casos
UNION ALL SELECT 'servicio', id FROM services
UNION ALL SELECT 'canalizacion', id FROM canalizaciones
UNION ALL SELECT 'carpeta', id FROM carpetas
UNION ALL SELECT 'actividad', id FROM activities;

-- National side. Each imported record: its entidad and pseudonym, an id
-- derived from both (so that records naming each other by pseudonym join
-- without a look-up), the version last applied, and, once retracted
-- (voided at the state), when. Municipios and institutions are those of
-- any entidad, checked by form only: the national catalog may not list
-- them; codes of the national catalogs are checked against them.
CREATE TABLE feed_victims (
    id                    uuid PRIMARY KEY,
    entidad               text NOT NULL CHECK (entidad ~ '^[0-9]{2}$'),
    pseudonym             text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
    version               bigint NOT NULL CHECK (version > 0),
    municipio_code        text NOT NULL CHECK (municipio_code ~ '^[0-9]{5}$' AND substr(municipio_code, 1, 2) = entidad),
    sex                   text NOT NULL CHECK (sex IN ('mujer', 'hombre', 'otro', 'no_especificado')),
    age_at_identification int CHECK (age_at_identification BETWEEN 0 AND 120),
    nationality           text REFERENCES countries (code),
    estado_civil          text NOT NULL,
    calidad_migratoria    text NOT NULL,
    indigenous_language   text REFERENCES indigenous_languages (code),
    disability            bool,
    minor_at_time         bool,
    denuncia_filed        bool,
    imported_at           timestamptz NOT NULL,
    UNIQUE (entidad, pseudonym)
);

CREATE TABLE feed_casos (
    id                  uuid PRIMARY KEY,
    entidad             text NOT NULL CHECK (entidad ~ '^[0-9]{2}$'),
    pseudonym           text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
    version             bigint NOT NULL CHECK (version > 0),
    municipio_code      text NOT NULL CHECK (municipio_code ~ '^[0-9]{5}$' AND substr(municipio_code, 1, 2) = entidad),
    occurred_on         date,
    reported_on         date,
    registered_on       date NOT NULL,
    recruitment_form    text REFERENCES recruitment_forms (code),
    transport_mean      text REFERENCES transport_means (code),
    place_type          text REFERENCES place_types (code),
    origin_country      text REFERENCES countries (code),
    destination_country text REFERENCES countries (code),
    status              text NOT NULL CHECK (status IN ('abierto', 'en_seguimiento', 'concluido')),
    modalidades         text[] NOT NULL,
    victim_ids          uuid[] NOT NULL,
    -- [{"status": …, "on": "YYYY-MM-DD"}], in order.
    status_changes      jsonb NOT NULL,
    imported_at         timestamptz NOT NULL,
    UNIQUE (entidad, pseudonym)
);

CREATE TABLE feed_services (
    id               uuid PRIMARY KEY,
    entidad          text NOT NULL CHECK (entidad ~ '^[0-9]{2}$'),
    pseudonym        text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
    version          bigint NOT NULL CHECK (version > 0),
    victim_id        uuid,
    service_type     text REFERENCES service_types (code),
    provided_on      date,
    quantity         int CHECK (quantity > 0 AND quantity <= 10000),
    institution_code text CHECK (institution_code ~ '^[A-Z0-9-]{2,30}$'),
    municipio_code   text CHECK (municipio_code ~ '^[0-9]{5}$' AND substr(municipio_code, 1, 2) = entidad),
    voided_at        timestamptz,
    imported_at      timestamptz NOT NULL,
    UNIQUE (entidad, pseudonym),
    -- A retraction keeps nothing but its key and version.
    CHECK ((voided_at IS NULL) = (victim_id IS NOT NULL AND service_type IS NOT NULL AND provided_on IS NOT NULL
        AND quantity IS NOT NULL AND institution_code IS NOT NULL AND municipio_code IS NOT NULL))
);
CREATE INDEX feed_services_provided_on ON feed_services (provided_on);

CREATE TABLE feed_canalizaciones (
    id               uuid PRIMARY KEY,
    entidad          text NOT NULL CHECK (entidad ~ '^[0-9]{2}$'),
    pseudonym        text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
    version          bigint NOT NULL CHECK (version > 0),
    from_institution text CHECK (from_institution ~ '^[A-Z0-9-]{2,30}$'),
    to_institution   text CHECK (to_institution ~ '^[A-Z0-9-]{2,30}$'),
    municipio_code   text CHECK (municipio_code ~ '^[0-9]{5}$' AND substr(municipio_code, 1, 2) = entidad),
    service_type     text REFERENCES service_types (code),
    sent_on          date,
    status           text,
    steps            jsonb,
    voided_at        timestamptz,
    imported_at      timestamptz NOT NULL,
    UNIQUE (entidad, pseudonym),
    CHECK ((voided_at IS NULL) = (from_institution IS NOT NULL AND to_institution IS NOT NULL AND municipio_code IS NOT NULL
        AND service_type IS NOT NULL AND sent_on IS NOT NULL AND status IS NOT NULL AND steps IS NOT NULL))
);

CREATE TABLE feed_carpetas (
    id                uuid PRIMARY KEY,
    entidad           text NOT NULL CHECK (entidad ~ '^[0-9]{2}$'),
    pseudonym         text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
    version           bigint NOT NULL CHECK (version > 0),
    municipio_code    text NOT NULL CHECK (municipio_code ~ '^[0-9]{5}$' AND substr(municipio_code, 1, 2) = entidad),
    started_on        date NOT NULL,
    modalidad         text NOT NULL REFERENCES modalidades (code),
    status            text NOT NULL,
    judicialized_on   date,
    judicial_district text,
    medios            text[] NOT NULL,
    victim_ids        uuid[] NOT NULL,
    -- [{"status", "on"}], [{"id", "sex", "age", "nationality", "detained_on"}],
    -- [{"id", "kind", "resolved_on", "reparation_ordered", "imputado_id"}].
    steps             jsonb NOT NULL,
    imputados         jsonb NOT NULL,
    resoluciones      jsonb NOT NULL,
    imported_at       timestamptz NOT NULL,
    UNIQUE (entidad, pseudonym)
);

CREATE TABLE feed_activities (
    id               uuid PRIMARY KEY,
    entidad          text NOT NULL CHECK (entidad ~ '^[0-9]{2}$'),
    pseudonym        text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
    version          bigint NOT NULL CHECK (version > 0),
    institution_code text CHECK (institution_code ~ '^[A-Z0-9-]{2,30}$'),
    tema             text CHECK (tema IN ('prevencion', 'combate', 'sancion')),
    activity_type    text REFERENCES activity_types (code),
    held_on          date,
    all_municipios   bool,
    municipios       text[],
    actions          int CHECK (actions BETWEEN 1 AND 100000),
    people_total     int CHECK (people_total >= 0),
    women            int CHECK (women >= 0),
    men              int CHECK (men >= 0),
    material_units   int CHECK (material_units >= 0),
    voided_at        timestamptz,
    imported_at      timestamptz NOT NULL,
    UNIQUE (entidad, pseudonym),
    CHECK ((voided_at IS NULL) = (institution_code IS NOT NULL AND tema IS NOT NULL AND activity_type IS NOT NULL
        AND held_on IS NOT NULL AND all_municipios IS NOT NULL AND municipios IS NOT NULL
        AND actions IS NOT NULL AND people_total IS NOT NULL))
);

-- State side: each batch exported, by its number in the series, with the
-- SHA-256 of its bytes that the next one names.
CREATE TABLE feed_exports (
    sequence    bigint PRIMARY KEY CHECK (sequence > 0),
    sha256      bytea NOT NULL,
    since       bigint NOT NULL,
    watermark   bigint NOT NULL,
    records     int NOT NULL,
    exported_at timestamptz NOT NULL
);

-- Each batch imported, by the SHA-256 of its bytes: its entidad, its
-- number in that entidad's series and the hash of the batch before it,
-- the watermark it brings the entidad to, and how many records it held.
CREATE TABLE feed_imports (
    sha256      bytea PRIMARY KEY,
    entidad     text NOT NULL CHECK (entidad ~ '^[0-9]{2}$'),
    sequence    bigint NOT NULL CHECK (sequence > 0),
    previous    bytea NOT NULL,
    since       bigint NOT NULL,
    watermark   bigint NOT NULL,
    records     int NOT NULL,
    applied     int NOT NULL,
    imported_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX feed_imports_entidad_sequence ON feed_imports (entidad, sequence);

-- What the reports count: the instance's own records and those imported.
-- A record is in the entidad of its municipio (the first two digits).
-- security_invoker: each reads its tables as the caller, row-level
-- security included.
CREATE VIEW counted_victims WITH (security_invoker = true) AS
    SELECT id, municipio_code, sex, age_at_identification, nationality, estado_civil, calidad_migratoria,
           indigenous_language, disability, minor_at_time, denuncia_filed FROM victims
    UNION ALL
    SELECT id, municipio_code, sex, age_at_identification, nationality, estado_civil, calidad_migratoria,
           indigenous_language, disability, minor_at_time, denuncia_filed FROM feed_victims;

CREATE VIEW counted_services WITH (security_invoker = true) AS
    SELECT id, victim_id, service_type, provided_on, quantity, institution_code, municipio_code, voided_at FROM services
    UNION ALL
    SELECT id, victim_id, service_type, provided_on, quantity, institution_code, municipio_code, voided_at FROM feed_services
    WHERE voided_at IS NULL;

CREATE VIEW counted_casos WITH (security_invoker = true) AS
    SELECT id, municipio_code, occurred_on, reported_on, (created_at AT TIME ZONE 'America/Cancun')::date AS registered_on,
           recruitment_form, transport_mean, place_type, origin_country, destination_country FROM casos
    UNION ALL
    SELECT id, municipio_code, occurred_on, reported_on, registered_on,
           recruitment_form, transport_mean, place_type, origin_country, destination_country FROM feed_casos;

CREATE VIEW counted_caso_modalidades WITH (security_invoker = true) AS
    SELECT caso_id, modalidad FROM caso_modalidades
    UNION ALL
    SELECT f.id, m.modalidad FROM feed_casos f CROSS JOIN LATERAL unnest(f.modalidades) AS m(modalidad);

CREATE VIEW counted_caso_victims WITH (security_invoker = true) AS
    SELECT caso_id, victim_id FROM caso_victims
    UNION ALL
    SELECT f.id, v.victim_id FROM feed_casos f CROSS JOIN LATERAL unnest(f.victim_ids) AS v(victim_id);

CREATE VIEW counted_caso_status_changes WITH (security_invoker = true) AS
    SELECT id, caso_id, to_status, changed_on FROM caso_status_changes
    UNION ALL
    SELECT s.n, f.id, s.e ->> 'status', (s.e ->> 'on')::date
    FROM feed_casos f CROSS JOIN LATERAL jsonb_array_elements(f.status_changes) WITH ORDINALITY AS s(e, n);

CREATE VIEW counted_canalizaciones WITH (security_invoker = true) AS
    SELECT id, from_institution, to_institution, municipio_code, service_type, sent_on, voided_at FROM canalizaciones
    UNION ALL
    SELECT id, from_institution, to_institution, municipio_code, service_type, sent_on, voided_at FROM feed_canalizaciones
    WHERE voided_at IS NULL;

CREATE VIEW counted_canalizacion_transitions WITH (security_invoker = true) AS
    SELECT id, canalizacion_id, to_status, occurred_on FROM canalizacion_transitions
    UNION ALL
    SELECT s.n, f.id, s.e ->> 'status', (s.e ->> 'on')::date
    FROM feed_canalizaciones f CROSS JOIN LATERAL jsonb_array_elements(f.steps) WITH ORDINALITY AS s(e, n)
    WHERE f.voided_at IS NULL;

CREATE VIEW counted_carpetas WITH (security_invoker = true) AS
    SELECT id, municipio_code, modalidad, judicialized_on, judicial_district FROM carpetas
    UNION ALL
    SELECT id, municipio_code, modalidad, judicialized_on, judicial_district FROM feed_carpetas;

CREATE VIEW counted_carpeta_medios_comisivos WITH (security_invoker = true) AS
    SELECT carpeta_id, medio FROM carpeta_medios_comisivos
    UNION ALL
    SELECT f.id, m.medio FROM feed_carpetas f CROSS JOIN LATERAL unnest(f.medios) AS m(medio);

CREATE VIEW counted_carpeta_events WITH (security_invoker = true) AS
    SELECT id, carpeta_id, status, occurred_on FROM carpeta_events
    UNION ALL
    SELECT s.n, f.id, s.e ->> 'status', (s.e ->> 'on')::date
    FROM feed_carpetas f CROSS JOIN LATERAL jsonb_array_elements(f.steps) WITH ORDINALITY AS s(e, n);

CREATE VIEW counted_carpeta_victims WITH (security_invoker = true) AS
    SELECT carpeta_id, victim_id FROM carpeta_victims
    UNION ALL
    SELECT f.id, v.victim_id FROM feed_carpetas f CROSS JOIN LATERAL unnest(f.victim_ids) AS v(victim_id);

CREATE VIEW counted_imputados WITH (security_invoker = true) AS
    SELECT id, carpeta_id, sex, age, nationality, detained_on, voided_at FROM imputados
    UNION ALL
    SELECT (i.e ->> 'id')::uuid, f.id, i.e ->> 'sex', (i.e ->> 'age')::int, i.e ->> 'nationality',
           (i.e ->> 'detained_on')::date, NULL::timestamptz
    FROM feed_carpetas f CROSS JOIN LATERAL jsonb_array_elements(f.imputados) AS i(e);

CREATE VIEW counted_resoluciones WITH (security_invoker = true) AS
    SELECT id, carpeta_id, imputado_id, kind, resolved_on, reparation_ordered FROM resoluciones
    UNION ALL
    SELECT (r.e ->> 'id')::uuid, f.id, (r.e ->> 'imputado_id')::uuid, r.e ->> 'kind', (r.e ->> 'resolved_on')::date,
           (r.e ->> 'reparation_ordered')::bool
    FROM feed_carpetas f CROSS JOIN LATERAL jsonb_array_elements(f.resoluciones) AS r(e);

-- An activity is in the entidad of its institution; one imported, in the
-- entidad of the feed it came by, and without its name, material and
-- objective: free text stays in the state.
CREATE VIEW counted_activities WITH (security_invoker = true) AS
    SELECT a.id, i.entidad_code AS entidad, a.institution_code, a.tema, a.activity_type, a.name, a.held_on, a.all_municipios,
           a.actions, a.people_total, a.women, a.men, a.material, a.material_units, a.objective, a.voided_at
    FROM activities a JOIN institutions i ON i.code = a.institution_code
    UNION ALL
    SELECT id, entidad, institution_code, tema, activity_type, ''::text, held_on, all_municipios, actions, people_total, women, men,
           ''::text, material_units, ''::text, voided_at FROM feed_activities
    WHERE voided_at IS NULL;

CREATE VIEW counted_activity_municipios WITH (security_invoker = true) AS
    SELECT activity_id, municipio_code FROM activity_municipios
    UNION ALL
    SELECT f.id, m.municipio_code FROM feed_activities f CROSS JOIN LATERAL unnest(f.municipios) AS m(municipio_code)
    WHERE f.voided_at IS NULL;

GRANT SELECT ON feed_changes TO sintra_app;
-- The application's role only reads what was imported: an import writes
-- as the owner role (sintra feed import, SINTRA_OWNER_DATABASE_URL), so a
-- flaw in the server cannot forge another entidad's figures.
GRANT SELECT ON feed_victims, feed_casos, feed_services, feed_canalizaciones, feed_carpetas, feed_activities TO sintra_app;
GRANT SELECT ON feed_imports TO sintra_app;
GRANT SELECT, INSERT ON feed_exports TO sintra_app;
GRANT SELECT ON counted_victims, counted_services, counted_casos, counted_caso_modalidades, counted_caso_victims,
    counted_caso_status_changes, counted_canalizaciones, counted_canalizacion_transitions, counted_carpetas,
    counted_carpeta_medios_comisivos, counted_carpeta_events, counted_carpeta_victims, counted_imputados,
    counted_resoluciones, counted_activities, counted_activity_municipios TO sintra_app;

-- Imported records follow the row-level security of the records they
-- mirror (migrations/00016 and 00023): a transaction sees those of the
-- municipios and entidades its setting names, an entidad standing for each
-- of its municipios (sintra_expand_domains), and the domains named
-- (sintra_domains) whether or not the national
-- catalog lists them; a retraction, which has no municipio, is seen by
-- whoever sees its entidad.
CREATE FUNCTION sintra_domains() RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(string_to_array(current_setting('sintra.municipios', true), ','), '{}') $$;

ALTER TABLE feed_victims ENABLE ROW LEVEL SECURITY;
CREATE POLICY feed_victims_in_scope ON feed_victims TO sintra_app
    USING ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE feed_casos ENABLE ROW LEVEL SECURITY;
CREATE POLICY feed_casos_in_scope ON feed_casos TO sintra_app
    USING ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE feed_services ENABLE ROW LEVEL SECURITY;
CREATE POLICY feed_services_in_scope ON feed_services TO sintra_app
    USING ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE feed_canalizaciones ENABLE ROW LEVEL SECURITY;
CREATE POLICY feed_canalizaciones_in_scope ON feed_canalizaciones TO sintra_app
    USING ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

ALTER TABLE feed_carpetas ENABLE ROW LEVEL SECURITY;
CREATE POLICY feed_carpetas_in_scope ON feed_carpetas TO sintra_app
    USING ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[])
           OR municipio_code = ANY ((SELECT sintra_domains())::text[]) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));

-- The national feed's liaison (enlace_nacional) pulls an entidad's batches
-- and imports them at the national instance; administrators do not.
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check,
    ADD CONSTRAINT user_roles_role_check CHECK (role IN ('admin', 'capturista', 'fiscalia', 'grupo_trabajo',
        'enlace', 'secretaria_tecnica', 'analista', 'auditor', 'enlace_nacional'));

-- +goose Down
DELETE FROM user_roles WHERE role = 'enlace_nacional';
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check,
    ADD CONSTRAINT user_roles_role_check CHECK (role IN ('admin', 'capturista', 'fiscalia', 'grupo_trabajo',
        'enlace', 'secretaria_tecnica', 'analista', 'auditor'));
DROP VIEW counted_victims, counted_services, counted_casos, counted_caso_modalidades, counted_caso_victims,
    counted_caso_status_changes, counted_canalizaciones, counted_canalizacion_transitions, counted_carpetas,
    counted_carpeta_medios_comisivos, counted_carpeta_events, counted_carpeta_victims, counted_imputados,
    counted_resoluciones, counted_activities, counted_activity_municipios;
DROP TABLE feed_exports, feed_imports, feed_activities, feed_carpetas, feed_canalizaciones, feed_services, feed_casos, feed_victims;
DROP FUNCTION sintra_domains();
DROP TRIGGER feed_victims ON victims;
DROP TRIGGER feed_casos ON casos;
DROP TRIGGER feed_caso_modalidades ON caso_modalidades;
DROP TRIGGER feed_caso_victims ON caso_victims;
DROP TRIGGER feed_caso_status_changes ON caso_status_changes;
DROP TRIGGER feed_services ON services;
DROP TRIGGER feed_canalizaciones ON canalizaciones;
DROP TRIGGER feed_canalizacion_transitions ON canalizacion_transitions;
DROP TRIGGER feed_carpetas ON carpetas;
DROP TRIGGER feed_carpeta_victims ON carpeta_victims;
DROP TRIGGER feed_carpeta_events ON carpeta_events;
DROP TRIGGER feed_carpeta_medios_comisivos ON carpeta_medios_comisivos;
DROP TRIGGER feed_imputados ON imputados;
DROP TRIGGER feed_resoluciones ON resoluciones;
DROP TRIGGER feed_activities ON activities;
DROP TRIGGER feed_activity_municipios ON activity_municipios;
DROP FUNCTION feed_record_changed();
DROP TABLE feed_changes;
