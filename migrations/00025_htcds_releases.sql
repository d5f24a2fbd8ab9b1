-- The anonymized microdata of a year for the CTDC, as first released for an
-- entidad (or, with '', for the nation). Two files of one year that differ
-- by a late registration, a correction or an erasure could be subtracted
-- to isolate a person, so the first export is frozen and every later one
-- answers these same bytes: its CSV and JSON, each with its SHA-256, the k
-- it was made with, who released it and when.

-- +goose Up
CREATE TABLE htcds_releases (
    entidad      text NOT NULL CHECK (entidad = '' OR entidad ~ '^[0-9]{2}$'),
    year         int  NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    k            int  NOT NULL CHECK (k >= 2),
    csv          bytea NOT NULL,
    csv_sha256   bytea NOT NULL CHECK (length(csv_sha256) = 32),
    json         bytea NOT NULL,
    json_sha256  bytea NOT NULL CHECK (length(json_sha256) = 32),
    -- The user who released it; NULL for an operator at the command line.
    released_by  uuid REFERENCES users (id),
    released_at  timestamptz NOT NULL,
    PRIMARY KEY (entidad, year)
);

-- A release is never changed: the application may only add one and read it.
GRANT SELECT, INSERT ON htcds_releases TO sintra_app;

-- +goose Down
DROP TABLE htcds_releases;
