package carpetas_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/carpetas"
	"sintra/internal/corrections"
	"sintra/internal/domain"
	"sintra/internal/testapp"
	"sintra/internal/victims"
)

// reparationFixture is a carpeta of Benito Juárez with a víctima linked
// and three resoluciones: one ordering $10,000.00 of reparación, one
// ordering none, one ordering it without an amount.
type reparationFixture struct {
	*fixture
	e                         *testapp.Env
	carpeta, victim           uuid.UUID
	ordered, none, withoutSum uuid.UUID
}

func newReparationFixture(t *testing.T) reparationFixture {
	t.Helper()
	e := testapp.New(t)
	f := &fixture{svc: e.Carpetas, owner: e.Owner(t)}
	f.bj, f.opb = e.Principal(t, "FGE", "fiscalia", "23005"), e.Principal(t, "FGE", "fiscalia", "23004")
	ctx := context.Background()
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	v, err := e.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day(3, 1)}, Personal: victims.Personal{GivenNames: "Reparada"}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.svc.Create(ctx, f.bj, carpetas.Input{Number: "FGE/BJ/700/2024", FiscaliaUnit: "FETP", StartedOn: day(3, 1),
		Municipio: "23005", Modalidad: "explotacion_sexual", Victims: []carpetas.VictimRef{{Folio: v.Folio}}})
	if err != nil {
		t.Fatal(err)
	}
	r := reparationFixture{fixture: f, e: e, carpeta: c.ID, victim: v.ID}
	amount := int64(1_000_000)
	for _, res := range []struct {
		id      *uuid.UUID
		ordered bool
		cents   *int64
	}{{&r.ordered, true, &amount}, {&r.none, false, nil}, {&r.withoutSum, true, nil}} {
		added, err := f.svc.AddResolucion(ctx, f.bj, c.ID, carpetas.ResolucionInput{Resolucion: domain.Resolucion{Kind: "sentencia_condenatoria",
			ResolvedOn: day(6, 1), ReparationOrdered: res.ordered, ReparationCents: res.cents}})
		if err != nil {
			t.Fatal(err)
		}
		*res.id = added.ID
	}
	return r
}

func pay(cents int64) carpetas.PaymentInput {
	return carpetas.PaymentInput{PaidOn: day(6, 10), AmountCents: cents, Payer: "persona_sentenciada"}
}

