package intake_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/intake"
	"sintra/internal/keyrotation"
	"sintra/internal/testapp"
)

// memoryLedger is an erasure ledger in memory.
type memoryLedger struct{ ids []uuid.UUID }

func (l *memoryLedger) Append(id uuid.UUID, _ time.Time) error {
	l.ids = append(l.ids, id)
	return nil
}

func (l *memoryLedger) Erased() ([]uuid.UUID, error) { return l.ids, nil }

// A person named in a reporte asks to be forgotten: its narrative, contact
// data and closing reason go with its data key, for good, while what the
// statistics count of it stays; the erasure is audited without its detail,
// recorded in the ledger, and a key rotation passes it by.
func TestErase_ShredsTheSealedTextsAndKeepsTheCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	ledger := &memoryLedger{}
	svc := e.Intake.KeepErasuresIn(ledger)
	named, err := svc.Create(ctx, caseworker, intake.Input{Municipio: "23005", Channel: "presencial", Reporter: "tercero",
		Classification: "no_es_trata", Narrative: "Mi vecina Juana Pérez no sale de la casa", Contact: "998 123 4567"})
	if err != nil {
		t.Fatal(err)
	}
	status, reason := "descartado", "Juana Pérez está bien, la visitamos."
	if named, err = svc.Update(ctx, caseworker, named.ID, named.Version, intake.Change{Status: &status, ClosingReason: &reason}); err != nil {
		t.Fatal(err)
	}
	kept, err := svc.Create(ctx, caseworker, intake.Input{Municipio: "23005", Channel: "linea_telefonica", Reporter: "anonimo",
		Narrative: "Otro relato"})
	if err != nil {
		t.Fatal(err)
	}

	// Only the receiving institution's caseworker erases it, for a reason.
	for _, p := range []struct{ inst, role, where string }{
		{"IQM", "capturista", "23005"}, {"CEAVEQROO", "capturista", "23004"}, {"SEGOB", "analista", "23"}, {"SEGOB", "admin", "23"},
	} {
		if err := svc.Erase(ctx, e.Principal(t, p.inst, p.role, p.where), named.ID, audit.Reason{Code: "solicitud_arco"}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s %s in %s erases another's reporte: %v", p.inst, p.role, p.where, err)
		}
	}
	if err := svc.Erase(ctx, caseworker, named.ID, audit.Reason{}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("an erasure without a reason: %v", err)
	}
	if err := svc.Erase(ctx, caseworker, named.ID, audit.Reason{Code: "otro", Text: "Lo pidió Juana Pérez por escrito"}); err != nil {
		t.Fatal(err)
	}

	got, err := svc.Get(ctx, caseworker, named.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ErasedAt == nil || got.Narrative != "" || got.Contact != "" || got.ClosingReason != "" {
		t.Errorf("the erased reporte reads %q %q %q, erased at %v", got.Narrative, got.Contact, got.ClosingReason, got.ErasedAt)
	}
	if got.Folio != named.Folio || got.Channel != "presencial" || got.Reporter != "tercero" || got.Classification != "no_es_trata" ||
		got.Status != "descartado" || !got.ReceivedAt.Equal(named.ReceivedAt) {
		t.Errorf("what the statistics count changed: %+v", got.Reporte)
	}
	var wrapped, narrative, contact, closing []byte
	if err := e.Owner(t).QueryRow(ctx, "SELECT dek_wrapped, narrative_enc, contact_enc, closing_reason_enc FROM reportes_ciudadanos WHERE id = $1",
		named.ID).Scan(&wrapped, &narrative, &contact, &closing); err != nil {
		t.Fatal(err)
	}
	if wrapped != nil || narrative != nil || contact != nil || closing != nil {
		t.Errorf("the database still holds the key or a sealed text: %x %x %x %x", wrapped, narrative, contact, closing)
	}
	var detail string
	var code, reasonEnc any
	if err := e.Owner(t).QueryRow(ctx, "SELECT detail, reason_code, reason_enc FROM audit_events WHERE action = 'reporte_ciudadano.suprimir' AND record_id = $1",
		named.ID.String()).Scan(&detail, &code, &reasonEnc); err != nil {
		t.Fatalf("the erasure is not in the audit trail: %v", err)
	}
	if code != "otro" || reasonEnc != nil {
		t.Errorf("the erasure's audit event: reason %v, sealed detail %v", code, reasonEnc)
	}
	if len(ledger.ids) != 1 || ledger.ids[0] != named.ID {
		t.Errorf("the ledger holds %v, want %s", ledger.ids, named.ID)
	}
	if err := svc.Erase(ctx, caseworker, named.ID, audit.Reason{Code: "solicitud_arco"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("erasing it again: %v", err)
	}

	// A key rotation re-wraps the others and passes the erased one by.
	if _, err := crypto.AddMasterVersion(e.KeyFile); err != nil {
		t.Fatal(err)
	}
	keys, err := crypto.LoadKeyring(e.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keyrotation.RewrapKeys(ctx, e.Store, keys, nil); err != nil {
		t.Fatalf("a rotation with an erased reporte: %v", err)
	}
	if left, err := keyrotation.Pending(ctx, e.Store, 2); err != nil || left != 0 {
		t.Errorf("%d keys left on the old master key: %v", left, err)
	}
	reloaded := testapp.Wire(t, e.Store, keys, testapp.WithClock(clock.Fixed(now)))
	if r, err := reloaded.Intake.Get(ctx, caseworker, kept.ID); err != nil || r.Narrative != "Otro relato" {
		t.Errorf("the reporte kept reads %q after the rotation: %v", r.Narrative, err)
	}
	if r, err := reloaded.Intake.Get(ctx, caseworker, named.ID); err != nil || r.ErasedAt == nil || r.Narrative != "" {
		t.Errorf("the erased reporte after the rotation: %+v %v", r, err)
	}
}

// An erased reporte still open changes no more, but may still become a
// caso: its sealed texts could not be written again.
func TestErase_AnOpenReporteChangesNoMore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	r, err := e.Intake.Create(ctx, caseworker, intake.Input{Municipio: "23005", Channel: "linea_telefonica", Reporter: "familiar",
		Classification: "posible_trata", Contact: "998 765 4321"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Intake.Erase(ctx, caseworker, r.ID, audit.Reason{Code: "solicitud_arco"}); err != nil {
		t.Fatal(err)
	}
	got, err := e.Intake.Get(ctx, caseworker, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	narrative := "Un relato nuevo"
	if _, err := e.Intake.Update(ctx, caseworker, r.ID, got.Version, intake.Change{Narrative: &narrative}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a change to an erased reporte: %v", err)
	}
	if done, err := e.Intake.ToCaso(ctx, caseworker, r.ID, got.Version); err != nil || !done.CasoID.Valid {
		t.Errorf("an erased reporte of posible trata turned into a caso: %+v %v", done.Reporte, err)
	}
}

// The server erases again, from the ledger, a reporte whose key a restored
// backup brought back; once.
func TestReapplyErasures_ErasesAReporteTheBackupBroughtBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(now)))
	caseworker := e.Principal(t, "CEAVEQROO", "capturista", "23005")
	ledger := &memoryLedger{}
	svc := e.Intake.KeepErasuresIn(ledger)
	r, err := svc.Create(ctx, caseworker, intake.Input{Municipio: "23005", Channel: "correo", Reporter: "tercero", Narrative: "Relato"})
	if err != nil {
		t.Fatal(err)
	}
	owner := e.Owner(t)
	var wrapped, narrative []byte
	var version int
	if err := owner.QueryRow(ctx, "SELECT dek_wrapped, dek_version, narrative_enc FROM reportes_ciudadanos WHERE id = $1", r.ID).
		Scan(&wrapped, &version, &narrative); err != nil {
		t.Fatal(err)
	}
	if err := svc.Erase(ctx, caseworker, r.ID, audit.Reason{Code: "solicitud_arco"}); err != nil {
		t.Fatal(err)
	}
	// The restore of a backup taken before the erasure.
	if _, err := owner.Exec(ctx, "UPDATE reportes_ciudadanos SET dek_wrapped = $2, dek_version = $3, narrative_enc = $4, erased_at = NULL WHERE id = $1",
		r.ID, wrapped, version, narrative); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Get(ctx, caseworker, r.ID); err != nil || got.Narrative != "Relato" {
		t.Fatalf("the restored reporte reads %q: %v", got.Narrative, err)
	}
	ledger.ids = append([]uuid.UUID{uuid.New()}, ledger.ids...)
	if n, err := svc.ReapplyErasures(ctx); err != nil || n != 1 {
		t.Fatalf("ReapplyErasures = %d, %v; want 1", n, err)
	}
	if n, err := svc.ReapplyErasures(ctx); err != nil || n != 0 {
		t.Fatalf("again: %d, %v; want 0", n, err)
	}
	if got, err := svc.Get(ctx, caseworker, r.ID); err != nil || got.ErasedAt == nil || got.Narrative != "" {
		t.Errorf("the reporte after the erasure was re-applied: %q erased at %v, %v", got.Narrative, got.ErasedAt, err)
	}
}
