package victims_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/canalizaciones"
	"sintra/internal/casos"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// reveal opens one víctima through the door in a transaction of its own.
func (f *fixture) reveal(t *testing.T, p *authz.Principal, id uuid.UUID, via victims.Through) (victims.Opened, error) {
	t.Helper()
	var o victims.Opened
	err := f.store.Tx(context.Background(), func(tx *store.Store) error {
		var err error
		o, err = f.svc.Reveal(context.Background(), tx, p, id, via, why)
		return err
	})
	return o, err
}

func TestDoor_OpensOnlyWhatTheRecordItIsReachedThroughAllows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	receiver := f.principal(t, "IQM", "capturista", "23005")
	outsider := f.principal(t, "DIF", "capturista", "23005")
	group := f.principal(t, "SSC", "grupo_trabajo", "23005")
	otherGroup := f.principal(t, "SSC", "grupo_trabajo", "23004")

	register := func(given string) uuid.UUID {
		r := registration(given, "Tun", "", "", "")
		r.Personal.Phone = "983 111 2233"
		r.Consents = []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: now}}
		v, err := f.svc.Register(ctx, caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		return v.ID
	}
	alma, berta := register("Alma"), register("Berta")
	c, err := f.env.Canalizaciones.Send(ctx, caseworker, canalizaciones.SendInput{VictimID: alma, To: "IQM", ServiceType: "atencion_psicologica"})
	if err != nil {
		t.Fatal(err)
	}
	k, err := f.env.Casos.Create(ctx, caseworker, casos.Input{Municipio: "23005", Modalidades: []string{"sin_definir"}, VictimIDs: []uuid.UUID{alma}})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("her record", func(t *testing.T) {
		if o, err := f.reveal(t, caseworker, alma, victims.HerRecord); err != nil || o.Full == nil || o.Full.Personal.GivenNames != "Alma" {
			t.Errorf("the registering caseworker gets %+v, %v; want her full record", o, err)
		}
		if o, err := f.reveal(t, group, alma, victims.HerRecord); err != nil || o.Full != nil || o.Minimal == nil || o.Minimal.Initials != "A.T." {
			t.Errorf("the Grupo de Trabajo gets %+v, %v; want only the minimal view", o, err)
		}
		for name, p := range map[string]*authz.Principal{"the receiving institution": receiver, "another municipio's Grupo de Trabajo": otherGroup} {
			if _, err := f.reveal(t, p, alma, victims.HerRecord); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%s reaches her record: %v", name, err)
			}
		}
	})

	t.Run("a canalización", func(t *testing.T) {
		o, err := f.reveal(t, receiver, alma, victims.ACanalizacion(c.ID))
		if err != nil || o.Contact == nil || o.Contact.Name != "Alma Tun" || o.Contact.Phone != "983 111 2233" || o.Full != nil {
			t.Fatalf("the receiver gets %+v, %v; want only her contact card", o, err)
		}
		if _, err := f.reveal(t, receiver, berta, victims.ACanalizacion(c.ID)); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a canalización of Alma opens Berta: %v", err)
		}
		if _, err := f.reveal(t, outsider, alma, victims.ACanalizacion(c.ID)); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("an institution that neither sent nor received it opens her: %v", err)
		}
		if _, err := f.env.Canalizaciones.Move(ctx, receiver, c.ID, "rechazada", "Sin cupo en el refugio", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.reveal(t, receiver, alma, victims.ACanalizacion(c.ID)); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("the receiver still opens her after rejecting the canalización: %v", err)
		}
		if o, err := f.reveal(t, caseworker, alma, victims.ACanalizacion(c.ID)); err != nil || o.Contact == nil {
			t.Errorf("the sender no longer opens her contact card: %v", err)
		}
	})

	t.Run("a review", func(t *testing.T) {
		o, err := f.reveal(t, group, alma, victims.AReview(k.ID))
		if err != nil || o.Minimal == nil || o.Full != nil || o.Contact != nil {
			t.Fatalf("the Grupo de Trabajo gets %+v, %v through a caso; want the minimal view", o, err)
		}
		if _, err := o.Note(ctx, victims.NotePlace(victims.ServicesTable, uuid.New()), "notes", nil); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("the minimal view opens notes about her: %v", err)
		}
		if _, err := f.reveal(t, group, berta, victims.AReview(k.ID)); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a caso opens a víctima who is not in it: %v", err)
		}
		if _, err := f.reveal(t, otherGroup, alma, victims.AReview(k.ID)); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another municipio's Grupo de Trabajo opens her through the caso: %v", err)
		}
	})

	var opened, unreasoned int
	f.app.QueryRow(ctx, `SELECT count(*) FILTER (WHERE outcome = 'ok'), count(*) FILTER (WHERE reason_code = '')
		FROM audit_events WHERE record_type = 'victima' AND action = 'victima.consultar'`).Scan(&opened, &unreasoned)
	// Her record twice, the canalización twice (the receiver before the
	// rejection, then the sender), the review once.
	if opened != 5 {
		t.Errorf("%d openings audited, want 5", opened)
	}
	if unreasoned != 0 {
		t.Errorf("%d openings audited without their reason", unreasoned)
	}
}
