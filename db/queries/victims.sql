-- name: NextFolios :one
-- Takes the next n numbers of the folio series of a municipio's entidad
-- and returns the last, with the entidad's folio prefix; the row stays
-- locked until the transaction ends, so numbers are handed out without
-- gaps.
INSERT INTO folio_counters AS f (kind, entidad_code, year, last) VALUES (@kind, left(@municipio::text, 2), @year, @n::int)
ON CONFLICT (kind, entidad_code, year) DO UPDATE SET last = f.last + @n::int
RETURNING f.last, (SELECT e.folio_prefix FROM entidades e WHERE e.code = f.entidad_code)::text AS prefix;

-- name: InsertVictim :exec
INSERT INTO victims (id, folio, institution_code, municipio_code, identified_on, sex, age_at_identification,
    nationality, estado_civil, calidad_migratoria, indigenous_language, disability, minor_at_time, denuncia_filed,
    dek_wrapped, dek_version, given_names_enc, first_surname_enc, second_surname_enc, alias_enc, curp_enc,
    birth_date_enc, address_enc, phone_enc, contacts_enc, notes_enc, curp_bidx, name_dob_bidx, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
    $24, $25, $26, $27, $28, $29, $30, $31);

-- name: InsertVictimsBatch :batchexec
INSERT INTO victims (id, folio, institution_code, municipio_code, identified_on, sex, age_at_identification,
    nationality, estado_civil, calidad_migratoria, indigenous_language, disability, minor_at_time, denuncia_filed,
    dek_wrapped, dek_version, given_names_enc, first_surname_enc, second_surname_enc, alias_enc, curp_enc,
    birth_date_enc, address_enc, phone_enc, contacts_enc, notes_enc, curp_bidx, name_dob_bidx, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
    $24, $25, $26, $27, $28, $29, $30, $31);

-- name: GetVictimScoped :one
-- A víctima within the caller's scope: one of the municipios (or all), and
-- the caller's institution unless any institution will do.
SELECT * FROM victims
WHERE id = @id
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR institution_code = @institution::text);

-- name: GetVictimForUpdate :one
SELECT * FROM victims WHERE id = $1 FOR UPDATE;

