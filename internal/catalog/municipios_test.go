package catalog_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/catalog"
	"sintra/internal/domain"
	"sintra/internal/testapp"
	"sintra/internal/victims"
)

const yucatan = "clave,nombre\n31050,Mérida\n31059,Progreso\n"

// An administrator loads Yucatán's municipios: they join the catalog after
// Quintana Roo's, each naming its entidad, and a víctima may be registered
// in one of them by a caseworker who works there.
func TestLoadMunicipios_AnotherEntidadsMunicipiosJoinTheCatalog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	admin := e.Principal(t, "SEGOB", "admin", authz.National)
	res, err := e.Catalogs.LoadMunicipios(ctx, admin, "31", []byte(yucatan))
	if err != nil || res != (catalog.MunicipiosLoad{Entidad: "31", Added: 2}) {
		t.Fatalf("load: %+v %v", res, err)
	}
	entries, err := e.Catalogs.List(ctx, "municipios")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(entries); n != 13 || entries[11] != (catalog.Entry{Code: "31050", Name: "Mérida", Entidad: "31"}) ||
		entries[12] != (catalog.Entry{Code: "31059", Name: "Progreso", Entidad: "31"}) {
		t.Errorf("municipios after the load: %v", entries)
	}
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "31050")
	v, err := e.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "31050",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)},
		Personal:   victims.Personal{GivenNames: "Persona", FirstSurname: "Yucateca"}})
	if err != nil || v.Municipio != "31050" {
		t.Errorf("registering in Mérida: %+v %v", v, err)
	}
	if _, err := e.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "31101",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)},
		Personal:   victims.Personal{GivenNames: "Persona"}}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("registering in Valladolid, not loaded: %v, want invalid", err)
	}
}

// Loading is idempotent: the same file changes nothing, a new name renames,
// a municipio missing from the file stays.
func TestLoadMunicipios_TheSameFileTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	admin := e.Principal(t, "SEGOB", "admin", authz.National)
	for _, want := range []catalog.MunicipiosLoad{{Entidad: "31", Added: 2}, {Entidad: "31", Unchanged: 2}} {
		if res, err := e.Catalogs.LoadMunicipios(ctx, admin, "31", []byte(yucatan)); err != nil || res != want {
			t.Fatalf("load: %+v %v, want %+v", res, err, want)
		}
	}
	res, err := e.Catalogs.LoadMunicipios(ctx, admin, "31", []byte("nombre;clave\nMérida (capital);050\n"))
	if err != nil || res != (catalog.MunicipiosLoad{Entidad: "31", Renamed: 1}) {
		t.Fatalf("renaming load: %+v %v", res, err)
	}
	entries, err := e.Catalogs.List(ctx, "municipios")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(entries, catalog.Entry{Code: "31050", Name: "Mérida (capital)", Entidad: "31"}) ||
		!slices.Contains(entries, catalog.Entry{Code: "31059", Name: "Progreso", Entidad: "31"}) {
		t.Errorf("municipios after the renaming: %v", entries)
	}
}

// A file with any wrong row loads nothing and says where each error is.
func TestLoadMunicipios_AWrongRowLoadsNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	admin := e.Principal(t, "SEGOB", "admin", authz.National)
	file := "clave,nombre\n31050,Mérida\n23005,Benito Juárez\n31059,\n3105,Corta\n31002,Mérida\n31050,Otra\n"
	_, err := e.Catalogs.LoadMunicipios(ctx, admin, "31", []byte(file))
	ae, ok := apperr.As(err)
	if !ok || ae.Code != apperr.Invalid {
		t.Fatalf("load: %v, want invalid", err)
	}
	want := []catalog.RowError{
		{Row: 3, Column: "clave", Message: "La clave es de un municipio de otra entidad."},
		{Row: 4, Column: "nombre", Message: "Escriba el nombre del municipio (hasta 200 caracteres, sin caracteres de control)."},
		{Row: 5, Column: "clave", Message: "La clave debe ser la del INEGI: cinco dígitos, o los tres del municipio."},
		{Row: 6, Column: "nombre", Message: "El nombre se repite en el archivo."},
		{Row: 7, Column: "clave", Message: "La clave se repite en el archivo."},
	}
	if got, _ := ae.Extensions["row_errors"].([]catalog.RowError); !slices.Equal(got, want) {
		t.Errorf("row errors:\n%v\nwant\n%v", got, want)
	}
	if _, err := e.Catalogs.LoadMunicipios(ctx, admin, "31", []byte("code,name\n31050,Mérida\n")); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a file without our columns: %v", err)
	}
	if _, err := e.Catalogs.LoadMunicipios(ctx, admin, "33", []byte(yucatan)); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("an entidad that does not exist: %v", err)
	}
	entries, err := e.Catalogs.List(ctx, "municipios")
	if err != nil || len(entries) != 11 {
		t.Errorf("municipios after the refused loads: %d %v, want Quintana Roo's 11", len(entries), err)
	}
}

// Another state's Fiscalía joins the catalog of institutions, naming its
// entidad; a code or name held already is refused.
func TestAddInstitution_AnotherStatesFiscaliaJoinsTheCatalog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	admin := e.Principal(t, "SEGOB", "admin", authz.National)
	fge := domain.Institution{Code: "fge-yuc", Name: "Fiscalía General del Estado de Yucatán", Entidad: "31", Membership: "invitado", UsesSystem: true}
	added, err := e.Catalogs.AddInstitution(ctx, admin, fge)
	if err != nil || added.Code != "FGE-YUC" {
		t.Fatalf("add: %+v %v", added, err)
	}
	entries, err := e.Catalogs.List(ctx, "instituciones")
	if err != nil || entries[len(entries)-1] != (catalog.Entry{Code: "FGE-YUC", Name: fge.Name, Entidad: "31"}) {
		t.Errorf("institutions: %v %v", entries, err)
	}
	if _, err := e.Catalogs.AddInstitution(ctx, admin, fge); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the same code again: %v, want conflict", err)
	}
	same := domain.Institution{Code: "FGE-2", Name: fge.Name, Entidad: "31", Membership: "invitado"}
	if _, err := e.Catalogs.AddInstitution(ctx, admin, same); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the same name in the entidad: %v, want conflict", err)
	}
	elsewhere := domain.Institution{Code: "FGE-2", Name: "Fiscalía General del Estado", Entidad: "31", Membership: "integrante"}
	if _, err := e.Catalogs.AddInstitution(ctx, admin, elsewhere); err != nil {
		t.Errorf("a name Quintana Roo's Fiscalía has, in Yucatán: %v", err)
	}
	if _, err := e.Catalogs.AddInstitution(ctx, e.Principal(t, "SEGOB", "enlace", authz.National), domain.Institution{Code: "X-1",
		Name: "Otra", Entidad: "31", Membership: "invitado"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a liaison adding an institution: %v, want forbidden", err)
	}
}
