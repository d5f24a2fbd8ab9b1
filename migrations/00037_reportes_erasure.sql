-- A reporte ciudadano's narrative, contact data and closing reason may name
-- a person who asks to be forgotten: its data key can be destroyed
-- (crypto-shredding), with the sealed texts, as a víctima's is. What the
-- statistics count of it (channel, who reported, classification,
-- modalidades, municipio, when it was received) stays in clear and keeps
-- counting.
--
-- The reports select reportes by their day in Quintana Roo's time. That
-- day is kept as a stored generated column (timezone(text, timestamptz)
-- and the cast to date are IMMUTABLE), indexed: an index on the expression
-- alone would serve the table's owner but not the application, since
-- row-level security evaluates its policy before any condition that is not
-- leakproof, and timezone() is not; a comparison of two dates is.

-- +goose Up
ALTER TABLE reportes_ciudadanos
    ALTER COLUMN dek_wrapped DROP NOT NULL,
    ALTER COLUMN dek_version DROP NOT NULL,
    ADD COLUMN erased_at timestamptz,
    ADD CONSTRAINT reportes_ciudadanos_erased CHECK ((erased_at IS NULL) = (dek_wrapped IS NOT NULL)),
    ADD CONSTRAINT reportes_ciudadanos_erased_texts CHECK (erased_at IS NULL
        OR narrative_enc IS NULL AND contact_enc IS NULL AND closing_reason_enc IS NULL);
GRANT UPDATE (erased_at) ON reportes_ciudadanos TO sintra_app;

ALTER TABLE reportes_ciudadanos
    ADD COLUMN received_on date NOT NULL GENERATED ALWAYS AS ((received_at AT TIME ZONE 'America/Cancun')::date) STORED;
CREATE INDEX reportes_ciudadanos_received_on ON reportes_ciudadanos (received_on);

-- +goose Down
DROP INDEX reportes_ciudadanos_received_on;
ALTER TABLE reportes_ciudadanos DROP COLUMN received_on;
REVOKE UPDATE (erased_at) ON reportes_ciudadanos FROM sintra_app;
DELETE FROM reportes_ciudadanos WHERE erased_at IS NOT NULL;
ALTER TABLE reportes_ciudadanos
    DROP CONSTRAINT reportes_ciudadanos_erased_texts,
    DROP CONSTRAINT reportes_ciudadanos_erased,
    DROP COLUMN erased_at,
    ALTER COLUMN dek_version SET NOT NULL,
    ALTER COLUMN dek_wrapped SET NOT NULL;
