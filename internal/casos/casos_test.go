package casos_test

import (
	"context"
	"sintra/internal/domain"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/casos"
	"sintra/internal/clock"
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

// A caso's status changes are dated when they happened: never in the
// future, never before the previous change, the facts or, when it has no
// dated facts, its víctimas' identification; and its facts cannot be moved
// after its first change.
func TestStatusChanges_AreDatedInOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(time.Date(2025, 6, 15, 4, 30, 0, 0, time.UTC))))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	v, err := e.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2025-02-10")}, Personal: victims.Personal{GivenNames: "Rosa"}})
	if err != nil {
		t.Fatal(err)
	}
	k, err := e.Casos.Create(ctx, caseworker, casos.Input{Municipio: "23005", Modalidades: []string{"sin_definir"}, VictimIDs: []uuid.UUID{v.ID}})
	if err != nil {
		t.Fatal(err)
	}
	change := func(to, on string, version int) (casos.Caso, error) {
		var d time.Time
		if on != "" {
			d = day(on)
		}
		return e.Casos.ChangeStatus(ctx, caseworker, k.ID, version, to, "Motivo del cambio", d)
	}
	for _, bad := range []string{"1990-01-01", "2025-02-09", "2025-06-15"} {
		if _, err := change("en_seguimiento", bad, 1); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a change dated %s: %v, want a validation error", bad, err)
		}
	}
	got, err := change("en_seguimiento", "2025-03-01", 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := change("concluido", "2025-02-28", got.Version); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a change dated before the previous one: %v, want a validation error", err)
	}
	got, err = change("concluido", "", got.Version)
	if err != nil || len(got.History) != 2 || !got.History[1].ChangedOn.Equal(day("2025-06-14")) {
		t.Fatalf("a change without a date is dated Cancún's today: %+v %v", got.History, err)
	}
	late := day("2025-04-01")
	_, err = e.Casos.Update(ctx, caseworker, k.ID, got.Version, casos.Input{Modalidades: []string{"sin_definir"},
		Facts: domain.CasoFacts{OccurredOn: &late}})
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("facts moved after the first change: %v, want a validation error", err)
	}
}
