package avisos_test

import (
	"context"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/authz"
	"sintra/internal/avisos"
	"sintra/internal/canalizaciones"
	"sintra/internal/casos"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/grupotrabajo"
	"sintra/internal/medidas"
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

// fixture is the application on a clock the test moves.
type fixture struct {
	*testapp.Env
	mu  sync.Mutex
	now time.Time
}

func newFixture(t *testing.T, now time.Time) *fixture {
	t.Helper()
	f := &fixture{now: now}
	f.Env = testapp.New(t, testapp.WithClock(clock.Func(func() time.Time {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.now
	})))
	return f
}

func (f *fixture) setNow(at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = at
}

// counts are the caller's avisos by kind.
func (f *fixture) counts(t *testing.T, p *authz.Principal) map[string]int {
	t.Helper()
	list, err := f.Avisos.For(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, a := range list {
		out[a.Kind] = a.Count
	}
	return out
}

func (f *fixture) victim(t *testing.T, caseworker *authz.Principal, municipio string) uuid.UUID {
	t.Helper()
	v, err := f.Victims.Register(context.Background(), caseworker, victims.Registration{Municipio: municipio,
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2025-05-02")},
		Personal:   victims.Personal{GivenNames: "Alma", FirstSurname: "Tun"},
		Consents:   []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: day("2025-05-02")}}})
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

func TestAvisos_CanalizacionesWaitingForAnAnswerAreCountedOnBothSidesAfterTheirDays(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, time.Date(2025, 6, 10, 17, 0, 0, 0, time.UTC))
	sender := f.Principal(t, "CEAVEQROO", "capturista", "23005")
	receiver := f.Principal(t, "IQM", "capturista", "23005")
	elsewhere := f.Principal(t, "IQM", "capturista", "23001")
	otherInstitution := f.Principal(t, "DIF", "capturista", "23005")
	v := f.victim(t, sender, "23005")

	var sent []uuid.UUID
	for _, on := range []string{"2025-06-01", "2025-06-05", "2025-06-09"} {
		c, err := f.Canalizaciones.Send(ctx, sender, canalizacionTo("IQM", v, day(on)))
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, c.ID)
	}
	// Five days before 10 June is 5 June: the first two have waited.
	want := map[string]int{avisos.CanalizacionesPorAceptar: 3, avisos.CanalizacionesRecibidasSinRespuesta: 2}
	if got := f.counts(t, receiver); !maps.Equal(got, want) {
		t.Errorf("the receiving institution is told %v, want %v", got, want)
	}
	if got, want := f.counts(t, sender), map[string]int{avisos.CanalizacionesEnviadasSinRespuesta: 2}; !maps.Equal(got, want) {
		t.Errorf("the sending institution is told %v, want %v", got, want)
	}
	for who, p := range map[string]*authz.Principal{"another municipio": elsewhere, "another institution": otherInstitution} {
		if got := f.counts(t, p); len(got) != 0 {
			t.Errorf("%s is told %v of canalizaciones that are not its own", who, got)
		}
	}

	if _, err := f.Canalizaciones.Move(ctx, receiver, sent[0], "aceptada", "", day("2025-06-10")); err != nil {
		t.Fatal(err)
	}
	want = map[string]int{avisos.CanalizacionesPorAceptar: 2, avisos.CanalizacionesRecibidasSinRespuesta: 1}
	if got := f.counts(t, receiver); !maps.Equal(got, want) {
		t.Errorf("after accepting the oldest, the receiver is told %v, want %v", got, want)
	}
	f.setNow(time.Date(2025, 6, 14, 17, 0, 0, 0, time.UTC))
	want = map[string]int{avisos.CanalizacionesPorAceptar: 2, avisos.CanalizacionesRecibidasSinRespuesta: 2}
	if got := f.counts(t, receiver); !maps.Equal(got, want) {
		t.Errorf("four days later, the receiver is told %v, want %v", got, want)
	}
}

func canalizacionTo(institution string, victim uuid.UUID, on time.Time) canalizaciones.SendInput {
	return canalizaciones.SendInput{VictimID: victim, To: institution, ServiceType: "atencion_psicologica", SentOn: on}
}

func TestAvisos_TheVictimsInstitutionIsToldOfMedidasDueForARiskReview(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, time.Date(2025, 6, 10, 17, 0, 0, 0, time.UTC))
	caseworker := f.Principal(t, "CEAVEQROO", "capturista", "23005")
	colleague := f.Principal(t, "CEAVEQROO", "capturista", "23005")
	otherInstitution := f.Principal(t, "IQM", "capturista", "23005")
	elsewhere := f.Principal(t, "CEAVEQROO", "capturista", "23001")
	v := f.victim(t, caseworker, "23005")
	m, err := f.Medidas.Create(ctx, caseworker, v, medidas.Input{Type: "boton_panico", Beneficiary: "victima", RequestedBy: "CEAVEQROO",
		RequestedOn: day("2025-06-01")})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.counts(t, caseworker); len(got) != 0 {
		t.Errorf("a medida never assessed is due for review: %v", got)
	}
	if _, err := f.Medidas.Evaluate(ctx, caseworker, m.ID, medidas.Assessment{RiskLevel: "alto", AssessedOn: day("2025-06-02"),
		NextReviewOn: day("2025-06-12")}); err != nil {
		t.Fatal(err)
	}
	if got := f.counts(t, caseworker); len(got) != 0 {
		t.Errorf("on 10 June a review due on the 12th is told: %v", got)
	}
	f.setNow(time.Date(2025, 6, 12, 17, 0, 0, 0, time.UTC))
	want := map[string]int{avisos.MedidasPorRevisar: 1}
	for who, p := range map[string]*authz.Principal{"her caseworker": caseworker, "a colleague of her institution": colleague} {
		if got := f.counts(t, p); !maps.Equal(got, want) {
			t.Errorf("on the day of the review %s is told %v, want %v", who, got, want)
		}
	}
	for who, p := range map[string]*authz.Principal{"another institution": otherInstitution, "another municipio": elsewhere} {
		if got := f.counts(t, p); len(got) != 0 {
			t.Errorf("%s is told %v of her medida", who, got)
		}
	}
}

