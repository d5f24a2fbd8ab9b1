-- Spreadsheets of víctimas, expedientes and services an institution kept
-- before SINTRA, imported by its caseworkers. Each import is kept by the
-- SHA-256 of its file, per institution, so that importing the same file
-- again changes nothing. It holds counts only: no name, not even the
-- file's, which may name a person.

-- +goose Up
CREATE TABLE victim_imports (
    id               uuid PRIMARY KEY,
    institution_code text NOT NULL REFERENCES institutions (code),
    file_sha256      bytea NOT NULL CHECK (length(file_sha256) = 32),
    victims          int NOT NULL CHECK (victims >= 0),
    casos            int NOT NULL CHECK (casos >= 0),
    services         int NOT NULL CHECK (services >= 0),
    imported_at      timestamptz NOT NULL,
    imported_by      uuid NOT NULL REFERENCES users (id),
    UNIQUE (institution_code, file_sha256)
);

GRANT SELECT, INSERT ON victim_imports TO sintra_app;

-- +goose Down
DROP TABLE victim_imports;
