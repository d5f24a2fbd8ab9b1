package canalizaciones_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/canalizaciones"
	"sintra/internal/crypto"
	"sintra/internal/store"
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

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := store.New(testdb.Pool(t, testdb.New(t).AppURL))
	keys, err := crypto.GenerateKeyring(filepath.Join(t.TempDir(), "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := authz.New()
	rec := audit.NewRecorder(audit.DefaultRules(), nil)
	v := victims.NewService(st, keys, a, rec, nil)
	f := &fixture{st: st, victims: v, svc: canalizaciones.NewService(st, a, rec, v, nil)}
	principal := func(institution, role, domain string) *authz.Principal {
		u, err := st.CreateUser(context.Background(), store.NewUser{Username: fmt.Sprintf("u%d", time.Now().UnixNano()),
			DisplayName: "x", Institution: institution, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		return &authz.Principal{UserID: u.ID, Username: u.Username, Institution: institution, Assignments: []authz.Assignment{{Role: role, Domain: domain}}}
	}
	f.sender = principal("CEAVEQROO", "capturista", "23005")
	f.receiver = principal("IQM", "capturista", "23005")
	f.outsider = principal("DIF", "capturista", "23005")
	f.fiscal = principal("FGE", "fiscalia", "*")
	return f
}

func (f *fixture) victim(t *testing.T, consent bool) uuid.UUID {
	t.Helper()
	r := victims.Registration{Municipio: "23005", Attributes: victims.Attributes{Sex: "mujer"},
		Personal: victims.Personal{GivenNames: "Alma", FirstSurname: "Tun", Phone: "983 111 2233"}}
	if consent {
		r.Consents = []store.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}}
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
					if _, err := f.svc.Move(ctx, sides[by], c.ID, status, "motivo de prueba"); err != nil {
						t.Fatalf("reaching %s: %s: %v", from, step, err)
					}
				}
				_, err = f.svc.Move(ctx, who, c.ID, to, "motivo de prueba")
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
	if _, err := f.svc.Move(ctx, f.receiver, c.ID, "rechazada", ""); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("rejection without a reason: %v", err)
	}
	if _, err := f.svc.Move(ctx, f.receiver, c.ID, "aceptada", ""); err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Get(ctx, f.receiver, c.ID, audit.Reason{Code: "canalizacion"})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Transitions) != 1 || d.Transitions[0].ByUser != f.receiver.UserID || d.Transitions[0].ByInstitution != "IQM" ||
		d.Transitions[0].At.IsZero() {
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

// A canalización is dated by the service's clock, as the answer that
// created it says, so a record written for a past period counts in it.
func TestSendAndMove_AreDatedByTheServicesClock(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sent, accepted := time.Date(2025, 5, 2, 15, 0, 0, 0, time.UTC), time.Date(2025, 5, 3, 9, 30, 0, 0, time.UTC)
	clock := sent
	a, _ := authz.New()
	svc := canalizaciones.NewService(f.st, a, audit.NewRecorder(audit.DefaultRules(), nil), f.victims, func() time.Time { return clock })
	c, err := svc.Send(ctx, f.sender, canalizaciones.SendInput{VictimID: f.victim(t, true), To: "IQM", ServiceType: "alojamiento"})
	if err != nil {
		t.Fatal(err)
	}
	clock = accepted
	if _, err := svc.Move(ctx, f.receiver, c.ID, "aceptada", ""); err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Get(ctx, f.receiver, c.ID, audit.Reason{Code: "canalizacion"})
	if err != nil {
		t.Fatal(err)
	}
	if !d.SentAt.Equal(sent) || len(d.Transitions) != 1 || !d.Transitions[0].At.Equal(accepted) {
		t.Fatalf("sent %s (want %s), transitions %+v (want one at %s)", d.SentAt, sent, d.Transitions, accepted)
	}
}