func TestAvisos_TheGrupoDeTrabajoIsToldOfOverdueAcuerdosAndOfAMonthWithoutSession(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, time.Date(2025, 5, 6, 17, 0, 0, 0, time.UTC))
	caseworker := f.Principal(t, "CEAVEQROO", "capturista", "23005")
	member := f.Principal(t, "SSC", "grupo_trabajo", "23005")
	cozumel := f.Principal(t, "SSC", "grupo_trabajo", "23001")
	statewide := f.Principal(t, "SEGOB", "grupo_trabajo", "23")
	v := f.victim(t, caseworker, "23005")
	caso, err := f.Casos.Create(ctx, caseworker, casos.Input{Municipio: "23005", Modalidades: []string{"sin_definir"}, VictimIDs: []uuid.UUID{v}})
	if err != nil {
		t.Fatal(err)
	}

	// A caso registered in May makes no session of April missing.
	if got := f.counts(t, member); len(got) != 0 {
		t.Errorf("in May the member is told %v, want nothing", got)
	}
	f.setNow(time.Date(2025, 6, 2, 17, 0, 0, 0, time.UTC))
	list, err := f.Avisos.For(ctx, member)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Kind != avisos.MunicipiosSinSesion || !slices.Equal(list[0].Municipios, []string{"23005"}) ||
		list[0].Month.Format("2006-01") != "2025-05" {
		t.Errorf("in June, with no session in May, the member is told %+v, want Benito Juárez without its May session", list)
	}
	if got := f.counts(t, statewide); got[avisos.MunicipiosSinSesion] != 1 {
		t.Errorf("a statewide member is told %v, want the one municipio without its session", got)
	}
	if got := f.counts(t, cozumel); len(got) != 0 {
		t.Errorf("Cozumel's member is told %v of Benito Juárez", got)
	}

	session, err := f.Grupo.CreateSession(ctx, member, grupotrabajo.SessionInput{Municipio: "23005", HeldOn: day("2025-05-28"),
		Kind: "ordinaria", Institutions: []string{"SSC"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Grupo.AddAcuerdo(ctx, member, session.ID, grupotrabajo.AcuerdoInput{CasoID: uuid.NullUUID{UUID: caso.ID, Valid: true},
		Text: "Gestionar el alojamiento de la víctima", Responsible: "CEAVEQROO", DueOn: day("2025-06-01")}); err != nil {
		t.Fatal(err)
	}
	if got, want := f.counts(t, member), map[string]int{avisos.AcuerdosVencidos: 1}; !maps.Equal(got, want) {
		t.Errorf("with May's session held and its acuerdo due on 1 June, the member is told %v, want %v", got, want)
	}
	if got := f.counts(t, cozumel); len(got) != 0 {
		t.Errorf("Cozumel's member is told %v of Benito Juárez's acuerdo", got)
	}
}

func TestAvisos_AnAuditorIsToldOfTheLastWeeksFindingsInTheirScope(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 6, 10, 17, 0, 0, 0, time.UTC)
	f := newFixture(t, now)
	reader := f.Principal(t, "CEAVEQROO", "capturista", "23005")
	auditor := f.Principal(t, "SEGOB", "auditor", "23005")
	cozumel := f.Principal(t, "SEGOB", "auditor", "23001")
	// Findings are about users by the roles they hold in the database.
	if err := f.Store.AddAssignment(ctx, reader.UserID, domain.Assignment{Role: "capturista", Domain: "23005"}, uuid.NullUUID{}); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{now.Add(-time.Hour), now.AddDate(0, 0, -6), now.AddDate(0, 0, -8)} {
		if _, err := f.Owner(t).Exec(ctx, `INSERT INTO audit_findings (detected_at, rule, user_id, username, window_start, window_end, count)
			VALUES ($1, 'lecturas_por_hora', $2, $3, $1, $1, 31)`, at, reader.UserID, reader.Username); err != nil {
			t.Fatal(err)
		}
	}
	list, err := f.Avisos.For(ctx, auditor)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Kind != avisos.HallazgosRecientes || list[0].Count != 2 || list[0].Days != avisos.FindingsDays {
		t.Errorf("the auditor is told %+v, want the 2 findings of the last %d days", list, avisos.FindingsDays)
	}
	if got := f.counts(t, cozumel); len(got) != 0 {
		t.Errorf("Cozumel's auditor is told %v of a Benito Juárez user's findings", got)
	}
	if got := f.counts(t, reader); len(got) != 0 {
		t.Errorf("a caseworker is told %v, want no findings", got)
	}
}
