package domain

// CatalogEntry is one entry of a catalog.
type CatalogEntry struct {
	Code string
	Name string
	// Entidad is the INEGI code of the entidad a municipio or an
	// institution belongs to; empty in the other catalogs.
	Entidad string
}

// Institution is an institution of the catalog: a member (integrante) of
// the Comisión or a permanent guest (invitado) of an entidad, which may
// work in SINTRA or receive canalizaciones on paper.
type Institution struct {
	Code       string
	Name       string
	Entidad    string
	Membership string
	UsesSystem bool
}
