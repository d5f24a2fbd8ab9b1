package medidas_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/carpetas"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/medidas"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// today is the day the tests run on: the clock stands still.
var today = time.Date(2025, 6, 30, 15, 0, 0, 0, time.UTC)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

var why = audit.Reason{Code: "seguimiento_caso"}

// fixture is a víctima registered by a CEAVEQROO caseworker of Benito
// Juárez (23005), identified on 2025-01-10.
type fixture struct {
	env    *testapp.Env
	owner  *authz.Principal
	victim uuid.UUID
	folio  string
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(today)))
	owner := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	v, err := e.Victims.Register(context.Background(), owner, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2025-01-10")},
		Personal:   victims.Personal{GivenNames: "Lucía"}})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{env: e, owner: owner, victim: v.ID, folio: v.Folio}
}

func (f fixture) create(t *testing.T) domain.MedidaProteccion {
	t.Helper()
	m, err := f.env.Medidas.Create(context.Background(), f.owner, f.victim, medidas.Input{Type: "escolta_vigilancia",
		Beneficiary: "ambas", RequestedBy: "CEAVEQROO", RequestedOn: day("2025-02-01"),
		Observations: "Amenazas por teléfono del tratante", Family: "Su hija de 8 años, que vive con ella"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMedida_RequestedGrantedInForceReviewedAndConcluded_KeepsItsHistory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	svc := f.env.Medidas
	m := f.create(t)
	if m.Status != "solicitada" || m.Version != 1 {
		t.Fatalf("created %+v", m)
	}
	if _, err := svc.Evaluate(ctx, f.owner, m.ID, medidas.Assessment{RiskLevel: "alto", AssessedOn: day("2025-02-01"),
		NextReviewOn: day("2025-03-01"), Notes: "El tratante conoce su domicilio"}); err != nil {
		t.Fatal(err)
	}
	m, err := svc.Update(ctx, f.owner, m.ID, 2, medidas.Change{Status: ptr("otorgada"), On: ptr(day("2025-02-03")),
		GrantingAuthority: ptr("ministerio_publico"), GrantedOn: ptr(day("2025-02-03"))})
	if err != nil {
		t.Fatal(err)
	}
	if m, err = svc.Update(ctx, f.owner, m.ID, m.Version, medidas.Change{Status: ptr("vigente"), On: ptr(day("2025-02-04"))}); err != nil {
		t.Fatal(err)
	}
	if m.StartsOn == nil || !m.StartsOn.Equal(day("2025-02-04")) {
		t.Errorf("a medida in force starts on %v, want the day it came into force", m.StartsOn)
	}
	// Due for review on the day of the review, and found by the query.
	due, total, err := svc.DueForReview(ctx, f.owner, day("2025-03-01"), 10, 0)
	if err != nil || len(due) != 1 || total != 1 || due[0].ID != m.ID || due[0].VictimFolio == "" {
		t.Fatalf("due for review on 2025-03-01: %+v %v", due, err)
	}
	if _, err := svc.Evaluate(ctx, f.owner, m.ID, medidas.Assessment{RiskLevel: "medio", AssessedOn: day("2025-03-01"),
		NextReviewOn: day("2025-04-01")}); err != nil {
		t.Fatal(err)
	}
	if due, _, _ := svc.DueForReview(ctx, f.owner, day("2025-03-01"), 10, 0); len(due) != 0 {
		t.Errorf("a medida reviewed is still due: %+v", due)
	}
	d, err := svc.Get(ctx, f.owner, m.ID, why)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Update(ctx, f.owner, m.ID, d.Version, medidas.Change{Status: ptr("concluida"), On: ptr(day("2025-05-02"))}); err != nil {
		t.Fatal(err)
	}
	if due, _, _ := svc.DueForReview(ctx, f.owner, day("2025-06-30"), 10, 0); len(due) != 0 {
		t.Errorf("a concluded medida is due for review: %+v", due)
	}
	d, err = svc.Get(ctx, f.owner, m.ID, why)
	if err != nil {
		t.Fatal(err)
	}
	var statuses []string
	for _, h := range d.History {
		statuses = append(statuses, h.Status+" "+h.OccurredOn.Format(time.DateOnly))
		if h.ChangedByName == "" || h.ChangedAt.IsZero() {
			t.Errorf("history entry %+v does not say who changed it and when", h)
		}
	}
	want := []string{"solicitada 2025-02-01", "otorgada 2025-02-03", "vigente 2025-02-04", "concluida 2025-05-02"}
	if len(statuses) != len(want) {
		t.Fatalf("history %v, want %v", statuses, want)
	}
	for i := range want {
		if statuses[i] != want[i] {
			t.Errorf("history %v, want %v", statuses, want)
		}
	}
	if len(d.Evaluations) != 2 || d.Evaluations[0].RiskLevel != "alto" || d.Evaluations[0].Notes != "El tratante conoce su domicilio" ||
		d.Evaluations[1].RiskLevel != "medio" || *d.RiskLevel != "medio" || !d.NextReviewOn.Equal(day("2025-04-01")) {
		t.Errorf("evaluations %+v, medida risk %v next %v", d.Evaluations, d.RiskLevel, d.NextReviewOn)
	}
	if d.Observations != "Amenazas por teléfono del tratante" || d.Family != "Su hija de 8 años, que vive con ella" {
		t.Errorf("text %q %q", d.Observations, d.Family)
	}
	if d.EndsOn == nil || !d.EndsOn.Equal(day("2025-05-02")) {
		t.Errorf("a concluded medida ends on %v, want the day it concluded", d.EndsOn)
	}
	if _, err := svc.Evaluate(ctx, f.owner, m.ID, medidas.Assessment{RiskLevel: "bajo", AssessedOn: day("2025-06-01"),
		NextReviewOn: day("2025-07-01")}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a concluded medida's risk was assessed: %v", err)
	}
}

func TestMedida_InconsistentDates_AreRefusedFieldByField(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	svc := f.env.Medidas
	m := f.create(t)
	for _, c := range []struct {
		name   string
		change medidas.Change
		field  string
	}{
		{"granted before requested", medidas.Change{Status: ptr("otorgada"), On: ptr(day("2025-02-03")),
			GrantingAuthority: ptr("juez"), GrantedOn: ptr(day("2025-01-20"))}, "granted_on"},
		{"granted without an authority", medidas.Change{Status: ptr("otorgada"), On: ptr(day("2025-02-03")),
			GrantedOn: ptr(day("2025-02-03"))}, "granting_authority"},
		{"end before start", medidas.Change{StartsOn: ptr(day("2025-03-01")), EndsOn: ptr(day("2025-02-15"))}, "ends_on"},
		{"start before request", medidas.Change{StartsOn: ptr(day("2025-01-15"))}, "starts_on"},
		{"status change before the request", medidas.Change{Status: ptr("negada"), On: ptr(day("2025-01-31"))}, "on"},
		{"status change in the future", medidas.Change{Status: ptr("negada"), On: ptr(day("2025-07-01"))}, "on"},
		{"a step the workflow does not have", medidas.Change{Status: ptr("concluida"), On: ptr(day("2025-02-03"))}, "status"},
		{"an unknown authority", medidas.Change{GrantingAuthority: ptr("vecino")}, "granting_authority"},
	} {
		_, err := svc.Update(ctx, f.owner, m.ID, m.Version, c.change)
		if !hasField(err, c.field) {
			t.Errorf("%s: %v, want a message on %s", c.name, err, c.field)
		}
	}
	for _, c := range []struct {
		name  string
		in    medidas.Assessment
		field string
	}{
		{"review before the assessment", medidas.Assessment{RiskLevel: "alto", AssessedOn: day("2025-02-10"), NextReviewOn: day("2025-02-10")}, "next_review_on"},
		{"assessed before the request", medidas.Assessment{RiskLevel: "alto", AssessedOn: day("2025-01-20"), NextReviewOn: day("2025-03-10")}, "assessed_on"},
		{"an unknown level", medidas.Assessment{RiskLevel: "extremo", AssessedOn: day("2025-02-10"), NextReviewOn: day("2025-03-10")}, "risk_level"},
	} {
		if _, err := svc.Evaluate(ctx, f.owner, m.ID, c.in); !hasField(err, c.field) {
			t.Errorf("%s: %v, want a message on %s", c.name, err, c.field)
		}
	}
	for _, c := range []struct {
		name  string
		in    medidas.Input
		field string
	}{
		{"requested before her identification", medidas.Input{Type: "boton_panico", Beneficiary: "victima", RequestedBy: "FGE",
			RequestedOn: day("2025-01-09")}, "requested_on"},
		{"an unknown type", medidas.Input{Type: "helicoptero", Beneficiary: "victima", RequestedBy: "FGE", RequestedOn: day("2025-02-09")}, "type"},
		{"an institution out of the catalog", medidas.Input{Type: "boton_panico", Beneficiary: "victima", RequestedBy: "NADIE",
			RequestedOn: day("2025-02-09")}, "requested_by"},
		{"an unknown beneficiary", medidas.Input{Type: "boton_panico", Beneficiary: "vecinos", RequestedBy: "FGE",
			RequestedOn: day("2025-02-09")}, "beneficiary"},
	} {
		if _, err := svc.Create(ctx, f.owner, f.victim, c.in); !hasField(err, c.field) {
			t.Errorf("%s: %v, want a message on %s", c.name, err, c.field)
		}
	}
	if _, err := svc.Update(ctx, f.owner, m.ID, m.Version+1, medidas.Change{Observations: ptr("x")}); apperr.CodeOf(err) != apperr.PreconditionFailed {
		t.Errorf("a stale copy: %v, want precondition failed", err)
	}
}

func hasField(err error, field string) bool {
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.Invalid {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field && f.Message != "" {
			return true
		}
	}
	return false
}

func TestMedida_OutOfScope_IsNotFoundEverywhere(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	e := f.env
	m := f.create(t)
	// The Fiscalía of her municipio with a carpeta she is in reads it, and
	// changes nothing.
	fge := e.Principal(t, "FGE", "fiscalia", "23005")
	if _, err := e.Carpetas.Create(ctx, fge, carpetas.Input{Number: "FGE/BJ/1/2025", FiscaliaUnit: "FETP", Municipio: "23005",
		StartedOn: day("2025-01-15"), Modalidad: "explotacion_sexual", Victims: []carpetas.VictimRef{{Folio: f.folio}}}); err != nil {
		t.Fatal(err)
	}
	if d, err := e.Medidas.Get(ctx, fge, m.ID, why); err != nil || d.Observations == "" {
		t.Errorf("the Fiscalía with her carpeta: %v", err)
	}
	if list, err := e.Medidas.OfVictim(ctx, fge, f.victim); err != nil || len(list) != 1 {
		t.Errorf("the Fiscalía lists %v %v", list, err)
	}
	if _, err := e.Medidas.Update(ctx, fge, m.ID, 1, medidas.Change{Observations: ptr("x")}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the Fiscalía changed a medida: %v", err)
	}
	for _, who := range []*authz.Principal{
		e.Principal(t, "CEAVEQROO", "capturista", "23004"), // another municipio
		e.Principal(t, "IQM", "capturista", "23005"),       // another institution
		e.Principal(t, "FGE", "fiscalia", "23004"),         // a Fiscalía without her carpeta
	} {
		if _, err := e.Medidas.Get(ctx, who, m.ID, why); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s in %v reads: %v", who.Institution, who.Assignments, err)
		}
		if _, err := e.Medidas.OfVictim(ctx, who, f.victim); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s in %v lists: %v", who.Institution, who.Assignments, err)
		}
		if who.Assignments[0].Role != "capturista" {
			continue
		}
		if _, err := e.Medidas.Create(ctx, who, f.victim, medidas.Input{Type: "boton_panico", Beneficiary: "victima",
			RequestedBy: "IQM", RequestedOn: day("2025-02-09")}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s in %v creates: %v", who.Institution, who.Assignments, err)
		}
		if _, err := e.Medidas.Update(ctx, who, m.ID, 1, medidas.Change{Observations: ptr("x")}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s in %v changes: %v", who.Institution, who.Assignments, err)
		}
		if _, err := e.Medidas.Evaluate(ctx, who, m.ID, medidas.Assessment{RiskLevel: "bajo", AssessedOn: day("2025-02-10"),
			NextReviewOn: day("2025-03-10")}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s in %v assesses: %v", who.Institution, who.Assignments, err)
		}
		if due, n, err := e.Medidas.DueForReview(ctx, who, day("2030-01-01"), 10, 0); err != nil || len(due) != 0 || n != 0 {
			t.Errorf("%s in %v finds due %v %v", who.Institution, who.Assignments, due, err)
		}
	}
	// A medida that does not exist answers as one out of scope.
	if _, err := e.Medidas.Get(ctx, f.owner, uuid.New(), why); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a missing medida: %v", err)
	}
}

