-- The Grupo de Trabajo's sessions per municipio, their case reviews and
-- acuerdos (law Art. 29–32); and the política pública activities the
-- Comisión's institutions report (SINTRA module 3), with their imports.

-- +goose Up
CREATE TABLE gt_sessions (
    id             uuid PRIMARY KEY,
    municipio_code text NOT NULL REFERENCES municipios (code),
    held_on        date NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('ordinaria', 'extraordinaria')),
    minutes        text NOT NULL DEFAULT '' CHECK (length(minutes) <= 20000),
    version        int NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     uuid NOT NULL REFERENCES users (id)
);
CREATE INDEX gt_sessions_municipio ON gt_sessions (municipio_code, held_on DESC);

CREATE TABLE gt_session_institutions (
    session_id       uuid NOT NULL REFERENCES gt_sessions (id),
    institution_code text NOT NULL REFERENCES institutions (code),
    PRIMARY KEY (session_id, institution_code)
);

-- What the session reviewed of each caso: what each institution presented.
CREATE TABLE gt_reviews (
    id         uuid PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES gt_sessions (id),
    caso_id    uuid NOT NULL REFERENCES casos (id),
    summary    text NOT NULL DEFAULT '' CHECK (length(summary) <= 5000),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid NOT NULL REFERENCES users (id),
    UNIQUE (session_id, caso_id)
);

-- An agreed action; "vencido" is not stored: it is any acuerdo not
-- cumplido whose due date has passed.
CREATE TABLE acuerdos (
    id                      uuid PRIMARY KEY,
    session_id              uuid NOT NULL REFERENCES gt_sessions (id),
    caso_id                 uuid REFERENCES casos (id),
    municipio_code          text NOT NULL REFERENCES municipios (code),
    text                    text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    responsible_institution text NOT NULL REFERENCES institutions (code),
    due_on                  date NOT NULL,
    status                  text NOT NULL DEFAULT 'pendiente' CHECK (status IN ('pendiente', 'en_proceso', 'cumplido')),
    completed_on            date,
    created_at              timestamptz NOT NULL DEFAULT now(),
    created_by              uuid NOT NULL REFERENCES users (id),
    CHECK ((status = 'cumplido') = (completed_on IS NOT NULL))
);
CREATE INDEX acuerdos_municipio ON acuerdos (municipio_code, status, due_on);

-- The follow-up of an acuerdo from session to session.
CREATE TABLE acuerdo_updates (
    id         bigserial PRIMARY KEY,
    acuerdo_id uuid NOT NULL REFERENCES acuerdos (id),
    session_id uuid REFERENCES gt_sessions (id),
    status     text NOT NULL,
    note       text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    by_user    uuid NOT NULL REFERENCES users (id),
    at         timestamptz NOT NULL DEFAULT now()
);

-- An imported spreadsheet, by its SHA-256, so that importing it again changes nothing.
CREATE TABLE activity_imports (
    id          uuid PRIMARY KEY,
    file_sha256 bytea NOT NULL UNIQUE,
    filename    text NOT NULL DEFAULT '',
    rows        int NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    imported_by uuid NOT NULL REFERENCES users (id)
);

CREATE TABLE activities (
    id               uuid PRIMARY KEY,
    institution_code text NOT NULL REFERENCES institutions (code),
    tema             text NOT NULL CHECK (tema IN ('prevencion', 'combate', 'sancion')),
    activity_type    text NOT NULL REFERENCES activity_types (code),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    held_on          date NOT NULL,
    all_municipios   bool NOT NULL DEFAULT false,
    actions          int NOT NULL CHECK (actions BETWEEN 1 AND 100000),
    people_total     int NOT NULL CHECK (people_total >= 0),
    women            int CHECK (women >= 0),
    men              int CHECK (men >= 0),
    material         text NOT NULL DEFAULT '' CHECK (length(material) <= 300),
    material_units   int CHECK (material_units >= 0),
    objective        text NOT NULL DEFAULT '' CHECK (length(objective) <= 300),
    import_id        uuid REFERENCES activity_imports (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       uuid NOT NULL REFERENCES users (id),
    CHECK (coalesce(women, 0) + coalesce(men, 0) <= people_total)
);
CREATE INDEX activities_held_on ON activities (held_on);
CREATE INDEX activities_institution ON activities (institution_code, held_on);

CREATE TABLE activity_municipios (
    activity_id    uuid NOT NULL REFERENCES activities (id),
    municipio_code text NOT NULL REFERENCES municipios (code),
    PRIMARY KEY (activity_id, municipio_code)
);

GRANT SELECT, INSERT, UPDATE ON gt_sessions, acuerdos TO sintra_app;
GRANT SELECT, INSERT ON gt_session_institutions, gt_reviews, acuerdo_updates, activity_imports, activities, activity_municipios TO sintra_app;
GRANT USAGE ON SEQUENCE acuerdo_updates_id_seq TO sintra_app;

-- +goose Down
DROP TABLE activity_municipios, activities, activity_imports, acuerdo_updates, acuerdos, gt_reviews, gt_session_institutions, gt_sessions;
