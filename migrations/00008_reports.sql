-- Reporting periods and issued (frozen) reports.

-- +goose Up
CREATE TABLE report_periods (
    id         uuid PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    kind       text NOT NULL CHECK (kind IN ('trimestral', 'anual')),
    starts_on  date NOT NULL,
    ends_on    date NOT NULL CHECK (ends_on >= starts_on),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES users (id)
);

-- A report as issued: its numbers, the version of the queries that made
-- them, and a hash, so that later corrections never change it silently.
CREATE TABLE issued_reports (
    id            uuid PRIMARY KEY,
    period_id     uuid NOT NULL REFERENCES report_periods (id),
    query_version int NOT NULL,
    data_version  bigint NOT NULL,
    -- The exact bytes that were hashed (json keeps the text as given).
    content       json NOT NULL,
    sha256        bytea NOT NULL,
    issued_at     timestamptz NOT NULL DEFAULT now(),
    issued_by     uuid NOT NULL REFERENCES users (id)
);
CREATE INDEX issued_reports_period ON issued_reports (period_id, issued_at DESC);

-- Issued reports are never changed: the application may only add them.
GRANT SELECT, INSERT ON report_periods, issued_reports TO sintra_app;

-- +goose Down
DROP TABLE issued_reports, report_periods;
