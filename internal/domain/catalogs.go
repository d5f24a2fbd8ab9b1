package domain

// CatalogEntry is one entry of a catalog.
type CatalogEntry struct {
	Code string
	Name string
}
