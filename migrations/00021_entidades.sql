-- Entidades federativas: one deployment serves several entidades, or the
-- nation. A municipio's INEGI code is five digits whose first two are its
-- entidad's, so every record keyed by a municipio is in that entidad and
-- needs no column of its own. Municipios of any entidad may be loaded by an
-- administrator, and institutions belong to an entidad (those seeded, to
-- Quintana Roo), so that a canalización may go to another state's.

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

-- +goose Down
-- Going down needs a deployment of Quintana Roo alone: it fails while
-- another entidad's municipios or institutions are held.
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
