-- What Art. 40 IV of the state law asks the Fiscalía to count: the medios
-- comisivos of each carpeta (the means by which the victims were
-- subdued, Ley General Art. 10 and 13) and the detención of each
-- imputado, with its date.

-- +goose Up
CREATE TABLE medios_comisivos (
    code     text PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);
INSERT INTO medios_comisivos (code, name, position) VALUES
    ('engano', 'Engaño', 1),
    ('violencia_fisica', 'Violencia física', 2),
    ('violencia_moral', 'Violencia moral o amenazas', 3),
    ('abuso_poder', 'Abuso de poder', 4),
    ('vulnerabilidad', 'Aprovechamiento de una situación de vulnerabilidad', 5),
    ('dano_grave', 'Daño grave o amenaza de daño grave', 6),
    ('amenaza_denuncia_migratoria', 'Amenaza de denunciarle ante las autoridades por su situación migratoria', 7),
    ('uso_fuerza', 'Uso de la fuerza', 8),
    ('privacion_libertad', 'Privación de la libertad', 9),
    ('sustancias', 'Suministro de drogas o sustancias', 10),
    ('seduccion', 'Seducción o enamoramiento', 11),
    ('pago_beneficios', 'Concesión o recepción de pagos o beneficios', 12),
    ('otro', 'Otro', 13),
    ('sin_dato', 'Sin dato', 14);

CREATE TABLE carpeta_medios_comisivos (
    carpeta_id uuid NOT NULL REFERENCES carpetas (id),
    medio      text NOT NULL REFERENCES medios_comisivos (code),
    PRIMARY KEY (carpeta_id, medio)
);

ALTER TABLE carpeta_medios_comisivos ENABLE ROW LEVEL SECURITY;
CREATE POLICY carpeta_medios_comisivos_in_scope ON carpeta_medios_comisivos TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = carpeta_medios_comisivos.carpeta_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = carpeta_medios_comisivos.carpeta_id));

-- A detención is dated: the day the imputado was arrested.
ALTER TABLE imputados ADD COLUMN detained_on date;
CREATE INDEX imputados_detained_on ON imputados (detained_on) WHERE detained_on IS NOT NULL;

CREATE OR REPLACE VIEW catalog_entries AS
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

GRANT SELECT ON medios_comisivos TO sintra_app;
GRANT SELECT, INSERT, DELETE ON carpeta_medios_comisivos TO sintra_app;
GRANT UPDATE (detained_on) ON imputados TO sintra_app;

-- +goose Down
CREATE OR REPLACE VIEW catalog_entries AS
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
UNION ALL SELECT 'entidades',            code, name, position, active FROM entidades;
ALTER TABLE imputados DROP COLUMN detained_on;
DROP TABLE carpeta_medios_comisivos, medios_comisivos;
