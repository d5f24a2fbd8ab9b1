package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/canalizaciones"
	"sintra/internal/casos"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// everywhere is the widest scope a query can carry.
var everywhere = domain.Scope{AllMunicipios: true, AnyInstitution: true}

// recordsIn registers, as a CEAVEQROO caseworker of municipio, a víctima
// identified on given, with an expediente, referred to IQM; it returns
// their ids.
func recordsIn(t *testing.T, e *testapp.Env, given time.Time, municipio string) (victim, caso, canalizacion uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	p := e.Principal(t, "CEAVEQROO", "capturista", municipio)
	v, err := e.Victims.Register(ctx, p, victims.Registration{Municipio: municipio,
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: given},
		Personal:   victims.Personal{GivenNames: "Nombre", FirstSurname: "Apellido"},
		Consents:   []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: given}}})
	if err != nil {
		t.Fatal(err)
	}
	k, err := e.Casos.Create(ctx, p, casos.Input{Municipio: municipio, Modalidades: []string{"sin_definir"}, VictimIDs: []uuid.UUID{v.ID}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.Canalizaciones.Send(ctx, p, canalizaciones.SendInput{VictimID: v.ID, To: "IQM", ServiceType: "alojamiento"})
	if err != nil {
		t.Fatal(err)
	}
	return v.ID, k.ID, c.ID
}

// TestRowSecurity_HoldsWhenTheApplicationWidensItsScope plays a query that
// forgot its predicate: the application asks for every municipio inside a
// request limited to Benito Juárez, and PostgreSQL still answers with
// Benito Juárez's rows only, for records and for their children, reading
// and writing.
func TestRowSecurity_HoldsWhenTheApplicationWidensItsScope(t *testing.T) {
	t.Parallel()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(time.Date(2025, 7, 1, 17, 0, 0, 0, time.UTC))))
	ctx := context.Background()
	given := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	ownVictim, _, _ := recordsIn(t, e, given, "23005")
	otherVictim, otherCaso, otherCanalizacion := recordsIn(t, e, given, "23004")

	benitoJuarez := domain.WithRows(ctx, domain.Rows{Municipios: []string{"23005"}})
	st := e.Store

	if _, err := st.Victim(benitoJuarez, otherVictim, everywhere); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another municipio's víctima by id: %v, want not found", err)
	}
	if _, err := st.Victim(benitoJuarez, ownVictim, everywhere); err != nil {
		t.Errorf("the request's own municipio's víctima: %v", err)
	}
	listed, err := st.Victims(benitoJuarez, everywhere, domain.VictimFilter{}, 100, uuid.NullUUID{})
	if err != nil || listed.Total != 1 || len(listed.Items) != 1 || listed.Items[0].ID != ownVictim {
		t.Errorf("list of every municipio: %d of %d (%v), want only Benito Juárez's one", len(listed.Items), listed.Total, err)
	}
	err = st.Tx(benitoJuarez, func(tx *store.Store) error {
		if _, err := tx.Victim(benitoJuarez, otherVictim, everywhere); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("in a transaction, another municipio's víctima: %v, want not found", err)
		}
		if _, err := tx.Caso(benitoJuarez, otherCaso, everywhere); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("in a transaction, another municipio's caso: %v, want not found", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Canalizacion(benitoJuarez, otherCanalizacion, domain.Scope{AllMunicipios: true, Institution: "CEAVEQROO"}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another municipio's canalización: %v, want not found", err)
	}

	// Children follow their parent.
	if consents, err := st.LatestConsents(benitoJuarez, otherVictim, given); err != nil || len(consents) != 0 {
		t.Errorf("another municipio's víctima's consents: %d (%v), want none", len(consents), err)
	}
	if steps, err := st.CanalizacionTransitions(benitoJuarez, otherCanalizacion); err != nil || len(steps) != 0 {
		t.Errorf("another municipio's canalización's steps: %d (%v), want none", len(steps), err)
	}
	if members, err := st.CasoVictims(benitoJuarez, otherCaso); err != nil || len(members) != 0 {
		t.Errorf("another municipio's caso's víctimas: %d (%v), want none", len(members), err)
	}
	if _, err := st.Victim(ctx, otherVictim, everywhere); err != nil {
		t.Errorf("the application's own jobs no longer see every municipio: %v", err)
	}

	// Nor can the request write into another municipio.
	err = st.InsertConsent(benitoJuarez, otherVictim, uuid.Nil, domain.Consent{Kind: "compartir_instituciones", Granted: false, GivenOn: given})
	if err == nil {
		t.Error("a consent was written for another municipio's víctima")
	}
	forged := domain.VictimRecord{ID: uuid.New(), Folio: "QROO-2025-999999", Institution: "CEAVEQROO", Municipio: "23004",
		Stats: domain.VictimStats{Sex: "mujer", IdentifiedOn: given}}
	if err := st.InsertVictim(benitoJuarez, forged, uuid.Nil); err == nil {
		t.Error("a víctima was written into another municipio")
	}

	// A request that names no municipio sees nothing at all.
	nowhere := domain.WithRows(ctx, domain.Rows{})
	if page, err := st.Victims(nowhere, everywhere, domain.VictimFilter{}, 100, uuid.NullUUID{}); err != nil || page.Total != 0 {
		t.Errorf("a request limited to no municipio sees %d víctimas (%v)", page.Total, err)
	}
}

// TestRowSecurity_CoversEveryTableOfRecords checks the schema: every table
// that holds a municipio's records, or hangs from one, has row-level
// security on, and the application's role owns none of them.
func TestRowSecurity_CoversEveryTableOfRecords(t *testing.T) {
	t.Parallel()
	e := testapp.New(t)
	rows, err := e.Pool.Query(context.Background(), `
		SELECT c.relname, c.relrowsecurity, pg_get_userbyid(c.relowner) = current_user
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r'
		  AND EXISTS (SELECT 1 FROM information_schema.columns col
		              WHERE col.table_schema = 'public' AND col.table_name = c.relname
		                AND col.column_name IN ('municipio_code', 'victim_id', 'caso_id', 'carpeta_id', 'canalizacion_id', 'session_id', 'acuerdo_id'))`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	// Tables that hold no municipio's records: the municipios an
	// institution's reported activity reached, and sign-in sessions.
	exempt := []string{"activity_municipios", "refresh_tokens"}
	var covered int
	var seen []string
	for rows.Next() {
		var name string
		var secured, owned bool
		if err := rows.Scan(&name, &secured, &owned); err != nil {
			t.Fatal(err)
		}
		seen = append(seen, name)
		if owned {
			t.Errorf("the application's role owns %s, so row-level security does not bind it", name)
		}
		if slices.Contains(exempt, name) {
			continue
		}
		if !secured {
			t.Errorf("%s holds records of a municipio but has no row-level security", name)
		}
		covered++
	}
	for _, name := range exempt {
		if !slices.Contains(seen, name) {
			t.Errorf("%s is exempt but no longer a table of records: drop it from the list", name)
		}
	}
	if rows.Err() != nil || covered < 20 {
		t.Errorf("%d tables checked (%v): the schema query found too few", covered, rows.Err())
	}
}

// TestRowSecurity_KeepsEachEntidadToItself: in a deployment of Quintana Roo
// and Yucatán, a request limited to Yucatán, asking for every municipio,
// reads and writes only Yucatán's records; one limited to Quintana Roo
// only Quintana Roo's; a national one both.
func TestRowSecurity_KeepsEachEntidadToItself(t *testing.T) {
	t.Parallel()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(time.Date(2025, 7, 1, 17, 0, 0, 0, time.UTC))))
	ctx := context.Background()
	admin := e.Principal(t, "SEGOB", "admin", "*")
	if _, err := e.Catalogs.LoadMunicipios(ctx, admin, "31", []byte("clave,nombre\n31050,Mérida\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Catalogs.AddInstitution(ctx, admin, domain.Institution{Code: "FGE-YUC", Name: "Fiscalía General del Estado de Yucatán",
		Entidad: "31", Membership: "integrante"}); err != nil {
		t.Fatal(err)
	}
	given := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	qrooVictim, qrooCaso, qrooCanalizacion := recordsIn(t, e, given, "23005")
	yucVictim, yucCaso, _ := recordsIn(t, e, given, "31050")
	st := e.Store
	for _, c := range []struct {
		name      string
		rows      domain.Rows
		sees      []uuid.UUID
		seesCasos []uuid.UUID
	}{
		{"Yucatán", domain.Rows{Entidades: []string{"31"}}, []uuid.UUID{yucVictim}, []uuid.UUID{yucCaso}},
		{"Quintana Roo", domain.Rows{Entidades: []string{"23"}}, []uuid.UUID{qrooVictim}, []uuid.UUID{qrooCaso}},
		{"Mérida", domain.Rows{Municipios: []string{"31050"}}, []uuid.UUID{yucVictim}, []uuid.UUID{yucCaso}},
		{"national", domain.Rows{All: true}, []uuid.UUID{qrooVictim, yucVictim}, []uuid.UUID{qrooCaso, yucCaso}},
	} {
		limited := domain.WithRows(ctx, c.rows)
		for _, id := range []uuid.UUID{qrooVictim, yucVictim} {
			_, err := st.Victim(limited, id, everywhere)
			if want := slices.Contains(c.sees, id); (err == nil) != want {
				t.Errorf("%s: víctima %s read: %v, want seen %v", c.name, id, err, want)
			}
		}
		for _, id := range []uuid.UUID{qrooCaso, yucCaso} {
			_, err := st.Caso(limited, id, everywhere)
			if want := slices.Contains(c.seesCasos, id); (err == nil) != want {
				t.Errorf("%s: caso %s read: %v, want seen %v", c.name, id, err, want)
			}
		}
		listed, err := st.Victims(limited, everywhere, domain.VictimFilter{}, 100, uuid.NullUUID{})
		if err != nil || listed.Total != len(c.sees) || len(listed.Items) != len(c.sees) {
			t.Errorf("%s: lists %d of %d víctimas (%v), want %d", c.name, len(listed.Items), listed.Total, err, len(c.sees))
		}
	}
	// The duplicate look-up reaches past the transaction's rows, within
	// the entidades the transaction reaches alone, whatever it asks for.
	withCURP, err := e.Victims.Register(ctx, e.Principal(t, "FGE-YUC", "capturista", "31050"), victims.Registration{Municipio: "31050",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: given},
		Personal:   victims.Personal{GivenNames: "Nombre", FirstSurname: "Apellido", CURP: "PACM800101MYNTNR03"}})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := st.Victim(domain.WithRows(ctx, domain.Rows{All: true}), withCURP.ID, everywhere)
	if err != nil || rec.CurpIndex == nil {
		t.Fatalf("the víctima with a CURP: %v", err)
	}
	for _, c := range []struct {
		rows domain.Rows
		want int
	}{{domain.Rows{Municipios: []string{"23005"}}, 0}, {domain.Rows{Entidades: []string{"23"}}, 0},
		{domain.Rows{Entidades: []string{"31"}}, 1}, {domain.Rows{All: true}, 1}} {
		found, err := st.FindVictimsByIndexes(domain.WithRows(ctx, c.rows), [][]byte{rec.CurpIndex}, nil, []string{"23", "31"}, 10)
		if err != nil || len(found) != c.want {
			t.Errorf("the duplicate look-up within %+v: %d matches (%v), want %d", c.rows, len(found), err, c.want)
		}
	}

	yucatan := domain.WithRows(ctx, domain.Rows{Entidades: []string{"31"}})
	if err := st.InsertConsent(yucatan, qrooVictim, uuid.Nil, domain.Consent{Kind: "compartir_instituciones", Granted: false, GivenOn: given}); err == nil {
		t.Error("a request limited to Yucatán wrote a consent of Quintana Roo's víctima")
	}
	forged := domain.VictimRecord{ID: uuid.New(), Folio: "QROO-2025-999998", Institution: "CEAVEQROO", Municipio: "23005",
		Stats: domain.VictimStats{Sex: "mujer", IdentifiedOn: given}}
	if err := st.InsertVictim(yucatan, forged, uuid.Nil); err == nil {
		t.Error("a request limited to Yucatán wrote a víctima into Quintana Roo")
	}

	// An institution reads the canalizaciones sent to it from any entidad,
	// and the víctimas they refer, but writes none into another entidad.
	receiver := domain.WithRows(ctx, domain.Rows{Entidades: []string{"31"}, Institution: "IQM"})
	if _, err := st.Canalizacion(receiver, qrooCanalizacion, domain.Scope{AllMunicipios: true, Institution: "IQM"}); err != nil {
		t.Errorf("the receiving institution reads, from Yucatán, the canalización sent to it in Quintana Roo: %v", err)
	}
	if _, err := st.Victim(receiver, qrooVictim, everywhere); err != nil {
		t.Errorf("the receiving institution reads the víctima referred to it: %v", err)
	}
	if _, err := st.Victim(receiver, yucVictim, everywhere); err != nil {
		t.Errorf("a request limited to Yucatán reads Yucatán's víctima: %v", err)
	}
	bystander := domain.WithRows(ctx, domain.Rows{Entidades: []string{"31"}, Institution: "DIF"})
	if _, err := st.Victim(bystander, qrooVictim, everywhere); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("an institution she was not referred to read, from Yucatán, Quintana Roo's víctima: %v, want not found", err)
	}
	// It records, from Yucatán, the services it gives her, and reads them
	// back; no other institution's, and no other institution reads them.
	iqm := e.Principal(t, "IQM", "capturista", "31050").UserID
	service := func(institution string) domain.Service {
		return domain.Service{ID: uuid.New(), VictimID: qrooVictim, Type: "alojamiento", ProvidedOn: given, Quantity: 1,
			Institution: institution, Municipio: "23005", Caseworker: iqm}
	}
	if err := st.InsertService(receiver, service("IQM")); err != nil {
		t.Errorf("the receiving institution recorded the service it gave her: %v", err)
	}
	if err := st.InsertService(receiver, service("CEAVEQROO")); err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("the receiving institution recorded, from Yucatán, a service of another institution: %v", err)
	}
	for _, c := range []struct {
		name string
		ctx  context.Context
		want int
	}{{"the receiving institution", receiver, 1}, {"an institution she was not referred to", bystander, 0}} {
		if got, err := st.VictimServices(c.ctx, qrooVictim, false); err != nil || len(got) != c.want {
			t.Errorf("%s, from Yucatán, reads %d of her services (%v), want %d", c.name, len(got), err, c.want)
		}
	}
	sent := domain.Canalizacion{ID: uuid.New(), VictimID: qrooVictim, From: "CEAVEQROO", To: "IQM", Municipio: "23005",
		ServiceType: "alojamiento", Status: "enviada", SentOn: given, SentBy: e.Principal(t, "IQM", "capturista", "31050").UserID}
	if err := st.InsertCanalizacion(receiver, sent); err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("the receiving institution wrote, from Yucatán, a canalización into Quintana Roo: %v", err)
	}
	if err := st.InsertCanalizacion(domain.WithRows(ctx, domain.Rows{Entidades: []string{"23"}}), sent); err != nil {
		t.Errorf("the same canalización, written by a request of Quintana Roo: %v", err)
	}
}
