package catalog_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/catalog"
	"sintra/internal/services"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func codes(entries []catalog.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Code
	}
	return out
}

func TestList_EveryCatalogOffersItsEntriesOnceEachWithAName(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	for _, name := range catalog.Names {
		entries, err := e.Catalogs.List(ctx, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(entries) == 0 {
			t.Errorf("%s is empty", name)
		}
		seen := map[string]bool{}
		for _, entry := range entries {
			if entry.Code == "" || entry.Name == "" || seen[entry.Code] {
				t.Errorf("%s: entry %+v is blank or repeated", name, entry)
			}
			seen[entry.Code] = true
		}
	}
	municipios, err := e.Catalogs.List(ctx, "municipios")
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.Entry{{Code: "23001", Name: "Cozumel"}, {Code: "23002", Name: "Felipe Carrillo Puerto"},
		{Code: "23003", Name: "Isla Mujeres"}, {Code: "23004", Name: "Othón P. Blanco"}, {Code: "23005", Name: "Benito Juárez"},
		{Code: "23006", Name: "José María Morelos"}, {Code: "23007", Name: "Lázaro Cárdenas"}, {Code: "23008", Name: "Solidaridad"},
		{Code: "23009", Name: "Tulum"}, {Code: "23010", Name: "Bacalar"}, {Code: "23011", Name: "Puerto Morelos"}}
	for i := range want {
		want[i].Entidad = "23"
	}
	if !slices.Equal(municipios, want) {
		t.Errorf("municipios: %v, want the 11 of Quintana Roo in INEGI order", municipios)
	}
}

// An administrator reorders a catalog by its positions; entries that share
// a position come in alphabetical order.
func TestList_ComesInTheCatalogsOwnOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	if _, err := e.Owner(t).Exec(ctx, `UPDATE municipios SET position = 0 WHERE code IN ('23011', '23010')`); err != nil {
		t.Fatal(err)
	}
	entries, err := e.Catalogs.List(ctx, "municipios")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"23010", "23011", "23001", "23002", "23003", "23004", "23005", "23006", "23007", "23008", "23009"}
	if got := codes(entries); !slices.Equal(got, want) {
		t.Errorf("municipios in the order %v, want %v (Bacalar and Puerto Morelos moved first)", got, want)
	}
}

// An entry retired from a catalog is no longer offered, nor accepted in a
// new record; put back, it is both again.
func TestList_LeavesOutInactiveEntries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	owner := e.Owner(t)
	setActive := func(active bool) {
		t.Helper()
		if _, err := owner.Exec(ctx, `UPDATE service_types SET active = $1 WHERE code = 'traslado'`, active); err != nil {
			t.Fatal(err)
		}
	}
	offered := func() bool {
		t.Helper()
		entries, err := e.Catalogs.List(ctx, "tipos-servicio")
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(codes(entries), "traslado")
	}
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	v, err := e.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)},
		Personal:   victims.Personal{GivenNames: "Persona", FirstSurname: "Prueba"}})
	if err != nil {
		t.Fatal(err)
	}
	// accepted records a traslado given to her, and says whether it was taken.
	accepted := func() bool {
		t.Helper()
		_, err := e.Services.Record(ctx, caseworker, v.ID, services.Input{Type: "traslado",
			ProvidedOn: time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC), Quantity: 1})
		if err != nil && apperr.CodeOf(err) != apperr.Invalid {
			t.Fatal(err)
		}
		return err == nil
	}
	if !offered() || !accepted() {
		t.Fatal("traslado is not offered before being retired")
	}
	setActive(false)
	if offered() || accepted() {
		t.Error("a retired service type is still offered or accepted")
	}
	setActive(true)
	if !offered() || !accepted() {
		t.Error("a service type put back is not offered or accepted")
	}
}

func TestList_UnknownCatalogIsNotFound(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	for _, name := range []string{"colores", "Municipios", "usuarios", "municipios; DROP TABLE municipios", ""} {
		entries, err := e.Catalogs.List(ctx, name)
		if apperr.CodeOf(err) != apperr.NotFound || entries != nil {
			t.Errorf("catalog %q: %v %v, want not found", name, entries, err)
			continue
		}
		if e, _ := apperr.As(err); e.Message != "El catálogo solicitado no existe." {
			t.Errorf("catalog %q: message %q", name, e.Message)
		}
	}
}
