-- name: GetVictimImportBySHA :one
-- An institution's earlier import of the same file.
SELECT * FROM victim_imports WHERE institution_code = $1 AND file_sha256 = $2;

-- name: InsertVictimImport :exec
INSERT INTO victim_imports (id, institution_code, file_sha256, victims, casos, services, imported_at, imported_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