func TestRecordPayment_KeepsTheBalanceAndRefusesBeyondTheOrder(t *testing.T) {
	t.Parallel()
	f := newReparationFixture(t)
	ctx := context.Background()
	reason := audit.Reason{Code: "procuracion_justicia"}
	first := pay(400_000)
	first.VictimID = uuid.NullUUID{UUID: f.victim, Valid: true}
	if _, err := f.svc.RecordPayment(ctx, f.bj, f.carpeta, f.ordered, first); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordPayment(ctx, f.bj, f.carpeta, f.ordered, pay(600_001)); apperr.CodeOf(err) != apperr.Unprocessable {
		t.Errorf("a payment one centavo beyond the balance: %v, want unprocessable", err)
	}
	for name, res := range map[string]uuid.UUID{"no reparación ordered": f.none, "no amount ordered": f.withoutSum} {
		if _, err := f.svc.RecordPayment(ctx, f.bj, f.carpeta, res, pay(100)); apperr.CodeOf(err) != apperr.Unprocessable {
			t.Errorf("a payment on a resolución with %s: %v, want unprocessable", name, err)
		}
	}
	for name, in := range map[string]carpetas.PaymentInput{
		"a payer outside the list": {PaidOn: day(6, 10), AmountCents: 100, Payer: "banco"},
		"no amount":                {PaidOn: day(6, 10), AmountCents: 0, Payer: "otro"},
		"before the resolución":    {PaidOn: day(5, 31), AmountCents: 100, Payer: "otro"},
		"a víctima of no link":     {PaidOn: day(6, 10), AmountCents: 100, Payer: "otro", VictimID: uuid.NullUUID{UUID: uuid.New(), Valid: true}},
	} {
		if _, err := f.svc.RecordPayment(ctx, f.bj, f.carpeta, f.ordered, in); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	last, err := f.svc.RecordPayment(ctx, f.bj, f.carpeta, f.ordered, pay(600_000))
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.svc.Payments(ctx, f.bj, f.carpeta, f.ordered, reason)
	if err != nil {
		t.Fatal(err)
	}
	if b.Paid != 1_000_000 || b.Pending() != 0 || len(b.Payments) != 2 {
		t.Errorf("balance paid %d pending %d with %d payments, want 1000000, 0 and 2", b.Paid, b.Pending(), len(b.Payments))
	}
	why := corrections.Reason{Code: "error_captura", Text: "Monto mal capturado"}
	if err := f.svc.VoidPayment(ctx, f.bj, f.carpeta, f.ordered, last.ID, last.Version+1, why); apperr.CodeOf(err) != apperr.PreconditionFailed {
		t.Errorf("voiding from a stale copy: %v, want precondition failed", err)
	}
	if err := f.svc.VoidPayment(ctx, f.bj, f.carpeta, f.ordered, last.ID, last.Version, corrections.Reason{Code: "otro"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("voiding for otro without words: %v, want invalid", err)
	}
	if err := f.svc.VoidPayment(ctx, f.bj, f.carpeta, f.none, last.ID, last.Version, why); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("voiding a payment through another resolución: %v, want not found", err)
	}
	if err := f.svc.VoidPayment(ctx, f.bj, f.carpeta, f.ordered, last.ID, last.Version, why); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.VoidPayment(ctx, f.bj, f.carpeta, f.ordered, last.ID, last.Version+1, why); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("voiding a voided payment: %v, want conflict", err)
	}
	d, err := f.svc.Get(ctx, f.bj, f.carpeta, reason)
	if err != nil {
		t.Fatal(err)
	}
	b = d.Balances[0]
	if b.ResolucionID != f.ordered || b.Paid != 400_000 || b.Pending() != 600_000 || len(b.Payments) != 2 {
		t.Fatalf("after the voiding: %+v, want 400000 paid and 600000 pending, both payments listed", b)
	}
	voided := b.Payments[1]
	if voided.VoidedAt == nil || voided.VoidReasonText != why.Text || *voided.VoidReasonCode != why.Code || *voided.VoidedByInstitution != "FGE" {
		t.Errorf("the voided payment reads %+v, want who, when and why kept", voided.ReparationPayment)
	}
	var clear int
	if err := f.owner.QueryRow(ctx, `SELECT count(*) FROM reparation_payments WHERE position(convert_to('Monto mal', 'UTF8') in void_reason_enc) > 0`).Scan(&clear); err != nil || clear != 0 {
		t.Errorf("the voiding's reason is stored in clear (%d rows, %v)", clear, err)
	}
	var actions []string
	rows, err := f.owner.Query(ctx, `SELECT action FROM audit_events WHERE record_id = $1 AND action LIKE '%pago%' ORDER BY id`, f.carpeta.String())
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actions = append(actions, a)
	}
	want := []string{"carpeta.registrar_pago_reparacion", "carpeta.registrar_pago_reparacion", "carpeta.consultar_pagos_reparacion",
		"carpeta.anular_pago_reparacion"}
	if len(actions) != len(want) {
		t.Fatalf("audited %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Errorf("audited %v, want %v", actions, want)
			break
		}
	}
}

func TestReparationPayments_OutOfScopeIsNotFound(t *testing.T) {
	t.Parallel()
	f := newReparationFixture(t)
	ctx := context.Background()
	p, err := f.svc.RecordPayment(ctx, f.bj, f.carpeta, f.ordered, pay(100_000))
	if err != nil {
		t.Fatal(err)
	}
	other := f.e.Principal(t, "CEAVEQROO", "fiscalia", "23005")
	for name, caller := range map[string]*authz.Principal{"another municipio's Fiscalía": f.opb, "another institution in the municipio": other} {
		if _, err := f.svc.RecordPayment(ctx, caller, f.carpeta, f.ordered, pay(100)); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s recorded a payment: %v, want not found", name, err)
		}
		if _, err := f.svc.Payments(ctx, caller, f.carpeta, f.ordered, audit.Reason{Code: "procuracion_justicia"}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s read the payments: %v, want not found", name, err)
		}
		if err := f.svc.VoidPayment(ctx, caller, f.carpeta, f.ordered, p.ID, p.Version, corrections.Reason{Code: "duplicado"}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s voided a payment: %v, want not found", name, err)
		}
	}
	stranger := f.e.Principal(t, "FGE", "fiscalia", "23005")
	c, err := f.svc.Create(ctx, stranger, carpetas.Input{Number: "FGE/BJ/701/2024", FiscaliaUnit: "FETP", StartedOn: day(3, 1),
		Municipio: "23005", Modalidad: "explotacion_sexual"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordPayment(ctx, f.bj, c.ID, f.ordered, pay(100)); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a payment naming another carpeta's resolución: %v, want not found", err)
	}
	// The database holds it too: a payment's row-level security follows
	// the carpeta it names, so it may name no other carpeta's resolución.
	if _, err := f.owner.Exec(ctx, `INSERT INTO reparation_payments (id, resolucion_id, carpeta_id, paid_on, amount_cents, payer,
		institution_code, created_at, created_by) SELECT gen_random_uuid(), $1, $2, '2024-06-10', 100, 'otro', 'FGE', now(), created_by
		FROM carpetas WHERE id = $2`, f.ordered, c.ID); err == nil {
		t.Error("the database took a payment of one carpeta's resolución under another carpeta")
	}
}