func TestMedida_HerErasure_ShredsItsText(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	e := f.env
	m := f.create(t)
	ev, err := e.Medidas.Evaluate(ctx, f.owner, m.ID, medidas.Assessment{RiskLevel: "alto", AssessedOn: day("2025-02-01"),
		NextReviewOn: day("2025-03-01"), Notes: "Vive en la colonia Centro"})
	if err != nil {
		t.Fatal(err)
	}
	// A copy of the ciphertexts, as a backup taken before the erasure keeps them.
	owner := testdb.Pool(t, e.DB.OwnerURL)
	var observations, family, notes []byte
	if err := owner.QueryRow(ctx, `SELECT observations_enc, family_enc FROM medidas_proteccion WHERE id = $1`, m.ID).Scan(&observations, &family); err != nil {
		t.Fatal(err)
	}
	if err := owner.QueryRow(ctx, `SELECT notes_enc FROM medida_proteccion_evaluaciones WHERE id = $1`, ev.ID).Scan(&notes); err != nil {
		t.Fatal(err)
	}
	if observations == nil || family == nil || notes == nil {
		t.Fatal("the text was not sealed")
	}
	if err := e.Victims.Erase(ctx, f.owner, f.victim, audit.Reason{Code: "solicitud_arco"}); err != nil {
		t.Fatal(err)
	}
	d, err := e.Medidas.Get(ctx, f.owner, m.ID, why)
	if err != nil {
		t.Fatal(err)
	}
	if d.Observations != "" || d.Family != "" || d.Evaluations[0].Notes != "" || d.Type != "escolta_vigilancia" || *d.RiskLevel != "alto" {
		t.Errorf("after her erasure: %+v", d)
	}
	var left int
	if err := owner.QueryRow(ctx, `SELECT count(*) FROM medidas_proteccion m JOIN medida_proteccion_evaluaciones v ON v.medida_id = m.id
		WHERE m.victim_id = $1 AND (m.observations_enc IS NOT NULL OR m.family_enc IS NOT NULL OR v.notes_enc IS NOT NULL)`, f.victim).Scan(&left); err != nil || left != 0 {
		t.Errorf("ciphertexts left after her erasure: %d %v", left, err)
	}
	// The copies kept no longer open: her key is gone.
	err = e.Store.Tx(ctx, func(tx *store.Store) error {
		_, err := e.Texts.Key(ctx, tx, sealed.Victim(f.victim))
		return err
	})
	if !errors.Is(err, sealed.ErrShredded) {
		t.Errorf("her key after the erasure: %v, want it shredded", err)
	}
	// And her medidas may no longer change.
	if _, err := e.Medidas.Update(ctx, f.owner, m.ID, d.Version, medidas.Change{Observations: ptr("x")}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a change after her erasure: %v, want conflict", err)
	}
}

// TestDueForReview_IsFoundThroughItsIndex: the medidas due for a risk
// review, which alerts look for, are read through an index, not a scan.
func TestDueForReview_IsFoundThroughItsIndex(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	conn, err := testdb.Pool(t, f.env.DB.OwnerURL).Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.Query(ctx, `EXPLAIN SELECT id FROM medidas_proteccion
		WHERE status IN ('solicitada', 'otorgada', 'vigente') AND next_review_on IS NOT NULL AND next_review_on <= '2025-03-01'
		  AND voided_at IS NULL AND municipio_code = ANY('{23005}'::text[])`)
	if err != nil {
		t.Fatal(err)
	}
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if !strings.Contains(plan.String(), "medidas_proteccion_due_review") {
		t.Errorf("the medidas due for review are not read through their index:\n%s", plan.String())
	}
}
