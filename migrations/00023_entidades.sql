-- Entidades federativas: one deployment serves several entidades, or the
-- nation. A municipio's INEGI code is five digits whose first two are its
-- entidad's, so every record keyed by a municipio is in that entidad and
-- needs no column of its own. Municipios of any entidad may be loaded by an
-- administrator, and institutions belong to an entidad (those seeded, to
-- Quintana Roo), so that a canalización may go to another state's. A role
-- is held in a municipio, an entidad or the nation.

-- +goose Up
ALTER TABLE municipios DROP CONSTRAINT municipios_code_check,
    ADD CONSTRAINT municipios_code_check CHECK (code ~ '^[0-9]{5}$'),
    ADD COLUMN entidad_code text GENERATED ALWAYS AS (substr(code, 1, 2)) STORED REFERENCES entidades (code),
    DROP CONSTRAINT municipios_name_key,
    ADD CONSTRAINT municipios_entidad_name_key UNIQUE (entidad_code, name);

ALTER TABLE institutions ADD COLUMN entidad_code text NOT NULL DEFAULT '23' REFERENCES entidades (code),
    DROP CONSTRAINT institutions_name_key,
    ADD CONSTRAINT institutions_entidad_name_key UNIQUE (entidad_code, name);
ALTER TABLE institutions ALTER COLUMN entidad_code DROP DEFAULT;

CREATE OR REPLACE VIEW catalog_entries AS
          SELECT 'municipios'          AS catalog, code, name, position, active, entidad_code AS entidad FROM municipios
UNION ALL SELECT 'instituciones',        code, name, position, active, entidad_code FROM institutions
UNION ALL SELECT 'distritos-judiciales', code, name, position, active, NULL FROM judicial_districts
UNION ALL SELECT 'modalidades',          code, name, position, active, NULL FROM modalidades
UNION ALL SELECT 'nacionalidades',       code, name, position, active, NULL FROM countries
UNION ALL SELECT 'tipos-servicio',       code, name, position, active, NULL FROM service_types
UNION ALL SELECT 'tipos-actividad',      code, name, position, active, NULL FROM activity_types
UNION ALL SELECT 'formas-enganche',      code, name, position, active, NULL FROM recruitment_forms
UNION ALL SELECT 'medios-transporte',    code, name, position, active, NULL FROM transport_means
UNION ALL SELECT 'tipos-lugar',          code, name, position, active, NULL FROM place_types
UNION ALL SELECT 'lenguas-indigenas',    code, name, position, active, NULL FROM indigenous_languages
UNION ALL SELECT 'entidades',            code, name, position, active, NULL FROM entidades
UNION ALL SELECT 'medios-comisivos',     code, name, position, active, NULL FROM medios_comisivos;

-- An administrator loads an entidad's municipios and adds institutions.
GRANT INSERT, UPDATE (name, position) ON municipios TO sintra_app;
GRANT INSERT ON institutions TO sintra_app;

-- A role is held in a municipio (five digits), in a whole entidad (two),
-- or nationally (*). The roles held statewide until now are held in
-- Quintana Roo, so that nobody of that state sees another's records.
ALTER TABLE user_roles DROP CONSTRAINT user_roles_domain_check;
UPDATE user_roles SET domain = '23' WHERE domain = '*';
UPDATE account_requests SET roles = (
    SELECT jsonb_agg(CASE WHEN r->>'domain' = '*' THEN jsonb_set(r, '{domain}', '"23"') ELSE r END ORDER BY n)
    FROM jsonb_array_elements(roles) WITH ORDINALITY AS held (r, n))
WHERE roles @> '[{"domain": "*"}]';
ALTER TABLE user_roles ADD CONSTRAINT user_roles_domain_check
    CHECK (domain = '*' OR domain ~ '^[0-9]{2}$' OR domain ~ '^[0-9]{5}$');

-- Row-level security: the setting sintra.municipios may name entidades,
-- each standing for every one of its municipios; the policies of
-- migration 00016 read it through sintra_municipios(). A query's scope
-- names them alike, expanded by the same function.
CREATE FUNCTION sintra_expand_domains(domains text[]) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_agg(code), '{}') FROM municipios WHERE code = ANY (domains) OR entidad_code = ANY (domains) $$;

CREATE OR REPLACE FUNCTION sintra_municipios() RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT sintra_expand_domains(string_to_array(current_setting('sintra.municipios', true), ',')) $$;

-- The caller's institution reaches, wherever they are, the canalizaciones
-- sent to it (to read and answer), the víctimas they refer (to read) and
-- the services it gave them: a canalización to another entidad's
-- institution is in its inbox.
CREATE FUNCTION sintra_institution() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_setting('sintra.institution', true), '') $$;

