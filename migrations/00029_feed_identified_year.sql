-- The feed sends each víctima's year of identification (not the date):
-- the CTDC microdata of a year are the víctimas identified in it, and a
-- national instance must release its fed entidades' too. Every víctima is
-- marked changed, so the next export sends her again with her year.

-- +goose Up
ALTER TABLE feed_victims ADD COLUMN identified_year int CHECK (identified_year BETWEEN 1900 AND 2100);

CREATE OR REPLACE VIEW counted_victims WITH (security_invoker = true) AS
    SELECT id, municipio_code, sex, age_at_identification, nationality, estado_civil, calidad_migratoria,
           indigenous_language, disability, minor_at_time, denuncia_filed,
           extract(year FROM identified_on)::int AS identified_year FROM victims
    UNION ALL
    SELECT id, municipio_code, sex, age_at_identification, nationality, estado_civil, calidad_migratoria,
           indigenous_language, disability, minor_at_time, denuncia_filed, identified_year FROM feed_victims;

DROP TRIGGER feed_victims ON victims;
CREATE TRIGGER feed_victims AFTER INSERT OR UPDATE OF municipio_code, sex, age_at_identification, nationality, estado_civil,
    calidad_migratoria, indigenous_language, disability, minor_at_time, denuncia_filed, identified_on
    ON victims FOR EACH ROW EXECUTE FUNCTION feed_record_changed('victima', 'id');

UPDATE feed_changes SET version = version + 1, txid = pg_current_xact_id()::text::bigint WHERE record_type = 'victima';

-- +goose Down
DROP TRIGGER feed_victims ON victims;
CREATE TRIGGER feed_victims AFTER INSERT OR UPDATE OF municipio_code, sex, age_at_identification, nationality, estado_civil,
    calidad_migratoria, indigenous_language, disability, minor_at_time, denuncia_filed
    ON victims FOR EACH ROW EXECUTE FUNCTION feed_record_changed('victima', 'id');
-- A view loses a column only by being made again.
DROP VIEW counted_victims;
CREATE VIEW counted_victims WITH (security_invoker = true) AS
    SELECT id, municipio_code, sex, age_at_identification, nationality, estado_civil, calidad_migratoria,
           indigenous_language, disability, minor_at_time, denuncia_filed FROM victims
    UNION ALL
    SELECT id, municipio_code, sex, age_at_identification, nationality, estado_civil, calidad_migratoria,
           indigenous_language, disability, minor_at_time, denuncia_filed FROM feed_victims;
GRANT SELECT ON counted_victims TO sintra_app;
ALTER TABLE feed_victims DROP COLUMN identified_year;
