package canalizaciones_test

import (
	"context"
	"sintra/internal/corrections"
	"sintra/internal/domain"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/canalizaciones"
	"sintra/internal/clock"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

type fixture struct {
	st       *store.Store
	victims  *victims.Service
	svc      *canalizaciones.Service
	sender   *authz.Principal // CEAVEQROO caseworker, Benito Juárez
	receiver *authz.Principal // IQM caseworker, Benito Juárez
	outsider *authz.Principal // DIF caseworker, Benito Juárez
	fiscal   *authz.Principal // FGE, statewide
}

func newFixture(t *testing.T, opts ...testapp.Option) *fixture {
	t.Helper()
	e := testapp.New(t, opts...)
	f := &fixture{st: e.Store, victims: e.Victims, svc: e.Canalizaciones}
	f.sender = e.Principal(t, "CEAVEQROO", "capturista", "23005")
	f.receiver = e.Principal(t, "IQM", "capturista", "23005")
	f.outsider = e.Principal(t, "DIF", "capturista", "23005")
	f.fiscal = e.Principal(t, "FGE", "fiscalia", "*")
	return f
}

func (f *fixture) victim(t *testing.T, consent bool) uuid.UUID {
	t.Helper()
	r := victims.Registration{Municipio: "23005", Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC)},
		Personal: victims.Personal{GivenNames: "Alma", FirstSurname: "Tun", Phone: "983 111 2233"}}
	if consent {
		r.Consents = []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}}
	}
	v, err := f.victims.Register(context.Background(), f.sender, r)
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// paths reach each status through allowed steps: who takes each step.
var paths = map[string][]string{
	"enviada":   {},
	"aceptada":  {"receiver:aceptada"},
	"rechazada": {"receiver:rechazada"},
	"atendida":  {"receiver:aceptada", "receiver:atendida"},
	"cerrada":   {"receiver:aceptada", "receiver:atendida", "sender:cerrada"},
	"cancelada": {"sender:cancelada"},
}

// allowed lists every step of the workflow and the side that takes it.
var allowed = map[[2]string]string{
	{"enviada", "aceptada"}: "receiver", {"enviada", "rechazada"}: "receiver", {"enviada", "cancelada"}: "sender",
	{"aceptada", "atendida"}: "receiver", {"aceptada", "cancelada"}: "sender", {"atendida", "cerrada"}: "sender",
}

func TestWorkflow_EveryTransitionByEverySide(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sides := map[string]*authz.Principal{"sender": f.sender, "receiver": f.receiver, "outsider": f.outsider}
	for from, path := range paths {
		for _, to := range canalizaciones.Statuses {
			for side, who := range sides {
				c, err := f.svc.Send(ctx, f.sender, canalizaciones.SendInput{VictimID: f.victim(t, true), To: "IQM", ServiceType: "atencion_psicologica"})
				if err != nil {
					t.Fatal(err)
				}
				for _, step := range path {
					by, status, _ := strings.Cut(step, ":")
					if _, err := f.svc.Move(ctx, sides[by], c.ID, status, "motivo de prueba", time.Time{}); err != nil {
						t.Fatalf("reaching %s: %s: %v", from, step, err)
					}
				}
				_, err = f.svc.Move(ctx, who, c.ID, to, "motivo de prueba", time.Time{})
				owner, exists := allowed[[2]string{from, to}]
				var want apperr.Code
				switch {
				case side == "outsider":
					want = apperr.NotFound
				case !exists:
					want = apperr.Conflict
				case owner != side:
					want = apperr.Forbidden
				}
				if got := codeOrEmpty(err); got != want {
					t.Errorf("%s → %s by %s: %v, want %q", from, to, side, err, want)
				}
			}
		}
	}
}

func codeOrEmpty(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func TestTransitions_RecordWhoAndWhenAndNeedAReasonWhereStated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	c, _ := f.svc.Send(ctx, f.sender, canalizaciones.SendInput{VictimID: f.victim(t, true), To: "IQM", ServiceType: "alojamiento",
		Notes: "Necesita refugio con su hija"})
	if _, err := f.svc.Move(ctx, f.receiver, c.ID, "rechazada", "", time.Time{}); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("rejection without a reason: %v", err)
	}
	if _, err := f.svc.Move(ctx, f.receiver, c.ID, "aceptada", "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Get(ctx, f.receiver, c.ID, audit.Reason{Code: "canalizacion"})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Transitions) != 1 || d.Transitions[0].ByUser != f.receiver.UserID || d.Transitions[0].ByInstitution != "IQM" ||
		d.Transitions[0].On.IsZero() || d.Transitions[0].RecordedAt.IsZero() {
		t.Errorf("transition: %+v", d.Transitions)
	}
	if d.Victim.Name != "Alma Tun" || d.Victim.Phone != "983 111 2233" || d.Notes != "Necesita refugio con su hija" {
		t.Errorf("receiver's view: %+v notes %q", d.Victim, d.Notes)
	}
	inbox, total, err := f.svc.List(ctx, f.receiver, canalizaciones.Filter{Box: "recibidas"}, 10, 0)
	if err != nil || total != 1 || inbox[0].Status != "aceptada" || inbox[0].Folio == "" {
		t.Errorf("inbox: %+v %d %v", inbox, total, err)
	}
	if _, total, _ := f.svc.List(ctx, f.receiver, canalizaciones.Filter{Box: "enviadas"}, 10, 0); total != 0 {
		t.Errorf("receiver's outbox has %d", total)
	}
}

