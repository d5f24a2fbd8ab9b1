package victims_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/victims"
)

// statementCounter counts the statements a pool sends to PostgreSQL.
type statementCounter struct{ n atomic.Int64 }

func (c *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// A search by CURP that matches víctimas outside the caller's scope must
// not take longer than one that matches nobody, or its time would tell
// that the person is registered. Both answer the same and send the same
// statements to the database: the scope is applied in the look-up itself.
func TestSearch_AMatchOutOfScopeDoesTheWorkOfNoMatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(f.db.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	var statements statementCounter
	cfg.ConnConfig.Tracer = &statements
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	traced := testapp.Wire(t, store.New(pool), f.keys, testapp.WithClock(clock.Fixed(now))).Victims

	registering := f.principal(t, "CEAVEQROO", "capturista", "23005")
	other := f.principal(t, "DIF", "capturista", "23005")
	registered, nobodys := curp(1), curp(2)
	for _, name := range []string{"Carla", "Carla María", "Carla M."} {
		r := registration(name, "Pérez", "", registered, "")
		r.ConfirmDuplicate = true
		if _, err := f.svc.Register(ctx, registering, r); err != nil {
			t.Fatal(err)
		}
	}
	search := func(p *authz.Principal, curp string) ([]victims.Summary, int64) {
		t.Helper()
		before := statements.n.Load()
		found, err := traced.Search(ctx, p, victims.Terms{Personal: victims.Personal{CURP: curp}})
		if err != nil {
			t.Fatal(err)
		}
		return found, statements.n.Load() - before
	}
	outOfScope, outOfScopeStatements := search(other, registered)
	none, noneStatements := search(other, nobodys)
	if len(outOfScope) != 0 || len(none) != 0 {
		t.Errorf("another institution found %v and %v, want nothing", outOfScope, none)
	}
	if outOfScopeStatements != noneStatements {
		t.Errorf("a match out of scope took %d statements, no match %d", outOfScopeStatements, noneStatements)
	}
	if own, _ := search(registering, registered); len(own) != 3 {
		t.Errorf("the registering institution found %d, want 3", len(own))
	}
}

// A search by parts of a name finds, in the caller's scope only, the
// víctimas whose names or alias hold every part, whatever the case or
// accents, with their names; it audits the víctimas found, never the terms.
func TestSearch_ByFragmentsOfANameFindsOnlyInScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	bj := f.principal(t, "CEAVEQROO", "capturista", "23005")
	dif := f.principal(t, "DIF", "capturista", "23005")
	cozumel := f.principal(t, "CEAVEQROO", "capturista", "23001")
	grupo := f.principal(t, "CEAVEQROO", "grupo_trabajo", "23005")
	register := func(p *authz.Principal, municipio, given, first, second string) uuid.UUID {
		r := registration(given, first, second, "", "")
		r.Municipio = municipio
		v, err := f.svc.Register(ctx, p, r)
		if err != nil {
			t.Fatal(err)
		}
		return v.ID
	}
	maria := register(bj, "23005", "María José", "López", "Pat")
	marisol := register(bj, "23005", "Marisol", "Lopéz", "")
	register(bj, "23005", "Mario", "Chan", "")
	register(dif, "23005", "María", "López", "Canul")
	register(cozumel, "23001", "Mariana", "López", "")
	erased := register(bj, "23005", "Marta", "Lópezón", "")
	if err := f.svc.Erase(ctx, bj, erased, audit.Reason{Code: "solicitud_arco"}); err != nil {
		t.Fatal(err)
	}

	found, err := f.svc.Search(ctx, bj, victims.Terms{Fragment: "  MAR lop "})
	if err != nil {
		t.Fatal(err)
	}
	got := map[uuid.UUID]string{}
	for _, v := range found {
		got[v.ID] = v.Name
	}
	want := map[uuid.UUID]string{maria: "María José López Pat", marisol: "Marisol Lopéz"}
	if !maps.Equal(got, want) {
		t.Errorf("CEAVEQROO of Benito Juárez found %v, want %v", got, want)
	}
	if found, _ := f.svc.Search(ctx, bj, victims.Terms{Fragment: "josé pat"}); len(found) != 1 || found[0].ID != maria {
		t.Errorf("parts in any order found %v, want María José", found)
	}

	var details []string
	rows, _ := f.owner.Query(ctx, "SELECT detail FROM audit_events WHERE action = 'victima.buscar' AND outcome = 'ok' ORDER BY id")
	for rows.Next() {
		var d string
		rows.Scan(&d)
		details = append(details, d)
	}
	if len(details) != 2 || !strings.HasPrefix(details[0], "fragmento_nombre: ") ||
		!strings.Contains(details[0], maria.String()) || !strings.Contains(details[0], marisol.String()) {
		t.Errorf("the searches were audited as %q", details)
	}
	for _, d := range details {
		if strings.Contains(strings.ToUpper(d), "MAR") || strings.Contains(strings.ToUpper(d), "LOP") {
			t.Errorf("the audit trail holds the search terms: %q", d)
		}
	}
	var shown []string
	rows, _ = f.owner.Query(ctx, "SELECT record_id FROM audit_events WHERE action = 'victima.nombre_mostrado' ORDER BY record_id")
	for rows.Next() {
		var id string
		rows.Scan(&id)
		shown = append(shown, id)
	}
	want2 := []string{maria.String(), marisol.String(), maria.String()}
	slices.Sort(want2)
	if !slices.Equal(shown, want2) {
		t.Errorf("names shown were audited under %v, want each víctima named under her record: %v", shown, want2)
	}

	if _, err := f.svc.Search(ctx, bj, victims.Terms{Fragment: "ma lopez"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a part of two letters answered %v, want a validation error", err)
	}
	if _, err := f.svc.Search(ctx, grupo, victims.Terms{Fragment: "maria"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the Grupo de Trabajo's minimal view searched by name: %v", err)
	}
}

// A search matching more víctimas than it may name asks for more letters
// and names none.
func TestSearch_ByFragmentsRefusesToNameMoreThanTwenty(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	bj := f.principal(t, "CEAVEQROO", "capturista", "23005")
	for i := range 21 {
		if _, err := f.svc.Register(ctx, bj, registration(fmt.Sprintf("Ana%02d", i), "Ruiz", "", "", "")); err != nil {
			t.Fatal(err)
		}
	}
	found, err := f.svc.Search(ctx, bj, victims.Terms{Fragment: "ruiz"})
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid || len(found) != 0 || len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Message, "más letras") {
		t.Errorf("21 matches answered %d víctimas and %v", len(found), err)
	}
	var refused int
	f.owner.QueryRow(ctx, "SELECT count(*) FROM audit_events WHERE action = 'victima.buscar' AND outcome = 'denied'").Scan(&refused)
	if refused != 1 {
		t.Errorf("a search refused for naming too many was audited %d times, want once", refused)
	}
	if found, err := f.svc.Search(ctx, bj, victims.Terms{Fragment: "ana ruiz"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("21 matches of two parts answered %d víctimas and %v", len(found), err)
	}
	if found, err := f.svc.Search(ctx, bj, victims.Terms{Fragment: "Ruíz a07"}); err != nil || len(found) != 1 || found[0].Name != "Ana07 Ruiz" {
		t.Errorf("a narrower search answered %v, %v; want Ana07 Ruiz", found, err)
	}
}
