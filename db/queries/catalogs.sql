-- name: ListCatalogEntries :many
-- The active entries of one catalog, in the catalog's own order.
SELECT code, name, entidad
FROM catalog_entries
WHERE catalog = $1 AND active
ORDER BY position, name;

-- name: CatalogHasCode :one
SELECT EXISTS (SELECT 1 FROM catalog_entries WHERE catalog = $1 AND code = $2 AND active);

-- name: ListEntidadMunicipios :many
-- Every municipio of an entidad, active or not.
SELECT code, name FROM municipios WHERE entidad_code = @entidad::text ORDER BY code;

-- name: InsertMunicipio :exec
-- A municipio added after the catalog's last.
INSERT INTO municipios (code, name, position)
SELECT @code, @name, coalesce(max(position), 0) + 1 FROM municipios;

-- name: RenameMunicipio :exec
UPDATE municipios SET name = @name WHERE code = @code;

-- name: InsertInstitution :exec
-- An institution added after the catalog's last.
INSERT INTO institutions (code, name, membership, entidad_code, uses_system, position)
SELECT @code, @name, @membership, @entidad, @uses_system, coalesce(max(position), 0) + 1 FROM institutions;

-- name: InstitutionEntidad :one
SELECT entidad_code FROM institutions WHERE code = $1;