func TestSend_NeedsConsentOrAnOverrideByAnAllowedRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	victim := f.victim(t, false)
	in := canalizaciones.SendInput{VictimID: victim, To: "IQM", ServiceType: "asesoria_juridica"}
	if _, err := f.svc.Send(ctx, f.sender, in); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("without consent: %v, want conflict", err)
	}
	in.Override, in.OverrideReason = true, "Riesgo inminente para su vida; orden del Ministerio Público"
	if _, err := f.svc.Send(ctx, f.sender, in); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("caseworker override: %v, want forbidden", err)
	}
	// The Fiscalía may override, for a víctima in one of its carpetas.
	if _, err := f.svc.Send(ctx, f.fiscal, in); apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("fiscalía without a carpeta: %v, want not found", err)
	}
}

func TestDocument_PrintsForInstitutionsOutsideTheSystem(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	c, err := f.svc.Send(ctx, f.sender, canalizaciones.SendInput{VictimID: f.victim(t, true), To: "OIM", ServiceType: "repatriacion"})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := f.svc.Document(ctx, f.sender, c.ID, audit.Reason{Code: "canalizacion"})
	if err != nil || len(pdf) < 1000 || string(pdf[:5]) != "%PDF-" {
		t.Fatalf("document: %d bytes, %v", len(pdf), err)
	}
	if !strings.Contains(string(pdf), "Alma Tun") || !strings.Contains(string(pdf), "Organizaci\363n Internacional para las Migraciones") {
		t.Error("the document lacks the víctima's name or the receiving institution")
	}
	toIQM, _ := f.svc.Send(ctx, f.sender, canalizaciones.SendInput{VictimID: f.victim(t, true), To: "IQM", ServiceType: "repatriacion"})
	if _, err := f.svc.Document(ctx, f.sender, toIQM.ID, audit.Reason{Code: "canalizacion"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("document for an institution in SINTRA: %v", err)
	}
}

// A canalización and each of its steps are dated when they happened, by
// Quintana Roo's calendar: late in the evening in Cancún is already the
// next day in UTC, and a referral made weeks ago can be entered today.
func TestSendAndMove_TakeTheirDatesByQuintanaRoosCalendar(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// 23:30 of 14 June in Cancún; 04:30 of 15 June in UTC.
	now := time.Date(2025, 6, 15, 4, 30, 0, 0, time.UTC)
	f := newFixture(t, testapp.WithClock(clock.Fixed(now)))
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	identified := day("2025-04-01")
	v, err := f.victims.Register(ctx, f.sender, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: identified},
		Personal:   victims.Personal{GivenNames: "Alma", FirstSurname: "Tun"},
		Consents:   []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: identified}}})
	if err != nil {
		t.Fatal(err)
	}
	send := func(on time.Time) (domain.Canalizacion, error) {
		return f.svc.Send(ctx, f.sender, canalizaciones.SendInput{VictimID: v.ID, To: "IQM", ServiceType: "alojamiento", SentOn: on})
	}

	today, err := send(time.Time{})
	if err != nil || !today.SentOn.Equal(day("2025-06-14")) {
		t.Fatalf("sent without a date: %v on %s, want 2025-06-14 (Cancún's today)", err, today.SentOn)
	}
	if _, err := send(day("2025-06-15")); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("sent on Cancún's tomorrow: %v, want a validation error", err)
	}
	if _, err := send(day("2025-03-31")); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("sent before the víctima was identified: %v, want a validation error", err)
	}

	past, err := send(day("2025-04-10"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Move(ctx, f.receiver, past.ID, "aceptada", "", day("2025-04-09")); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("accepted before it was sent: %v, want a validation error", err)
	}
	if _, err := f.svc.Move(ctx, f.receiver, past.ID, "aceptada", "", day("2025-06-15")); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("accepted on Cancún's tomorrow: %v, want a validation error", err)
	}
	if _, err := f.svc.Move(ctx, f.receiver, past.ID, "aceptada", "", day("2025-04-12")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Move(ctx, f.receiver, past.ID, "atendida", "", day("2025-04-11")); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("attended before it was accepted: %v, want a validation error", err)
	}
	if _, err := f.svc.Move(ctx, f.receiver, past.ID, "atendida", "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Get(ctx, f.sender, past.ID, audit.Reason{Code: "canalizacion"})
	if err != nil {
		t.Fatal(err)
	}
	if !d.SentOn.Equal(day("2025-04-10")) || !d.RecordedAt.Equal(now) || len(d.Transitions) != 2 ||
		!d.Transitions[0].On.Equal(day("2025-04-12")) || !d.Transitions[1].On.Equal(day("2025-06-14")) || !d.Transitions[1].RecordedAt.Equal(now) {
		t.Fatalf("sent on %s (recorded %s), steps %+v", d.SentOn, d.RecordedAt, d.Transitions)
	}
}

