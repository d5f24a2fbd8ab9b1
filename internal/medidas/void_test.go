package medidas_test

import (
	"context"
	"testing"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/corrections"
	"sintra/internal/medidas"
)

func TestMedida_VoidedByMistake_KeepsItsTombstoneAndTakesNoChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	svc := f.env.Medidas
	m := f.create(t)
	if _, err := svc.Evaluate(ctx, f.owner, m.ID, medidas.Assessment{RiskLevel: "alto", AssessedOn: day("2025-02-01"),
		NextReviewOn: day("2025-03-01")}); err != nil {
		t.Fatal(err)
	}
	if due, _, _ := svc.DueForReview(ctx, f.owner, today, 10, 0); len(due) != 1 {
		t.Fatalf("before voiding, due for review: %+v", due)
	}
	reason := corrections.Reason{Code: "duplicado", Text: "Registrada dos veces para Lucía"}
	if err := svc.Void(ctx, f.owner, m.ID, 1, reason); apperr.CodeOf(err) != apperr.PreconditionFailed {
		t.Errorf("voiding a stale copy: %v, want precondition failed", err)
	}
	if err := svc.Void(ctx, f.owner, m.ID, 2, corrections.Reason{Code: "otro"}); !hasField(err, "reason_text") {
		t.Errorf("voiding for otro without words: %v, want a message on reason_text", err)
	}
	if err := svc.Void(ctx, f.owner, m.ID, 2, reason); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Get(ctx, f.owner, m.ID, why)
	if err != nil {
		t.Fatal(err)
	}
	if d.VoidedAt == nil || *d.VoidReasonCode != "duplicado" || d.VoidReason != reason.Text || *d.VoidedBy != f.owner.UserID ||
		*d.VoidedByInstitution != "CEAVEQROO" || d.Version != 3 {
		t.Errorf("the voided medida reads %+v", d)
	}
	list, err := svc.OfVictim(ctx, f.owner, f.victim)
	if err != nil || len(list) != 1 || list[0].VoidedAt == nil {
		t.Errorf("her list: %+v %v, want the voided medida marked", list, err)
	}
	if due, n, _ := svc.DueForReview(ctx, f.owner, today, 10, 0); len(due) != 0 || n != 0 {
		t.Errorf("a voided medida is due for review: %+v", due)
	}
	if n, _ := svc.CountDueForReview(ctx, f.owner); n != 0 {
		t.Errorf("the avisos count %d voided medidas due", n)
	}
	for name, err := range map[string]error{
		"change": func() error {
			_, err := svc.Update(ctx, f.owner, m.ID, 3, medidas.Change{Observations: ptr("x")})
			return err
		}(),
		"assess": func() error {
			_, err := svc.Evaluate(ctx, f.owner, m.ID, medidas.Assessment{RiskLevel: "bajo", AssessedOn: day("2025-03-01"), NextReviewOn: day("2025-04-01")})
			return err
		}(),
		"void": svc.Void(ctx, f.owner, m.ID, 3, reason),
		"old etag": func() error {
			_, err := svc.Update(ctx, f.owner, m.ID, 2, medidas.Change{Observations: ptr("x")})
			return err
		}(),
	} {
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("%s of a voided medida: %v, want conflict", name, err)
		}
	}
	// Her erasure destroys the reason's words with the rest of her text.
	if err := f.env.Victims.Erase(ctx, f.owner, f.victim, audit.Reason{Code: "solicitud_arco"}); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := f.env.Owner(t).QueryRow(ctx, `SELECT count(*) FROM medidas_proteccion WHERE id = $1 AND void_reason_enc IS NOT NULL`,
		m.ID).Scan(&left); err != nil || left != 0 {
		t.Errorf("the reason's ciphertext after her erasure: %d %v", left, err)
	}
}

func TestMedida_DateEnteredByMistake_IsClearedUnlessItsStatusNeedsIt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	svc := f.env.Medidas
	m := f.create(t)
	m, err := svc.Update(ctx, f.owner, m.ID, m.Version, medidas.Change{StartsOn: ptr(day("2025-03-01")), EndsOn: ptr(day("2025-04-01"))})
	if err != nil {
		t.Fatal(err)
	}
	// Still solicitada: both days go.
	if m, err = svc.Update(ctx, f.owner, m.ID, m.Version, medidas.Change{Clear: []string{"starts_on", "ends_on"}}); err != nil {
		t.Fatal(err)
	}
	if m.StartsOn != nil || m.EndsOn != nil {
		t.Errorf("after clearing: starts %v ends %v", m.StartsOn, m.EndsOn)
	}
	if m, err = svc.Update(ctx, f.owner, m.ID, m.Version, medidas.Change{Status: ptr("otorgada"), On: ptr(day("2025-02-03")),
		GrantingAuthority: ptr("juez"), GrantedOn: ptr(day("2025-02-03"))}); err != nil {
		t.Fatal(err)
	}
	if m, err = svc.Update(ctx, f.owner, m.ID, m.Version, medidas.Change{Status: ptr("vigente"), On: ptr(day("2025-02-04"))}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		clear, field string
	}{
		{"starts_on", "starts_on"}, {"granted_on", "granted_on"}, {"granting_authority", "granting_authority"}, {"requested_on", "requested_on"},
	} {
		if _, err := svc.Update(ctx, f.owner, m.ID, m.Version, medidas.Change{Clear: []string{c.clear}}); !hasField(err, c.field) {
			t.Errorf("clearing %s of a medida vigente: %v, want a message on %s", c.clear, err, c.field)
		}
	}
	if m, err = svc.Update(ctx, f.owner, m.ID, m.Version, medidas.Change{Status: ptr("concluida"), On: ptr(day("2025-05-02"))}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Update(ctx, f.owner, m.ID, m.Version, medidas.Change{Clear: []string{"ends_on"}}); !hasField(err, "ends_on") {
		t.Errorf("clearing the end of a concluded medida: %v, want a message on ends_on", err)
	}
	// A wrong end is corrected in one change: cleared and set again is just set.
	if m, err = svc.Update(ctx, f.owner, m.ID, m.Version, medidas.Change{EndsOn: ptr(day("2025-05-01"))}); err != nil || !m.EndsOn.Equal(day("2025-05-01")) {
		t.Errorf("correcting the end: %v %v", m.EndsOn, err)
	}
}
