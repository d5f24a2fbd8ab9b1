package sealed_test

import (
	"context"
	"fmt"
	"sintra/internal/domain"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/audit"
	"sintra/internal/canalizaciones"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/grupotrabajo"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func day(s string) time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return d
}

// legacyColumns are the free-text columns a deployment may hold in clear
// from before they were sealed, with the check that now keeps them empty.
var legacyColumns = []struct{ table, column, check string }{
	{"canalizaciones", "override_reason", "canalizaciones_override_reason_sealed"},
	{"canalizacion_transitions", "reason", "canalizacion_transitions_reason_sealed"},
	{"caso_status_changes", "reason", "caso_status_changes_reason_sealed"},
	{"gt_sessions", "minutes", "gt_sessions_minutes_sealed"},
	{"gt_reviews", "summary", "gt_reviews_summary_sealed"},
	{"acuerdos", "text", "acuerdos_text_sealed"},
	{"acuerdo_updates", "note", "acuerdo_updates_note_sealed"},
	{"resoluciones", "sentence", "resoluciones_sentence_sealed"},
}

// Text written in clear before it was sealed is sealed when the server
// starts: none stays in clear, and every record reads it back as written.
func TestSealLegacy_LeavesNoClearTextAndReadsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	owner := testdb.Pool(t, e.DB.OwnerURL)
	ceav, iqm := e.Principal(t, "CEAVEQROO", "capturista", "23005"), e.Principal(t, "IQM", "capturista", "23005")
	fge, gt := e.Principal(t, "FGE", "fiscalia", "23005"), e.Principal(t, "SSC", "grupo_trabajo", "23005")

	v, err := e.Victims.Register(ctx, ceav, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2024-03-01")}, Personal: victims.Personal{GivenNames: "Rosa"}})
	if err != nil {
		t.Fatal(err)
	}
	// The Fiscalía overrides her consent, with a reason, for a víctima of its carpeta.
	k, err := e.Carpetas.Create(ctx, fge, carpetas.Input{Number: "FGE/LEG/1", FiscaliaUnit: "FETP", StartedOn: day("2024-03-01"),
		Municipio: "23005", Modalidad: "sin_definir", Victims: []carpetas.VictimRef{{Folio: v.Folio}}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.Canalizaciones.Send(ctx, fge, canalizaciones.SendInput{VictimID: v.ID, To: "IQM", ServiceType: "alojamiento",
		SentOn: day("2024-03-02"), Override: true, OverrideReason: "placeholder override"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Canalizaciones.Move(ctx, iqm, c.ID, "rechazada", "placeholder reason", day("2024-03-03")); err != nil {
		t.Fatal(err)
	}
	caso, err := e.Casos.Create(ctx, ceav, casos.Input{Municipio: "23005", Modalidades: []string{"sin_definir"}, VictimIDs: []uuid.UUID{v.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Casos.ChangeStatus(ctx, ceav, caso.ID, caso.Version, "concluido", "placeholder reason", day("2024-03-05")); err != nil {
		t.Fatal(err)
	}
	g, err := e.Grupo.CreateSession(ctx, gt, grupotrabajo.SessionInput{Municipio: "23005", HeldOn: day("2024-03-06"), Kind: "ordinaria",
		Minutes: "placeholder minutes"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Grupo.AddReview(ctx, gt, g.ID, caso.ID, "placeholder summary"); err != nil {
		t.Fatal(err)
	}
	a, err := e.Grupo.AddAcuerdo(ctx, gt, g.ID, grupotrabajo.AcuerdoInput{Text: "placeholder acuerdo", Responsible: "IQM", DueOn: day("2024-04-01")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Grupo.MoveAcuerdo(ctx, gt, a.ID, "en_proceso", "placeholder note", uuid.NullUUID{}, day("2024-03-07")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Carpetas.AddResolucion(ctx, fge, k.ID, carpetas.ResolucionInput{Resolucion: domain.Resolucion{Kind: "otra",
		ResolvedOn: day("2024-03-08")}, Sentence: "placeholder sentence"}); err != nil {
		t.Fatal(err)
	}

	// Now write each text in clear, as before it was sealed.
	for _, l := range legacyColumns {
		sql := fmt.Sprintf("ALTER TABLE %[1]s DROP CONSTRAINT %[3]s; UPDATE %[1]s SET %[2]s = 'antes %[1]s', %[2]s_enc = NULL; "+
			"ALTER TABLE %[1]s ADD CONSTRAINT %[3]s CHECK (%[2]s = '') NOT VALID", l.table, l.column, l.check)
		if _, err := owner.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", l.table, err)
		}
	}
	n, err := e.Texts.SealLegacy(ctx, e.Store)
	if err != nil || n != len(legacyColumns) {
		t.Fatalf("sealed %d rows (%v), want %d", n, err, len(legacyColumns))
	}
	if again, err := e.Texts.SealLegacy(ctx, e.Store); err != nil || again != 0 {
		t.Errorf("a second run sealed %d rows (%v)", again, err)
	}
	for _, l := range legacyColumns {
		var clear int
		owner.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM %s WHERE %s <> '' OR %s_enc IS NULL", l.table, l.column, l.column)).Scan(&clear)
		if clear != 0 {
			t.Errorf("%s.%s: %d rows in clear or not sealed", l.table, l.column, clear)
		}
	}

	why := audit.Reason{Code: "seguimiento_caso"}
	d, err := e.Canalizaciones.Get(ctx, fge, c.ID, why)
	if err != nil || d.OverrideReason != "antes canalizaciones" || len(d.Transitions) != 1 || d.Transitions[0].Reason != "antes canalizacion_transitions" {
		t.Errorf("canalización: %q, steps %+v (%v)", d.OverrideReason, d.Transitions, err)
	}
	kc, err := e.Casos.Get(ctx, ceav, caso.ID)
	if err != nil || len(kc.History) != 1 || kc.History[0].Reason != "antes caso_status_changes" {
		t.Errorf("caso history: %+v (%v)", kc.History, err)
	}
	s, err := e.Grupo.GetSession(ctx, gt, g.ID, why)
	if err != nil || s.Minutes != "antes gt_sessions" || len(s.Reviews) != 1 || s.Reviews[0].Summary != "antes gt_reviews" ||
		len(s.Acuerdos) != 1 || s.Acuerdos[0].Text != "antes acuerdos" {
		t.Errorf("session: %q %+v %+v (%v)", s.Minutes, s.Reviews, s.Acuerdos, err)
	}
	cd, err := e.Carpetas.Get(ctx, fge, k.ID, why)
	if err != nil || len(cd.Resoluciones) != 1 || cd.Resoluciones[0].Sentence != "antes resoluciones" {
		t.Errorf("carpeta: %+v (%v)", cd.Resoluciones, err)
	}
}