// Once the receiver rejects a canalización, or the sender cancels it, the
// receiver keeps the record of the referral but no longer sees the víctima's
// name, phone or the notes; the sender still does.
func TestRejectedOrCancelled_EndTheReceiversAccessToTheVictim(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	why := audit.Reason{Code: "canalizacion"}
	for _, end := range []struct {
		by     *authz.Principal
		status string
	}{{f.receiver, "rechazada"}, {f.sender, "cancelada"}} {
		c, err := f.svc.Send(ctx, f.sender, canalizaciones.SendInput{VictimID: f.victim(t, true), To: "IQM", ServiceType: "alojamiento",
			Notes: "Vive con su tía en la colonia Centro"})
		if err != nil {
			t.Fatal(err)
		}
		open, err := f.svc.Get(ctx, f.receiver, c.ID, why)
		if err != nil || open.Victim.Name != "Alma Tun" || open.Notes == "" {
			t.Fatalf("receiver before %s: %+v %q %v", end.status, open.Victim, open.Notes, err)
		}
		if _, err := f.svc.Move(ctx, end.by, c.ID, end.status, "No hay cupo en el refugio", time.Time{}); err != nil {
			t.Fatal(err)
		}
		after, err := f.svc.Get(ctx, f.receiver, c.ID, why)
		if err != nil {
			t.Fatal(err)
		}
		if after.Victim.Name != "" || after.Victim.Phone != "" || after.Notes != "" || after.Victim.Folio == "" {
			t.Errorf("receiver after %s sees %+v, notes %q; want the folio only", end.status, after.Victim, after.Notes)
		}
		sender, err := f.svc.Get(ctx, f.sender, c.ID, why)
		if err != nil || sender.Victim.Name != "Alma Tun" || sender.Notes == "" {
			t.Errorf("sender after %s: %+v %q %v", end.status, sender.Victim, sender.Notes, err)
		}
	}
}

// Sending needs the consent in force on the date it was sent: a
// canalización dated before she consented is refused.
func TestSend_NeedsTheConsentInForceOnItsDate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	v, err := f.victims.Register(ctx, f.sender, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2025-06-01")},
		Personal:   victims.Personal{GivenNames: "Alma"},
		Consents:   []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: day("2025-06-10")}}})
	if err != nil {
		t.Fatal(err)
	}
	send := func(on string) error {
		_, err := f.svc.Send(ctx, f.sender, canalizaciones.SendInput{VictimID: v.ID, To: "IQM", ServiceType: "alojamiento", SentOn: day(on)})
		return err
	}
	if err := send("2025-06-05"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("sent before she consented: %v, want the consent conflict", err)
	}
	if err := send("2025-06-10"); err != nil {
		t.Errorf("sent the day she consented: %v", err)
	}
}

// A canalización voided by its sender leaves the receiver: not in its
// inbox, even asking for voided ones, and not found by id; the sender
// still lists it among its voided ones.
func TestVoid_TheReceiverNoLongerSeesIt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	c, err := f.svc.Send(ctx, f.sender, canalizaciones.SendInput{VictimID: f.victim(t, true), To: "IQM", ServiceType: "alojamiento"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Void(ctx, f.sender, c.ID, c.Version, corrections.Reason{Code: "error_captura"}); err != nil {
		t.Fatal(err)
	}
	all := canalizaciones.Filter{Box: "todas", WithVoided: true}
	if got, total, err := f.svc.List(ctx, f.receiver, all, 50, 0); err != nil || len(got) != 0 || total != 0 {
		t.Errorf("the receiver lists %d voided canalizaciones (total %d, %v), want none", len(got), total, err)
	}
	if _, err := f.svc.Get(ctx, f.receiver, c.ID, audit.Reason{Code: "canalizacion"}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("the receiver read a voided canalización: %v, want not found", err)
	}
	if got, _, err := f.svc.List(ctx, f.sender, all, 50, 0); err != nil || len(got) != 1 || got[0].ID != c.ID {
		t.Errorf("the sender lists %d voided canalizaciones (%v), want its own", len(got), err)
	}
}