// Two payments recorded at once are checked one after the other: together
// they would pass the amount ordered, so exactly one is recorded.
func TestRecordPayment_AtOnceNeverPassTheOrder(t *testing.T) {
	t.Parallel()
	f := newReparationFixture(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.svc.RecordPayment(ctx, f.bj, f.carpeta, f.ordered, pay(600_000))
		}()
	}
	wg.Wait()
	var paid int64
	if err := f.owner.QueryRow(ctx, `SELECT coalesce(sum(amount_cents), 0) FROM reparation_payments WHERE resolucion_id = $1`, f.ordered).Scan(&paid); err != nil {
		t.Fatal(err)
	}
	if paid != 600_000 || (errs[0] == nil) == (errs[1] == nil) {
		t.Errorf("two payments of $6,000.00 on $10,000.00 at once: %v, %v; paid %d, want one recorded", errs[0], errs[1], paid)
	}
}

func TestPesos_WritesMexicanPesos(t *testing.T) {
	t.Parallel()
	for cents, want := range map[int64]string{0: "$0.00", 5: "$0.05", 123456789: "$1,234,567.89", 100000: "$1,000.00", -150: "-$1.50"} {
		if got := carpetas.Pesos(cents); got != want {
			t.Errorf("Pesos(%d) = %q, want %q", cents, got, want)
		}
	}
}

// The amount ordered is corrected from a current copy, never below what
// has been paid; a resolución that gave none takes one, and then payments.
func TestCorrectOrderedAmount_NeverBelowWhatWasPaid(t *testing.T) {
	t.Parallel()
	f := newReparationFixture(t)
	ctx := context.Background()
	why := corrections.Reason{Code: "informacion_nueva", Text: "Resolución de apelación"}
	if _, err := f.svc.RecordPayment(ctx, f.bj, f.carpeta, f.ordered, pay(700_000)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CorrectOrderedAmount(ctx, f.bj, f.carpeta, f.ordered, 1, 699_999, why); apperr.CodeOf(err) != apperr.Unprocessable {
		t.Errorf("an amount below what was paid: %v, want unprocessable", err)
	}
	if _, err := f.svc.CorrectOrderedAmount(ctx, f.bj, f.carpeta, f.ordered, 2, 1_500_000, why); apperr.CodeOf(err) != apperr.PreconditionFailed {
		t.Errorf("a correction from a stale copy: %v, want precondition failed", err)
	}
	if _, err := f.svc.CorrectOrderedAmount(ctx, f.opb, f.carpeta, f.ordered, 1, 1_500_000, why); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another municipio's Fiscalía corrected the amount: %v, want not found", err)
	}
	if _, err := f.svc.CorrectOrderedAmount(ctx, f.bj, f.carpeta, f.none, 1, 1_500_000, why); apperr.CodeOf(err) != apperr.Unprocessable {
		t.Errorf("an amount on a resolución that ordered no reparación: %v, want unprocessable", err)
	}
	if v, err := f.svc.CorrectOrderedAmount(ctx, f.bj, f.carpeta, f.ordered, 1, 1_500_000, why); err != nil || v != 2 {
		t.Fatalf("a correction: version %d, %v", v, err)
	}
	if _, err := f.svc.RecordPayment(ctx, f.bj, f.carpeta, f.ordered, pay(800_000)); err != nil {
		t.Errorf("a payment within the corrected amount: %v", err)
	}
	if _, err := f.svc.CorrectOrderedAmount(ctx, f.bj, f.carpeta, f.withoutSum, 1, 300_000, why); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordPayment(ctx, f.bj, f.carpeta, f.withoutSum, pay(300_000)); err != nil {
		t.Errorf("a payment once the amount is given: %v", err)
	}
	var previous *int64
	var clear int
	if err := f.owner.QueryRow(ctx, `SELECT previous_cents, (position(convert_to('apelación', 'UTF8') in reason_enc) > 0)::int
		FROM reparation_amount_changes WHERE resolucion_id = $1`, f.ordered).Scan(&previous, &clear); err != nil || previous == nil || *previous != 1_000_000 || clear != 0 {
		t.Errorf("the correction kept %v as the amount before (%v), reason in clear %d; want 1000000, sealed", previous, err, clear)
	}
}
