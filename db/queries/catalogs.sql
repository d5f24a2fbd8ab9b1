-- name: ListCatalogEntries :many
-- The active entries of one catalog, in the catalog's own order.
SELECT code, name
FROM catalog_entries
WHERE catalog = $1 AND active
ORDER BY position, name;

-- name: CatalogHasCode :one
SELECT EXISTS (SELECT 1 FROM catalog_entries WHERE catalog = $1 AND code = $2 AND active);
