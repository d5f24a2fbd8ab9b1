package carpetas_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/carpetas"
	"sintra/internal/corrections"
	"sintra/internal/domain"
	"sintra/internal/testapp"
	"sintra/internal/testdb"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
)

func TestMain(m *testing.M) { testdb.Main(m) }

var statuses = []string{"en_investigacion", "judicializada", "vinculacion_proceso", "sentencia_condenatoria",
	"sentencia_absolutoria", "no_ejercicio_archivo"}

// routes reach each status through allowed steps.
var routes = map[string][]string{
	"en_investigacion":       {},
	"judicializada":          {"judicializada"},
	"vinculacion_proceso":    {"judicializada", "vinculacion_proceso"},
	"sentencia_condenatoria": {"judicializada", "vinculacion_proceso", "sentencia_condenatoria"},
	"sentencia_absolutoria":  {"judicializada", "sentencia_absolutoria"},
	"no_ejercicio_archivo":   {"no_ejercicio_archivo"},
}

var follows = map[string][]string{
	"en_investigacion":    {"judicializada", "no_ejercicio_archivo"},
	"judicializada":       {"vinculacion_proceso", "sentencia_condenatoria", "sentencia_absolutoria"},
	"vinculacion_proceso": {"sentencia_condenatoria", "sentencia_absolutoria"},
}

type fixture struct {
	svc     *carpetas.Service
	bj, opb *authz.Principal
	// owner sees every row, for what the database holds.
	owner *pgxpool.Pool
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	e := testapp.New(t)
	f := &fixture{svc: e.Carpetas, owner: e.Owner(t)}
	f.bj, f.opb = e.Principal(t, "FGE", "fiscalia", "23005"), e.Principal(t, "FGE", "fiscalia", "23004")
	return f
}

var day = func(m, d int) time.Time { return time.Date(2024, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestProceduralTimeline_OnlyInOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	cancun := "CANCUN"
	n := 0
	for from, route := range routes {
		for _, to := range statuses {
			n++
			c, err := f.svc.Create(ctx, f.bj, carpetas.Input{Number: fmt.Sprintf("FGE/BJ/%d/2024", n), FiscaliaUnit: "FETP",
				StartedOn: day(3, 1), Municipio: "23005", Modalidad: "explotacion_sexual"})
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range route {
				if _, err := f.svc.Advance(ctx, f.bj, c.ID, s, day(3, 2+i), &cancun); err != nil {
					t.Fatalf("reaching %s: %v", from, err)
				}
			}
			if _, err := f.svc.Advance(ctx, f.opb, c.ID, to, day(5, 1), &cancun); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("prosecutor of another municipio moved %s → %s: %v", from, to, err)
			}
			_, err = f.svc.Advance(ctx, f.bj, c.ID, to, day(5, 1), &cancun)
			if ok := slices.Contains(follows[from], to); ok != (err == nil) {
				t.Errorf("%s → %s: %v (allowed: %v)", from, to, err, ok)
			} else if !ok && apperr.CodeOf(err) != apperr.Conflict {
				t.Errorf("%s → %s: %v, want conflict", from, to, err)
			}
		}
	}
}