-- name: ListVictimsScoped :many
-- A page of the víctimas in scope, newest first, continuing after the
-- víctima @after when given: a keyset, so a page reads its own rows however
-- deep it lies. A víctima out of scope is no place to continue from (an
-- empty page): her position would tell when she was registered. Each row carries how many match in all, counted up to
-- @most (0 counts nothing: later pages keep the first page's total), in
-- the same statement.
SELECT v.id, v.folio, v.institution_code, v.municipio_code, v.identified_on, v.sex, v.age_at_identification, v.nationality,
       v.minor_at_time, v.denuncia_filed, v.erased_at, v.created_at,
       (SELECT count(*) FROM (SELECT 1 FROM victims c
        WHERE (@all_municipios::bool OR c.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
          AND (@any_institution::bool OR c.institution_code = @institution::text)
          AND (sqlc.narg(sex)::text IS NULL OR c.sex = sqlc.narg(sex))
          AND (sqlc.narg(nationality)::text IS NULL OR c.nationality = sqlc.narg(nationality))
          AND (sqlc.narg(municipio)::text IS NULL OR c.municipio_code = sqlc.narg(municipio))
          AND (sqlc.narg(minor)::bool IS NULL OR c.minor_at_time = sqlc.narg(minor))
          AND (sqlc.narg(identified_from)::date IS NULL OR c.identified_on >= sqlc.narg(identified_from))
          AND (sqlc.narg(identified_to)::date IS NULL OR c.identified_on <= sqlc.narg(identified_to))
        LIMIT @most) AS counted)::int AS matches
FROM victims v
WHERE (@all_municipios::bool OR v.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR v.institution_code = @institution::text)
  AND (sqlc.narg(sex)::text IS NULL OR v.sex = sqlc.narg(sex))
  AND (sqlc.narg(nationality)::text IS NULL OR v.nationality = sqlc.narg(nationality))
  AND (sqlc.narg(municipio)::text IS NULL OR v.municipio_code = sqlc.narg(municipio))
  AND (sqlc.narg(minor)::bool IS NULL OR v.minor_at_time = sqlc.narg(minor))
  AND (sqlc.narg(identified_from)::date IS NULL OR v.identified_on >= sqlc.narg(identified_from))
  AND (sqlc.narg(identified_to)::date IS NULL OR v.identified_on <= sqlc.narg(identified_to))
  AND (sqlc.narg(after)::uuid IS NULL
       OR (v.created_at, v.id) < (SELECT a.created_at, a.id FROM victims a WHERE a.id = sqlc.narg(after)
                                    AND (@all_municipios::bool OR a.municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
                                    AND (@any_institution::bool OR a.institution_code = @institution::text)))
ORDER BY v.created_at DESC, v.id DESC
LIMIT @max_rows;

-- name: FindVictimsByIndexes :many
-- Every víctima, in any municipio and institution of @entidades, whose CURP or name and
-- birth date index is among the given ones, with both her indexes so the
-- caller can tell which registration she matches: for duplicate detection,
-- through victim_matches, which reaches past the transaction's rows and
-- answers nothing personal.
SELECT m.id, m.folio, m.institution_code, m.municipio_code, m.curp_bidx, m.name_dob_bidx
FROM victim_matches(@curp_bidxs::bytea[], @name_dob_bidxs::bytea[], @entidades::text[], @most::int) m;

-- name: LockVictimIndexBuckets :exec
-- Takes, until the transaction ends, the advisory locks of the given
-- buckets of blind indexes in ascending order, so that two registrations
-- of one person wait for each other and two transactions never wait in a
-- cycle.
SELECT pg_advisory_xact_lock(hashtext('sintra.victim_index'), b.bucket)
FROM (SELECT DISTINCT unnest(@buckets::int[]) AS bucket ORDER BY 1) b;

-- name: FindVictimsByIndexScoped :many
-- Víctimas within the caller's scope whose CURP or name and birth date
-- index matches, as a list shows them: the look-up and the scope in one
-- query, so that a match outside the scope costs what no match costs.
SELECT id, folio, institution_code, municipio_code, identified_on, sex, age_at_identification, nationality,
       minor_at_time, denuncia_filed, erased_at, created_at
FROM victims
WHERE ((sqlc.narg(curp_bidx)::bytea IS NOT NULL AND curp_bidx = sqlc.narg(curp_bidx))
    OR (sqlc.narg(name_dob_bidx)::bytea IS NOT NULL AND name_dob_bidx = sqlc.narg(name_dob_bidx)))
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR institution_code = @institution::text)
ORDER BY created_at, id
LIMIT 50;

-- name: UpdateVictim :execrows
UPDATE victims SET
    identified_on = $2, sex = $3, age_at_identification = $4, nationality = $5, estado_civil = $6,
    calidad_migratoria = $7, indigenous_language = $8, disability = $9, minor_at_time = $10, denuncia_filed = $11,
    given_names_enc = $12, first_surname_enc = $13, second_surname_enc = $14, alias_enc = $15, curp_enc = $16,
    birth_date_enc = $17, address_enc = $18, phone_enc = $19, contacts_enc = $20, notes_enc = $21,
    curp_bidx = $22, name_dob_bidx = $23, version = version + 1, updated_at = @now::timestamptz
WHERE id = $1 AND version = @expected_version AND erased_at IS NULL;

-- name: InsertVictimChange :exec
INSERT INTO victim_changes (victim_id, version, changed_by, field, previous_clear, previous_enc, changed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: ListVictimChanges :many
SELECT * FROM victim_changes WHERE victim_id = $1 ORDER BY id;

-- name: EraseVictim :execrows
-- Crypto-shredding: the data key goes, and with it every ciphertext and
-- index; the statistical attributes stay and keep counting.
UPDATE victims SET
    dek_wrapped = NULL, dek_version = NULL, given_names_enc = NULL, first_surname_enc = NULL,
    second_surname_enc = NULL, alias_enc = NULL, curp_enc = NULL, birth_date_enc = NULL, address_enc = NULL,
    phone_enc = NULL, contacts_enc = NULL, notes_enc = NULL, curp_bidx = NULL, name_dob_bidx = NULL,
    erased_at = @now::timestamptz, version = version + 1, updated_at = @now::timestamptz
WHERE id = $1 AND erased_at IS NULL;

-- name: EraseVictimChanges :exec
UPDATE victim_changes SET previous_enc = NULL WHERE victim_id = $1;

-- name: InsertConsent :exec
INSERT INTO victim_consents (victim_id, kind, granted, given_on, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: InsertConsentsBatch :batchexec
INSERT INTO victim_consents (victim_id, kind, granted, given_on, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: ListLatestConsents :many
-- The consent of each kind in force on a date: the latest given by then
-- (a withdrawal entered late but dated earlier does not undo a later grant).
SELECT DISTINCT ON (kind) * FROM victim_consents WHERE victim_id = @victim_id AND given_on <= @as_of::date
ORDER BY kind, given_on DESC, id DESC;

-- name: EarliestVictimEvent :one
-- The first date recorded about a víctima after her identification: her
-- services, canalizaciones and consents may not precede it.
SELECT least((SELECT min(s.provided_on) FROM services s WHERE s.victim_id = $1 AND s.voided_at IS NULL),
             (SELECT min(c.sent_on) FROM canalizaciones c WHERE c.victim_id = $1 AND c.voided_at IS NULL),
             (SELECT min(k.given_on) FROM victim_consents k WHERE k.victim_id = $1),
             '9999-12-31')::date AS earliest;

-- name: ListVictimModalidades :many
SELECT DISTINCT cm.modalidad FROM caso_victims cv JOIN caso_modalidades cm ON cm.caso_id = cv.caso_id
WHERE cv.victim_id = $1 ORDER BY cm.modalidad;

-- name: ListVictimCasos :many
SELECT c.id, c.folio, c.status FROM caso_victims cv JOIN casos c ON c.id = cv.caso_id
WHERE cv.victim_id = $1 ORDER BY c.created_at;

-- name: ListVictimKeysToRewrap :many
-- A batch of data keys wrapped by an older master key, skipping rows
-- another transaction holds.
SELECT id, dek_wrapped FROM victims
WHERE dek_wrapped IS NOT NULL AND dek_version < @version
ORDER BY id
LIMIT @batch
FOR UPDATE SKIP LOCKED;

-- name: SetVictimKey :exec
UPDATE victims SET dek_wrapped = $2, dek_version = $3 WHERE id = $1 AND dek_wrapped IS NOT NULL;

-- name: CountVictimKeysBelow :one
SELECT count(*) FROM victims WHERE dek_wrapped IS NOT NULL AND dek_version < $1;

-- name: GetVictimByFolioScoped :one
-- A víctima named by folio, only within the caller's scope: outside it she
-- is as unknown as a folio never issued.
SELECT id, folio, institution_code, municipio_code, identified_on, sex, age_at_identification, nationality,
       minor_at_time, denuncia_filed, erased_at, created_at
FROM victims
WHERE folio = @folio
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR institution_code = @institution::text);

-- name: FindVictimsByCurpScoped :many
-- Víctimas whose CURP index matches, only within the caller's scope.
SELECT id, folio, institution_code, municipio_code FROM victims
WHERE curp_bidx = @curp_bidx
  AND (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR institution_code = @institution::text);

-- name: ListVictimNamesScoped :many
-- A batch of the víctimas in scope with their sealed names, after id in id
-- order, for a search by fragments of a name; erased víctimas have none.
SELECT id, folio, institution_code, municipio_code, identified_on, sex, age_at_identification, nationality,
       minor_at_time, denuncia_filed, created_at, dek_wrapped, given_names_enc, first_surname_enc,
       second_surname_enc, alias_enc
FROM victims
WHERE (@all_municipios::bool OR municipio_code = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[]))
  AND (@any_institution::bool OR institution_code = @institution::text)
  AND erased_at IS NULL AND id > @after
ORDER BY id
LIMIT @max_rows;

