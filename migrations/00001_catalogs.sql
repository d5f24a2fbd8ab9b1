-- Catalogs: the closed lists every record refers to. The owner role runs
-- migrations; the application role (sintra_app) only reads catalogs.

-- +goose Up
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sintra_app;
GRANT SELECT ON goose_db_version TO sintra_app;

CREATE TABLE municipios (
    code     text PRIMARY KEY CHECK (code ~ '^23[0-9]{3}$'),  -- INEGI clave
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

CREATE TABLE institutions (
    code     text PRIMARY KEY CHECK (code ~ '^[A-Z0-9-]{2,30}$'),
    name     text NOT NULL UNIQUE,
    -- integrante: member of the Comisión; invitado: permanent guest (2024 report, 1.1 and 1.2).
    membership text NOT NULL CHECK (membership IN ('integrante', 'invitado')),
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

CREATE TABLE judicial_districts (
    code     text PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

CREATE TABLE modalidades (
    code     text PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

CREATE TABLE countries (
    code     text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),  -- ISO 3166-1 alpha-2
    alpha3   text NOT NULL UNIQUE CHECK (alpha3 ~ '^[A-Z]{3}$'),
    name     text NOT NULL,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

CREATE TABLE service_types (
    code     text PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

CREATE TABLE activity_types (
    code     text PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    -- The report's row the type counts under by default.
    tema     text NOT NULL CHECK (tema IN ('prevencion', 'combate', 'sancion')),
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

CREATE TABLE recruitment_forms (
    code     text PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

CREATE TABLE transport_means (
    code     text PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

CREATE TABLE place_types (
    code     text PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);

-- One view over every catalog, keyed by the name the API uses.
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
UNION ALL SELECT 'tipos-lugar',          code, name, position, active FROM place_types;

GRANT SELECT ON municipios, institutions, judicial_districts, modalidades, countries,
    service_types, activity_types, recruitment_forms, transport_means, place_types,
    catalog_entries TO sintra_app;

INSERT INTO municipios (code, name, position) VALUES
    ('23001', 'Cozumel', 1),
    ('23002', 'Felipe Carrillo Puerto', 2),
    ('23003', 'Isla Mujeres', 3),
    ('23004', 'Othón P. Blanco', 4),
    ('23005', 'Benito Juárez', 5),
    ('23006', 'José María Morelos', 6),
    ('23007', 'Lázaro Cárdenas', 7),
    ('23008', 'Solidaridad', 8),
    ('23009', 'Tulum', 9),
    ('23010', 'Bacalar', 10),
    ('23011', 'Puerto Morelos', 11);

INSERT INTO institutions (code, name, membership, position) VALUES
    ('GOBERNACION-EDO', 'Gobernador(a) del Estado de Quintana Roo', 'integrante', 1),
    ('SEGOB', 'Secretaría de Gobierno', 'integrante', 2),
    ('SSC', 'Secretaría de Seguridad Ciudadana', 'integrante', 3),
    ('SESA', 'Secretaría de Salud', 'integrante', 4),
    ('SEBIEN', 'Secretaría del Bienestar', 'integrante', 5),
    ('SEQ', 'Secretaría de Educación', 'integrante', 6),
    ('SEDE', 'Secretaría de Desarrollo Económico', 'integrante', 7),
    ('SEDETUR', 'Secretaría de Turismo', 'integrante', 8),
    ('STPS', 'Secretaría del Trabajo y Previsión Social', 'integrante', 9),
    ('FGE', 'Fiscalía General del Estado', 'integrante', 10),
    ('DIF', 'Sistema para el Desarrollo Integral de la Familia', 'integrante', 11),
    ('PPNNA', 'Procuraduría de Protección de Niñas, Niños, Adolescentes y la Familia', 'integrante', 12),
    ('IQM', 'Instituto Quintanarroense de la Mujer', 'integrante', 13),
    ('PJ', 'Poder Judicial del Estado (Tribunal Superior de Justicia)', 'integrante', 14),
    ('PL', 'Poder Legislativo del Estado', 'integrante', 15),
    ('MUN-23005', 'Municipio de Benito Juárez', 'integrante', 16),
    ('MUN-23011', 'Municipio de Puerto Morelos', 'integrante', 17),
    ('MUN-23006', 'Municipio de José María Morelos', 'integrante', 18),
    ('MUN-23010', 'Municipio de Bacalar', 'integrante', 19),
    ('MUN-23001', 'Municipio de Cozumel', 'integrante', 20),
    ('MUN-23009', 'Municipio de Tulum', 'integrante', 21),
    ('MUN-23002', 'Municipio de Felipe Carrillo Puerto', 'integrante', 22),
    ('MUN-23007', 'Municipio de Lázaro Cárdenas', 'integrante', 23),
    ('MUN-23008', 'Municipio de Solidaridad', 'integrante', 24),
    ('MUN-23003', 'Municipio de Isla Mujeres', 'integrante', 25),
    ('MUN-23004', 'Municipio de Othón P. Blanco', 'integrante', 26),
    ('DIF-PH', 'Presidencia Honoraria del Sistema para el Desarrollo Integral de la Familia', 'invitado', 27),
    ('CDHEQROO', 'Comisión de los Derechos Humanos del Estado de Quintana Roo', 'invitado', 28),
    ('RED-POSITIVA', 'Red Positiva de Quintana Roo A.C.', 'invitado', 29),
    ('MESA-SJ', 'Mesa de Seguridad y Justicia para las Mujeres, Niñas, Niños y Adolescentes A.C.', 'invitado', 30),
    ('CEAVEQROO', 'Comisión Ejecutiva de Atención a Víctimas del Estado de Quintana Roo', 'invitado', 31),
    ('CEPSDPC', 'Centro Estatal de Prevención Social del Delito y Participación Ciudadana', 'invitado', 32),
    ('SE-SIPINNA', 'Secretaría Ejecutiva del Sistema Integral de Protección de Niñas, Niños y Adolescentes', 'invitado', 33),
    ('COBUPEQROO', 'Comisión de Búsqueda de Personas del Estado de Quintana Roo', 'invitado', 34),
    ('INMAYA', 'Instituto para el Desarrollo del Pueblo Maya y las Comunidades Indígenas del Estado de Quintana Roo', 'invitado', 35),
    ('INM', 'Oficina de Representación del Instituto Nacional de Migración en Quintana Roo', 'invitado', 36),
    ('OIT', 'Organización Internacional del Trabajo', 'invitado', 37),
    ('OIM', 'Organización Internacional para las Migraciones', 'invitado', 38);

INSERT INTO judicial_districts (code, name, position) VALUES
    ('CANCUN', 'Cancún', 1),
    ('CHETUMAL', 'Chetumal', 2),
    ('SOLIDARIDAD', 'Solidaridad', 3),
    ('COZUMEL', 'Cozumel', 4),
    ('FELIPE-CARRILLO-PUERTO', 'Felipe Carrillo Puerto', 5),
    ('JOSE-MARIA-MORELOS', 'José María Morelos', 6),
    ('KANTUNILKIN', 'Kantunilkín', 7),
    ('ISLA-MUJERES', 'Isla Mujeres', 8),
    ('TULUM', 'Tulum', 9),
    ('BACALAR', 'Bacalar', 10);

-- Law Art. 6 and the 2018 annex III.
INSERT INTO modalidades (code, name, position) VALUES
    ('explotacion_sexual', 'Prostitución ajena u otras formas de explotación sexual', 1),
    ('trabajos_forzados', 'Trabajos o servicios forzados', 2),
    ('mendicidad_forzosa', 'Mendicidad forzosa', 3),
    ('matrimonio_forzado', 'Matrimonio forzado o servil', 4),
    ('esclavitud', 'Esclavitud', 5),
    ('servidumbre', 'Servidumbre', 6),
    ('trabajo_infantil', 'Trabajo infantil nocivo o de menores de 14 años', 7),
    ('menores_actividades_delictivas', 'Utilización de personas menores de edad en actividades delictivas', 8),
    ('extraccion_organos', 'Extracción de órganos, tejidos o sus componentes', 9),
    ('sin_definir', 'Sin definir', 10);

INSERT INTO service_types (code, name, position) VALUES
    ('asesoria_juridica', 'Asesoría jurídica', 1),
    ('atencion_psicologica', 'Atención psicológica', 2),
    ('atencion_medica', 'Atención médica', 3),
    ('alimentos', 'Alimentos', 4),
    ('alojamiento', 'Alojamiento', 5),
    ('traslado', 'Traslado', 6),
    ('trabajo_social', 'Trabajo social', 7),
    ('traduccion_interpretacion', 'Traducción o interpretación', 8),
    ('repatriacion', 'Repatriación', 9),
    ('otro', 'Otro', 10);

INSERT INTO activity_types (code, name, tema, position) VALUES
    ('capacitacion', 'Capacitación: pláticas, conferencias y talleres', 'prevencion', 1),
    ('sensibilizacion', 'Sensibilización: pláticas y talleres', 'prevencion', 2),
    ('difusion_intangible', 'Difusión de materiales intangibles: campañas, infografías, banners, flyers', 'prevencion', 3),
    ('difusion_tangible', 'Difusión de materiales tangibles: trípticos, dípticos, stands informativos', 'prevencion', 4),
    ('jornada_informativa', 'Jornada informativa', 'prevencion', 5),
    ('operativo', 'Operativo', 'combate', 6),
    ('patrullaje', 'Patrullaje', 'combate', 7),
    ('recorrido', 'Recorrido', 'combate', 8),
    ('inspeccion', 'Inspección', 'combate', 9),
    ('visita', 'Visita', 'combate', 10),
    ('otra', 'Otra', 'prevencion', 11);

INSERT INTO recruitment_forms (code, name, position) VALUES
    ('oferta_laboral', 'Oferta de trabajo falsa o engañosa', 1),
    ('relacion_afectiva', 'Relación afectiva o enamoramiento', 2),
    ('redes_sociales', 'Contacto por redes sociales o internet', 3),
    ('familiar', 'Entrega o venta por familiares o conocidos', 4),
    ('privacion_libertad', 'Privación de la libertad', 5),
    ('coaccion', 'Amenaza o coacción', 6),
    ('deuda', 'Deuda', 7),
    ('otra', 'Otra', 8),
    ('sin_dato', 'Sin dato', 9);

INSERT INTO transport_means (code, name, position) VALUES
    ('autobus', 'Autobús', 1),
    ('vehiculo_particular', 'Vehículo particular', 2),
    ('taxi', 'Taxi o transporte por aplicación', 3),
    ('avion', 'Avión', 4),
    ('embarcacion', 'Embarcación', 5),
    ('a_pie', 'A pie', 6),
    ('otro', 'Otro', 7),
    ('sin_dato', 'Sin dato', 8);

INSERT INTO place_types (code, name, position) VALUES
    ('hotel_motel', 'Hotel o motel', 1),
    ('bar_cantina', 'Bar o cantina', 2),
    ('centro_nocturno', 'Centro nocturno o table dance', 3),
    ('casa_masajes', 'Casa de masajes o estética', 4),
    ('residencia', 'Residencia o casa habitación', 5),
    ('calle', 'Calle o vía pública', 6),
    ('pagina_web', 'Página web o redes sociales', 7),
    ('campo_agricola', 'Campo agrícola', 8),
    ('fabrica_taller', 'Fábrica o taller', 9),
    ('establecimiento_comercial', 'Establecimiento comercial', 10),
    ('otro', 'Otro', 11),
    ('sin_dato', 'Sin dato', 12);

-- +goose Down
DROP VIEW catalog_entries;
DROP TABLE place_types, transport_means, recruitment_forms, activity_types, service_types,
    countries, modalidades, judicial_districts, institutions, municipios;
REVOKE SELECT ON goose_db_version FROM sintra_app;
REVOKE USAGE ON SCHEMA public FROM sintra_app;
