-- Spreadsheets of víctimas, expedientes and services an institution kept
-- before SINTRA, imported by its caseworkers. Each import is kept by the
-- SHA-256 of its file, per institution, so that importing the same file
-- again changes nothing. It holds counts only: no name, not even the
-- file's, which may name a person.
--
-- victim_matches finds the víctimas, in any municipio and institution of
-- the given entidades, a registration may duplicate, by blind index: each
-- entidad's records are its own, and a warning never tells another
-- entidad's caseworker that a person is registered in it. The transaction that
-- registers (or imports) is limited by row-level security to the caller's
-- rows; the function reaches past them, answering only what a duplicate
-- warning needs (id, folio, institution, municipio and the indexes that
-- matched, which the caller already has), never personal data, and only
-- in the entidades the caller's transaction reaches. The application
-- decides what of it the caller may learn.

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

-- The shape of a match, as a view with no rows (granted to no one), so
-- that the function's callers and sqlc know its columns.
CREATE VIEW victim_match AS
    SELECT id, folio, institution_code, municipio_code, curp_bidx, name_dob_bidx FROM victims WHERE false;

CREATE FUNCTION victim_matches(curp_bidxs bytea[], name_dob_bidxs bytea[], entidades text[], most int)
    RETURNS SETOF victim_match
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT v.id, v.folio, v.institution_code, v.municipio_code, v.curp_bidx, v.name_dob_bidx
        FROM public.victims v
        WHERE (v.curp_bidx = ANY (curp_bidxs) OR v.name_dob_bidx = ANY (name_dob_bidxs))
          AND left(v.municipio_code, 2) = ANY (entidades)
          -- and within the entidades the caller's transaction reaches,
          -- whatever it asks for
          AND (public.sintra_sees_all()
               OR left(v.municipio_code, 2) = ANY (SELECT left(m, 2) FROM unnest(public.sintra_municipios()) m))
        ORDER BY v.created_at, v.id
        LIMIT least(most, 250000)
    $$;

REVOKE ALL ON FUNCTION victim_matches(bytea[], bytea[], text[], int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION victim_matches(bytea[], bytea[], text[], int) TO sintra_app;

-- +goose Down
DROP FUNCTION victim_matches(bytea[], bytea[], text[], int);
DROP VIEW victim_match;
DROP TABLE victim_imports;