func TestJudicializacion_NeedsADistrictAndADateInOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	c, err := f.svc.Create(ctx, f.bj, carpetas.Input{Number: "FGE/BJ/900/2024", FiscaliaUnit: "FETP", StartedOn: day(3, 10),
		Municipio: "23005", Modalidad: "sin_definir"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Advance(ctx, f.bj, c.ID, "judicializada", day(4, 1), nil); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("without a district: %v", err)
	}
	chetumal := "CHETUMAL"
	if _, err := f.svc.Advance(ctx, f.bj, c.ID, "judicializada", day(3, 1), &chetumal); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("dated before the carpeta began: %v", err)
	}
	if _, err := f.svc.Advance(ctx, f.bj, c.ID, "judicializada", time.Now().AddDate(0, 0, 2), &chetumal); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("dated in the future: %v", err)
	}
	got, err := f.svc.Advance(ctx, f.bj, c.ID, "judicializada", day(4, 1), &chetumal)
	if err != nil || got.JudicialDistrict == nil || *got.JudicialDistrict != "CHETUMAL" {
		t.Fatalf("judicialize: %+v %v", got, err)
	}
	if _, err := f.svc.Create(ctx, f.bj, carpetas.Input{Number: " FGE/BJ/900/2024 ", FiscaliaUnit: "FETP", StartedOn: day(3, 10),
		Municipio: "23005", Modalidad: "sin_definir"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the same number twice: %v", err)
	}
	found, err := f.svc.FindByNumber(ctx, f.bj, "FGE/BJ/900/2024", "")
	if err != nil || found.ID != c.ID {
		t.Errorf("find by number: %v", err)
	}
	if _, err := f.svc.FindByNumber(ctx, f.opb, "FGE/BJ/900/2024", ""); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another municipio found it: %v", err)
	}
}

func TestFindByNumber_AStatewideFiscaliaNamesTheMunicipioWhenTheNumberIsInSeveral(t *testing.T) {
	t.Parallel()
	e := testapp.New(t)
	ctx := context.Background()
	state := e.Principal(t, "FGE", "fiscalia", "*")
	ids := map[string]string{}
	for _, municipio := range []string{"23005", "23004"} {
		c, err := e.Carpetas.Create(ctx, state, carpetas.Input{Number: "FGE/QR/0457/2024", FiscaliaUnit: "FETP", StartedOn: day(3, 5),
			Municipio: municipio, Modalidad: "sin_definir"})
		if err != nil {
			t.Fatal(err)
		}
		ids[municipio] = c.ID.String()
	}
	if _, err := e.Carpetas.FindByNumber(ctx, state, "FGE/QR/0457/2024", ""); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a number in two municipios, without one named: %v, want a request for the municipio", err)
	}
	for municipio, id := range ids {
		if c, err := e.Carpetas.FindByNumber(ctx, state, "FGE/QR/0457/2024", municipio); err != nil || c.ID.String() != id {
			t.Errorf("the number in %s found %v (%v), want its own carpeta", municipio, c.ID, err)
		}
	}
	bj := e.Principal(t, "FGE", "fiscalia", "23005")
	if c, err := e.Carpetas.FindByNumber(ctx, bj, "FGE/QR/0457/2024", ""); err != nil || c.ID.String() != ids["23005"] {
		t.Errorf("Benito Juárez's Fiscalía found %v (%v), want its own carpeta", c.ID, err)
	}
}

