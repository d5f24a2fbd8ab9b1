package audit_test

import (
	"context"
	"slices"
	"testing"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/testapp"
)

// An auditor held in an entidad sees the events of its municipios, and of
// none done by its institutions or from the command line; one held in a
// municipio, that municipio's; a national one, every event.
func TestSearch_AnEntidadsAuditorSeesItsOwnEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	admin := e.Principal(t, "SEGOB", "admin", authz.National)
	if _, err := e.Catalogs.LoadMunicipios(ctx, admin, "31", []byte("clave,nombre\n31050,Mérida\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Catalogs.AddInstitution(ctx, admin, domain.Institution{Code: "SGG-YUC", Name: "Secretaría General de Gobierno de Yucatán",
		Entidad: "31", Membership: "integrante"}); err != nil {
		t.Fatal(err)
	}
	const action = "prueba.evento"
	for _, ev := range []struct{ id, institution, municipio string }{
		{"benito-juarez", "CEAVEQROO", "23005"}, {"merida", "SGG-YUC", "31050"},
		{"segob", "SEGOB", ""}, {"sgg-yuc", "SGG-YUC", ""}, {"linea-de-comandos", "", ""},
	} {
		err := e.Store.Tx(ctx, func(tx *store.Store) error {
			return e.Recorder.Record(ctx, tx, audit.Actor{Username: "x", Institution: ev.institution},
				audit.Event{Action: action, RecordType: "prueba", RecordID: ev.id, Municipio: ev.municipio})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	a := action
	for domain, want := range map[string][]string{
		"23":           {"benito-juarez", "linea-de-comandos", "segob"},
		"31":           {"linea-de-comandos", "merida", "sgg-yuc"},
		"23005":        {"benito-juarez"},
		authz.National: {"benito-juarez", "linea-de-comandos", "merida", "segob", "sgg-yuc"},
	} {
		events, err := e.Audit.Search(ctx, e.Principal(t, "SEGOB", "auditor", domain), audit.Filter{Action: &a}, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ev := range events {
			got = append(got, ev.RecordID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("auditor of %s sees %v, want %v", domain, got, want)
		}
	}
}
