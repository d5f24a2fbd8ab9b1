-- The state's CTDC microdata travel with its feed: each year it releases
-- (htcds_releases, frozen once made) is sent as it was released, and the
-- nation's file at a national instance is made of those rows. A part made
-- again there from the fed records, on another day, could be set against
-- the state's own release to single out the víctimas registered between.

-- +goose Up
ALTER TABLE feed_changes DROP CONSTRAINT feed_changes_record_type_check,
    ADD CONSTRAINT feed_changes_record_type_check
        CHECK (record_type IN ('victima', 'caso', 'servicio', 'canalizacion', 'carpeta', 'actividad', 'microdatos'));

-- A release is named in the feed by a uuid made of its entidad and year.
CREATE FUNCTION htcds_release_id(entidad text, year int) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT md5('sintra-htcds:' || entidad || ':' || year)::uuid $$;

-- +goose StatementBegin
CREATE FUNCTION feed_htcds_released() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.entidad <> '' THEN
        INSERT INTO public.feed_changes (record_type, record_id)
        VALUES ('microdatos', public.htcds_release_id(NEW.entidad, NEW.year)) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER feed_htcds_releases AFTER INSERT ON htcds_releases FOR EACH ROW EXECUTE FUNCTION feed_htcds_released();

-- The releases there before are sent by the next export.
INSERT INTO feed_changes (record_type, record_id)
SELECT 'microdatos', htcds_release_id(entidad, year) FROM htcds_releases WHERE entidad <> '';

-- National side: an entidad's released rows, as its feed brought them.
CREATE TABLE feed_microdata (
    id          uuid PRIMARY KEY,
    entidad     text NOT NULL CHECK (entidad ~ '^[0-9]{2}$'),
    pseudonym   text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
    version     bigint NOT NULL CHECK (version > 0),
    year        int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    k           int NOT NULL CHECK (k >= 2),
    rows        jsonb NOT NULL CHECK (jsonb_typeof(rows) = 'array'),
    imported_at timestamptz NOT NULL,
    UNIQUE (entidad, pseudonym),
    UNIQUE (entidad, year)
);
GRANT SELECT ON feed_microdata TO sintra_app;
ALTER TABLE feed_microdata ENABLE ROW LEVEL SECURITY;
CREATE POLICY feed_microdata_in_scope ON feed_microdata TO sintra_app
    USING ((SELECT sintra_sees_all()) OR entidad = ANY ((SELECT sintra_domains())::text[]));

-- +goose Down
DROP TABLE feed_microdata;
DROP TRIGGER feed_htcds_releases ON htcds_releases;
DROP FUNCTION feed_htcds_released(), htcds_release_id(text, int);
DELETE FROM feed_changes WHERE record_type = 'microdatos';
ALTER TABLE feed_changes DROP CONSTRAINT feed_changes_record_type_check,
    ADD CONSTRAINT feed_changes_record_type_check
        CHECK (record_type IN ('victima', 'caso', 'servicio', 'canalizacion', 'carpeta', 'actividad'));
