package grupotrabajo_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/casos"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/grupotrabajo"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

var why = audit.Reason{Code: "seguimiento_caso"}

// fixture is the application on a clock the test moves, with a member of
// the Grupo de Trabajo of Benito Juárez and one of Cozumel.
type fixture struct {
	*testapp.Env
	member, cozumel *authz.Principal

	mu  sync.Mutex
	now time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{now: time.Date(2025, 6, 15, 17, 0, 0, 0, time.UTC)}
	f.Env = testapp.New(t, testapp.WithClock(clock.Func(func() time.Time {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.now
	})))
	f.member = f.Principal(t, "SSC", "grupo_trabajo", "23005")
	f.cozumel = f.Principal(t, "SSC", "grupo_trabajo", "23001")
	return f
}

// setNow moves the clock to an instant, in UTC.
func (f *fixture) setNow(at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = at
}

// caso registers a víctima in municipio and opens her caso there.
func (f *fixture) caso(t *testing.T, municipio, givenNames string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	caseworker := f.Principal(t, "CEAVEQROO", "capturista", municipio)
	nationality := "HN"
	v, err := f.Victims.Register(ctx, caseworker, victims.Registration{Municipio: municipio,
		Attributes: victims.Attributes{Sex: "mujer", Nationality: &nationality, IdentifiedOn: day("2025-05-02")},
		Personal:   victims.Personal{GivenNames: givenNames, FirstSurname: "Pool", SecondSurname: "Chan"}})
	if err != nil {
		t.Fatal(err)
	}
	k, err := f.Casos.Create(ctx, caseworker, casos.Input{Municipio: municipio, Modalidades: []string{"sin_definir"}, VictimIDs: []uuid.UUID{v.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return k.ID
}

// session records a session of Benito Juárez held on a date.
func (f *fixture) session(t *testing.T, heldOn, minutes string) domain.GTSession {
	t.Helper()
	g, err := f.Grupo.CreateSession(context.Background(), f.member, grupotrabajo.SessionInput{Municipio: "23005", HeldOn: day(heldOn),
		Kind: "ordinaria", Institutions: []string{"CEAVEQROO", "SSC"}, Minutes: minutes})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func fieldOf(err error) string {
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid && len(e.Fields) > 0 {
		return e.Fields[0].Field
	}
	return fmt.Sprint(err)
}

func TestCreateSession_OnlyInTheMembersMunicipio(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	_, err := f.Grupo.CreateSession(ctx, f.member, grupotrabajo.SessionInput{Municipio: "23008", HeldOn: day("2025-06-02"), Kind: "ordinaria"})
	if fieldOf(err) != "municipio" {
		t.Errorf("a member of Benito Juárez recording a session of Solidaridad: %v, want the municipio refused", err)
	}
	g := f.session(t, "2025-06-02", "")
	mine, total, err := f.Grupo.ListSessions(ctx, f.member, nil, 50, 0)
	if err != nil || total != 1 || mine[0].ID != g.ID || mine[0].Municipio != "23005" {
		t.Errorf("the member's sessions: %v %d %v", mine, total, err)
	}
	theirs, total, err := f.Grupo.ListSessions(ctx, f.cozumel, nil, 50, 0)
	if err != nil || total != 0 || len(theirs) != 0 {
		t.Errorf("Cozumel's member lists Benito Juárez's sessions: %v %d %v", theirs, total, err)
	}
}

func TestAddReview_OnlyOfACasoOfTheSessionsMunicipio(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	own, elsewhere := f.caso(t, "23005", "Rosa"), f.caso(t, "23008", "Lucero")
	g := f.session(t, "2025-06-02", "")

	if _, err := f.Grupo.AddReview(ctx, f.member, g.ID, elsewhere, "Resumen"); fieldOf(err) != "caso_id" {
		t.Errorf("reviewing a caso of Solidaridad in Benito Juárez's session: %v, want the caso refused", err)
	}
	_, err := f.Grupo.AddAcuerdo(ctx, f.member, g.ID, grupotrabajo.AcuerdoInput{CasoID: uuid.NullUUID{UUID: elsewhere, Valid: true},
		Text: "Gestionar alojamiento", Responsible: "DIF", DueOn: day("2025-06-30")})
	if fieldOf(err) != "caso_id" {
		t.Errorf("an acuerdo on a caso of Solidaridad: %v, want the caso refused", err)
	}
	if _, err := f.Grupo.AddReview(ctx, f.member, g.ID, own, "CEAVEQROO informa atención psicológica"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Grupo.AddReview(ctx, f.member, g.ID, own, "Otra vez"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("reviewing the same caso twice in a session: %v, want a conflict", err)
	}

	got, err := f.Grupo.GetSession(ctx, f.member, g.ID, why)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reviews) != 1 || got.Reviews[0].CasoID != own || len(got.Reviews[0].Victims) != 1 {
		t.Fatalf("the session's reviews: %+v", got.Reviews)
	}
	her := got.Reviews[0].Victims[0]
	if her.Initials == "" || strings.Contains(fmt.Sprintf("%+v", her), "Rosa") {
		t.Errorf("a reviewed víctima in the minimal view: %+v, want her initials and not her name", her)
	}
}

// An acuerdo is overdue once its due date is past in Quintana Roo, until
// it is fulfilled; overdue ones come first.
func TestAcuerdos_AreOverdueByQuintanaRoosDate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	g := f.session(t, "2025-06-02", "")
	add := func(text, due string) grupotrabajo.Acuerdo {
		t.Helper()
		a, err := f.Grupo.AddAcuerdo(ctx, f.member, g.ID, grupotrabajo.AcuerdoInput{Text: text, Responsible: "DIF", DueOn: day(due)})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if _, err := f.Grupo.AddAcuerdo(ctx, f.member, g.ID, grupotrabajo.AcuerdoInput{Text: "Antes de la sesión", Responsible: "DIF",
		DueOn: day("2025-06-01")}); fieldOf(err) != "due_on" {
		t.Errorf("an acuerdo due before its session: %v, want the date refused", err)
	}
	late, due, done := add("Visita domiciliaria", "2025-06-10"), add("Informe de alojamiento", "2025-06-20"), add("Canalizar a salud", "2025-06-05")
	if !late.Overdue || due.Overdue {
		t.Errorf("on 15 June: %q overdue %v, %q overdue %v", late.Text, late.Overdue, due.Text, due.Overdue)
	}
	if _, err := f.Grupo.MoveAcuerdo(ctx, f.member, done.ID, "cumplido", "Se canalizó", uuid.NullUUID{}, day("2025-06-04")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Grupo.MoveAcuerdo(ctx, f.member, done.ID, "pendiente", "", uuid.NullUUID{}, time.Time{}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("reopening a fulfilled acuerdo: %v, want a conflict", err)
	}

	overdue := func() string {
		t.Helper()
		list, err := f.Grupo.ListAcuerdos(ctx, f.member, domain.AcuerdoFilter{}, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range list {
			out = append(out, fmt.Sprintf("%s:%v", a.Text, a.Overdue))
		}
		return strings.Join(out, ", ")
	}
	want := "Visita domiciliaria:true, Canalizar a salud:false, Informe de alojamiento:false"
	if got := overdue(); got != want {
		t.Errorf("on 15 June: %s, want %s", got, want)
	}
	// 21 June 03:00 UTC is still 20 June in Cancún: the acuerdo due that day is not late yet.
	f.setNow(time.Date(2025, 6, 21, 3, 0, 0, 0, time.UTC))
	if got := overdue(); got != want {
		t.Errorf("on the evening of 20 June in Cancún: %s, want %s", got, want)
	}
	f.setNow(time.Date(2025, 6, 21, 6, 0, 0, 0, time.UTC))
	want = "Visita domiciliaria:true, Informe de alojamiento:true, Canalizar a salud:false"
	if got := overdue(); got != want {
		t.Errorf("on 21 June in Cancún: %s, want %s", got, want)
	}
}

// A session's minutes, its reviews' summaries and its acuerdos may name
// people: the database holds them sealed, and members read them opened.
func TestSessionTexts_AreSealedInTheDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	minutes := "Se acordó visitar a la familia Canché Uc en la colonia Donceles"
	summary := "La señora Canché Uc pidió cambio de albergue"
	text := "Acompañar a Canché Uc a la audiencia"
	g := f.session(t, "2025-06-02", minutes)
	if _, err := f.Grupo.AddReview(ctx, f.member, g.ID, f.caso(t, "23005", "Rosa"), summary); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Grupo.AddAcuerdo(ctx, f.member, g.ID, grupotrabajo.AcuerdoInput{Text: text, Responsible: "DIF", DueOn: day("2025-06-30")}); err != nil {
		t.Fatal(err)
	}

	owner := f.Owner(t)
	for _, q := range []string{
		`SELECT t::text, minutes_enc FROM gt_sessions t WHERE id = $1`,
		`SELECT t::text, summary_enc FROM gt_reviews t WHERE session_id = $1`,
		`SELECT t::text, text_enc FROM acuerdos t WHERE session_id = $1`,
	} {
		var row string
		var sealed []byte
		if err := owner.QueryRow(ctx, q, g.ID).Scan(&row, &sealed); err != nil {
			t.Fatal(err)
		}
		if len(sealed) == 0 || bytes.Contains(sealed, []byte("Canché")) || strings.Contains(row, "Canché") {
			t.Errorf("%s: the text is not sealed", q)
		}
	}

	got, err := f.Grupo.GetSession(ctx, f.member, g.ID, why)
	if err != nil {
		t.Fatal(err)
	}
	if got.Minutes != minutes || len(got.Reviews) != 1 || got.Reviews[0].Summary != summary || len(got.Acuerdos) != 1 || got.Acuerdos[0].Text != text {
		t.Errorf("the session as a member reads it: %q %+v %+v", got.Minutes, got.Reviews, got.Acuerdos)
	}
	if _, err := f.Grupo.UpdateMinutes(ctx, f.member, g.ID, g.Version, "Minuta corregida: familia Canché Uc"); err != nil {
		t.Fatal(err)
	}
	var sealed []byte
	if err := owner.QueryRow(ctx, `SELECT minutes_enc FROM gt_sessions WHERE id = $1`, g.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("Canché")) {
		t.Error("the corrected minutes are in the database in clear")
	}
	if got, err := f.Grupo.GetSession(ctx, f.member, g.ID, why); err != nil || got.Minutes != "Minuta corregida: familia Canché Uc" {
		t.Errorf("the corrected minutes: %q %v", got.Minutes, err)
	}
}

// A member of Cozumel gets "not found" for everything of Benito Juárez's
// Grupo de Trabajo, as if it did not exist.
func TestAnotherMunicipiosMember_FindsNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	k := f.caso(t, "23005", "Rosa")
	g := f.session(t, "2025-06-02", "Minuta")
	a, err := f.Grupo.AddAcuerdo(ctx, f.member, g.ID, grupotrabajo.AcuerdoInput{Text: "Visita domiciliaria", Responsible: "DIF", DueOn: day("2025-06-30")})
	if err != nil {
		t.Fatal(err)
	}
	attempts := map[string]func() error{
		"read the session": func() error { _, err := f.Grupo.GetSession(ctx, f.cozumel, g.ID, why); return err },
		"print its acta":   func() error { _, err := f.Grupo.Acta(ctx, f.cozumel, g.ID, why); return err },
		"correct its minutes": func() error {
			_, err := f.Grupo.UpdateMinutes(ctx, f.cozumel, g.ID, g.Version, "Otra minuta")
			return err
		},
		"review a caso in it": func() error { _, err := f.Grupo.AddReview(ctx, f.cozumel, g.ID, k, "Resumen"); return err },
		"take an acuerdo in it": func() error {
			_, err := f.Grupo.AddAcuerdo(ctx, f.cozumel, g.ID, grupotrabajo.AcuerdoInput{Text: "Otro acuerdo", Responsible: "DIF", DueOn: day("2025-06-30")})
			return err
		},
		"follow its acuerdo up": func() error {
			_, err := f.Grupo.MoveAcuerdo(ctx, f.cozumel, a.ID, "en_proceso", "", uuid.NullUUID{}, time.Time{})
			return err
		},
		"read its agenda": func() error { _, _, err := f.Grupo.Agenda(ctx, f.cozumel, "23005", time.Time{}); return err },
	}
	for what, attempt := range attempts {
		if err := attempt(); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a member of Cozumel tried to %s: %v, want not found", what, err)
		}
	}
	if list, err := f.Grupo.ListAcuerdos(ctx, f.cozumel, domain.AcuerdoFilter{}, 50, 0); err != nil || len(list) != 0 {
		t.Errorf("a member of Cozumel lists Benito Juárez's acuerdos: %v %v", list, err)
	}
	got, err := f.Grupo.GetSession(ctx, f.member, g.ID, why)
	if err != nil || got.Minutes != "Minuta" || len(got.Reviews) != 0 || len(got.Acuerdos) != 1 || got.Acuerdos[0].Status != "pendiente" {
		t.Errorf("Benito Juárez's session after Cozumel's attempts: %+v %v", got, err)
	}
}