CREATE POLICY canalizaciones_received ON canalizaciones FOR SELECT TO sintra_app
    USING (to_institution = (SELECT sintra_institution()));
CREATE POLICY canalizaciones_answered ON canalizaciones FOR UPDATE TO sintra_app
    USING (to_institution = (SELECT sintra_institution()))
    WITH CHECK (to_institution = (SELECT sintra_institution()));
CREATE POLICY victims_canalizadas ON victims FOR SELECT TO sintra_app
    USING (EXISTS (SELECT 1 FROM canalizaciones c WHERE c.victim_id = victims.id AND c.to_institution = (SELECT sintra_institution())));
CREATE POLICY services_of_receiver ON services TO sintra_app
    USING (institution_code = (SELECT sintra_institution())
           AND EXISTS (SELECT 1 FROM canalizaciones c WHERE c.victim_id = services.victim_id AND c.to_institution = services.institution_code))
    WITH CHECK (institution_code = (SELECT sintra_institution())
           AND EXISTS (SELECT 1 FROM canalizaciones c WHERE c.victim_id = services.victim_id AND c.to_institution = services.institution_code));

-- A report is issued for an entidad or, with none (''), for the nation;
-- those issued until now are Quintana Roo's.
ALTER TABLE issued_reports ADD COLUMN entidad text NOT NULL DEFAULT '23' CHECK (entidad = '' OR entidad ~ '^[0-9]{2}$');
ALTER TABLE issued_reports ALTER COLUMN entidad DROP DEFAULT;

-- +goose Down
-- Going down needs a deployment of Quintana Roo alone: it fails while
-- another entidad's municipios or institutions are held.
ALTER TABLE issued_reports DROP COLUMN entidad;
DROP POLICY services_of_receiver ON services;
DROP POLICY victims_canalizadas ON victims;
DROP POLICY canalizaciones_answered ON canalizaciones;
DROP POLICY canalizaciones_received ON canalizaciones;
DROP FUNCTION sintra_institution();
CREATE OR REPLACE FUNCTION sintra_municipios() RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(string_to_array(current_setting('sintra.municipios', true), ','), '{}') $$;
DROP FUNCTION sintra_expand_domains(text[]);
ALTER TABLE user_roles DROP CONSTRAINT user_roles_domain_check;
UPDATE user_roles SET domain = '*' WHERE domain = '23';
UPDATE account_requests SET roles = (
    SELECT jsonb_agg(CASE WHEN r->>'domain' = '23' THEN jsonb_set(r, '{domain}', '"*"') ELSE r END ORDER BY n)
    FROM jsonb_array_elements(roles) WITH ORDINALITY AS held (r, n))
WHERE roles @> '[{"domain": "23"}]';
ALTER TABLE user_roles ADD CONSTRAINT user_roles_domain_check CHECK (domain = '*' OR domain ~ '^23[0-9]{3}$');
REVOKE INSERT ON institutions FROM sintra_app;
REVOKE INSERT, UPDATE (name, position) ON municipios FROM sintra_app;
DROP VIEW catalog_entries;
CREATE VIEW catalog_entries AS
          SELECT 'municipios'          AS catalog, code, name, position, active FROM municipios
UNION ALL SELECT 'instituciones',        code, name, position, active FROM institutions
UNION ALL SELECT 'distritos-judiciales', code, name, position, active FROM judicial_districts
UNION ALL SELECT 'modalidades',          code, name, position, active FROM modalidades
UNION ALL SELECT 'nacionalidades',       code, name, position, active FROM countries
UNION ALL SELECT 'tipos-servicio',       code, name, position, active FROM service_types
UNION ALL SELECT 'tipos-actividad',      code, name, position, active FROM activity_types
UNION ALL SELECT 'formas-enganche',      code, name, position, active FROM recruitment_forms
UNION ALL SELECT 'medios-transporte',    code, name, position, active FROM transport_means
UNION ALL SELECT 'tipos-lugar',          code, name, position, active FROM place_types
UNION ALL SELECT 'lenguas-indigenas',    code, name, position, active FROM indigenous_languages
UNION ALL SELECT 'entidades',            code, name, position, active FROM entidades
UNION ALL SELECT 'medios-comisivos',     code, name, position, active FROM medios_comisivos;
GRANT SELECT ON catalog_entries TO sintra_app;
ALTER TABLE institutions DROP CONSTRAINT institutions_entidad_name_key, ADD CONSTRAINT institutions_name_key UNIQUE (name),
    DROP COLUMN entidad_code;
ALTER TABLE municipios DROP CONSTRAINT municipios_entidad_name_key, ADD CONSTRAINT municipios_name_key UNIQUE (name),
    DROP COLUMN entidad_code,
    DROP CONSTRAINT municipios_code_check, ADD CONSTRAINT municipios_code_check CHECK (code ~ '^23[0-9]{3}$');