func TestMediosComisivosAndDetenciones_RecordedInScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	reason := audit.Reason{Code: "procuracion_justicia"}
	_, err := f.svc.Create(ctx, f.bj, carpetas.Input{Number: "FGE/BJ/90/2024", FiscaliaUnit: "FETP", StartedOn: day(3, 1),
		Municipio: "23005", Modalidad: "explotacion_sexual", MediosComisivos: []string{"engano", "inventado"}})
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a medio comisivo outside the catalog: %v, want invalid", err)
	}
	c, err := f.svc.Create(ctx, f.bj, carpetas.Input{Number: "FGE/BJ/91/2024", FiscaliaUnit: "FETP", StartedOn: day(3, 1),
		Municipio: "23005", Modalidad: "explotacion_sexual", MediosComisivos: []string{"vulnerabilidad", "engano"}})
	if err != nil {
		t.Fatal(err)
	}
	im, err := f.svc.AddImputado(ctx, f.bj, c.ID, carpetas.ImputadoInput{Sex: "hombre"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RecordDetention(ctx, f.bj, c.ID, im.ID, day(2, 20)); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a detención before the carpeta began: %v, want invalid", err)
	}
	if err := f.svc.RecordDetention(ctx, f.opb, c.ID, im.ID, day(3, 5)); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another municipio's prosecutor dated a detención: %v, want not found", err)
	}
	if err := f.svc.SetMedios(ctx, f.opb, c.ID, []string{"otro"}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another municipio's prosecutor changed medios comisivos: %v, want not found", err)
	}
	if err := f.svc.RecordDetention(ctx, f.bj, c.ID, c.ID, day(3, 5)); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a detención of no imputado of the carpeta: %v, want not found", err)
	}
	if err := f.svc.RecordDetention(ctx, f.bj, c.ID, im.ID, day(3, 5)); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetMedios(ctx, f.bj, c.ID, []string{"violencia_fisica", "engano"}); err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Get(ctx, f.bj, c.ID, reason)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"engano", "violencia_fisica"}; !slices.Equal(d.MediosComisivos, want) {
		t.Errorf("medios comisivos read %v, want %v in the catalog's order", d.MediosComisivos, want)
	}
	if len(d.Imputados) != 1 || d.Imputados[0].DetainedOn == nil || !d.Imputados[0].DetainedOn.Equal(day(3, 5)) {
		t.Errorf("the imputado's detención reads %+v, want 2024-03-05", d.Imputados)
	}
}

// Voiding an imputado and naming him in a resolución run one after the
// other, whatever their timing: a named imputado cannot be voided (409),
// a voided one cannot be named (400), and no resolución ever names a
// voided imputado, whose sex would otherwise still count in the reports.
func TestVoidImputado_NeverLeavesAResolucionNamingHim(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	c, err := f.svc.Create(ctx, f.bj, carpetas.Input{Number: "FGE/BJ/95/2024", FiscaliaUnit: "FETP", StartedOn: day(3, 1),
		Municipio: "23005", Modalidad: "explotacion_sexual"})
	if err != nil {
		t.Fatal(err)
	}
	why := corrections.Reason{Code: "error_captura"}
	naming := func(im domain.Imputado) carpetas.ResolucionInput {
		return carpetas.ResolucionInput{Resolucion: domain.Resolucion{Kind: "sentencia_condenatoria", ResolvedOn: day(3, 10),
			ImputadoID: uuid.NullUUID{UUID: im.ID, Valid: true}}}
	}
	named, _ := f.svc.AddImputado(ctx, f.bj, c.ID, carpetas.ImputadoInput{Sex: "hombre"})
	if _, err := f.svc.AddResolucion(ctx, f.bj, c.ID, naming(named)); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.VoidImputado(ctx, f.bj, c.ID, named.ID, named.Version, why); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("voiding an imputado a resolución names: %v, want conflict", err)
	}
	voided, _ := f.svc.AddImputado(ctx, f.bj, c.ID, carpetas.ImputadoInput{Sex: "mujer"})
	if err := f.svc.VoidImputado(ctx, f.bj, c.ID, voided.ID, voided.Version, why); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddResolucion(ctx, f.bj, c.ID, naming(voided)); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("naming a voided imputado: %v, want invalid", err)
	}

	var wg sync.WaitGroup
	for range 20 {
		im, err := f.svc.AddImputado(ctx, f.bj, c.ID, carpetas.ImputadoInput{Sex: "hombre"})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(2)
		go func() { defer wg.Done(); f.svc.VoidImputado(ctx, f.bj, c.ID, im.ID, im.Version, why) }()
		go func() { defer wg.Done(); f.svc.AddResolucion(ctx, f.bj, c.ID, naming(im)) }()
	}
	wg.Wait()
	var both int
	f.owner.QueryRow(ctx, `SELECT count(*) FROM resoluciones r JOIN imputados i ON i.id = r.imputado_id
		WHERE i.voided_at IS NOT NULL`).Scan(&both)
	if both != 0 {
		t.Errorf("%d resoluciones name a voided imputado", both)
	}
}
