package services_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/services"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func TestRecordMany_StoresAllOrNoneWithinTheCallersScope(t *testing.T) {
	ctx := context.Background()
	e := testapp.New(t)
	pool, svc := e.Owner(t), e.App
	caseworker := func(municipio string) *authz.Principal { return e.Principal(t, "CEAVEQROO", "capturista", municipio) }
	cancun, playa := caseworker("23005"), caseworker("23008")
	register := func(p *authz.Principal, municipio string) uuid.UUID {
		v, err := svc.Victims.Register(ctx, p, victims.Registration{Municipio: municipio,
			Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2025, 4, 20, 0, 0, 0, 0, time.UTC)},
			Personal:   victims.Personal{GivenNames: "Persona", FirstSurname: "Prueba"}})
		if err != nil {
			t.Fatal(err)
		}
		return v.ID
	}
	first, second, elsewhere := register(cancun, "23005"), register(cancun, "23005"), register(playa, "23008")
	on := time.Date(2025, 5, 2, 0, 0, 0, 0, time.UTC)
	service := func(victim uuid.UUID, kind string, units int) services.Planned {
		return services.Planned{VictimID: victim, Input: services.Input{Type: kind, ProvidedOn: on, Quantity: units, Notes: "Nota confidencial"}}
	}
	count := func(sql string) (n int) {
		if err := pool.QueryRow(ctx, sql).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	if _, err := svc.Services.RecordMany(ctx, cancun, []services.Planned{service(first, "alimentos", 3), service(elsewhere, "alimentos", 1)}); apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("a batch with a víctima of another municipio: %v, want not found", err)
	}
	if _, err := svc.Services.RecordMany(ctx, cancun, []services.Planned{service(first, "alimentos", 3), service(first, "alimentos", 0)}); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("a batch with zero units: %v, want a validation error", err)
	}
	if n := count("SELECT count(*) FROM services"); n != 0 {
		t.Fatalf("%d services stored by refused batches", n)
	}

	_, err := svc.Services.RecordMany(ctx, cancun, []services.Planned{
		service(first, "alimentos", 3), service(first, "asesoria_juridica", 1), service(second, "alojamiento", 5)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.Services.OfVictim(ctx, cancun, first, false)
	if err != nil || len(got) != 2 || got[0].Municipio != "23005" {
		t.Fatalf("services of the first víctima: %+v (%v)", got, err)
	}
	if n := count("SELECT sum(quantity) FROM services"); n != 9 {
		t.Errorf("units stored: %d, want 9", n)
	}
	if n := count("SELECT count(*) FROM services WHERE notes_enc IS NULL OR position('confidencial'::bytea in notes_enc) > 0"); n != 0 {
		t.Errorf("%d services with notes missing or in clear", n)
	}
	if n := count("SELECT count(*) FROM audit_events WHERE action = 'servicio.registrar'"); n != 3 {
		t.Errorf("%d service events audited, want 3", n)
	}
	if _, brk, err := audit.Verify(ctx, e.Store, nil); err != nil || brk != nil {
		t.Fatalf("audit chain: %v %v", brk, err)
	}
}
