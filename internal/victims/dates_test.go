package victims_test

import (
	"context"
	"sintra/internal/domain"
	"testing"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/services"
	"sintra/internal/victims"
)

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// Her identification comes first: consents may not precede it, an edit may
// not move it after what was recorded since, and an edit that leaves it out
// keeps it.
func TestIdentificationDate_StaysBeforeWhatFollows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	r := registration("Rosa", "Canul", "", "", "")
	r.Attributes.IdentifiedOn = date("2025-06-01")
	r.Consents = []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: date("2025-05-30")}}
	if _, err := f.svc.Register(ctx, caseworker, r); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("a consent before the identification: %v, want a validation error", err)
	}
	r.Consents[0].GivenOn = date("2025-06-01")
	v, err := f.svc.Register(ctx, caseworker, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.env.Services.Record(ctx, caseworker, v.ID, services.Input{Type: "alimentos", ProvidedOn: date("2025-06-03"), Quantity: 2}); err != nil {
		t.Fatal(err)
	}
	a := v.Attributes
	a.IdentifiedOn = time.Time{}
	kept, err := f.svc.Update(ctx, caseworker, v.ID, 1, a, victims.Personal{GivenNames: "Rosa María", FirstSurname: "Canul"})
	if err != nil || !kept.Attributes.IdentifiedOn.Equal(date("2025-06-01")) {
		t.Fatalf("an edit without the identification date: %v, identified on %s, want it kept", err, kept.Attributes.IdentifiedOn)
	}
	a.IdentifiedOn = date("2025-06-05")
	if _, err := f.svc.Update(ctx, caseworker, v.ID, kept.Version, a, kept.Personal); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("identification moved after her first service: %v, want a validation error", err)
	}
}

// The consent in force is the latest by the date it was given: a withdrawal
// entered late but dated earlier does not undo a later grant.
func TestConsentInForce_IsTheLatestByDate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	r := registration("Luz", "Pech", "", "", "")
	r.Attributes.IdentifiedOn = date("2025-06-01")
	r.Consents = []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: date("2025-06-10")}}
	v, err := f.svc.Register(ctx, caseworker, r)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RecordConsent(ctx, caseworker, v.ID, domain.Consent{Kind: "compartir_instituciones", Granted: false, GivenOn: date("2025-06-02")}); err != nil {
		t.Fatal(err)
	}
	view, err := f.svc.Get(ctx, caseworker, v.ID, why)
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Full.Consents) != 1 || !view.Full.Consents[0].Granted {
		t.Errorf("consents in force: %+v, want the grant of 10 June", view.Full.Consents)
	}
}
