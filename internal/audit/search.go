package audit

import (
	"context"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"time"

	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/render"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// Filter narrows a search of the trail.
type Filter = domain.AuditFilter

// Service lets auditors search the trail and its findings.
type Service struct {
	store    *store.Store
	authz    *authz.Authorizer
	recorder *Recorder
}

// NewService returns a Service.
func NewService(st *store.Store, a *authz.Authorizer, r *Recorder) *Service {
	return &Service{store: st, authz: a, recorder: r}
}

// scoped limits f to the municipios and entidades where p may read the trail.
func (s *Service) scoped(p *authz.Principal, f Filter) Filter {
	scope := s.authz.Scope(p, authz.AuditoriaRead)
	if !scope.All {
		f.Domains = scope.InStore(false).Domains()
	}
	return f
}

// Search returns up to limit events matching f, newest first; continue a
// listing by setting f.BeforeID to the last id returned.
func (s *Service) Search(ctx context.Context, p *authz.Principal, f Filter, limit int) ([]domain.AuditEvent, error) {
	var events []domain.AuditEvent
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if events, err = tx.SearchAuditEvents(ctx, s.scoped(p, f), limit); err != nil {
			return err
		}
		return s.openReasons(ctx, tx, events)
	})
	return events, err
}

// openReasons opens each event's sealed motivo detalle into ReasonText for
// the auditor: empty once the record's key was destroyed.
func (s *Service) openReasons(ctx context.Context, tx *store.Store, events []domain.AuditEvent) error {
	keys := s.recorder.texts.Cache(tx)
	for i, e := range events {
		owner, ok := sealed.ParseOwner(e.ReasonKey)
		if e.ReasonEnc == nil || !ok {
			continue
		}
		text, err := keys.Open(ctx, owner, owner.Place(), "motivo_detalle", e.ReasonEnc)
		if err != nil {
			return err
		}
		events[i].ReasonText, events[i].ReasonEnc = text, nil
	}
	return nil
}

// exportMax bounds one export; a narrower filter gets the rest.
const exportMax = 100000

// Export writes every event matching f as CSV, newest first, and records
// the export itself.
func (s *Service) Export(ctx context.Context, p *authz.Principal, f Filter, w io.Writer) error {
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		return s.recorder.Record(ctx, tx, ActorOf(p), Event{Action: "auditoria.exportar", RecordType: "auditoria"})
	})
	if err != nil {
		return err
	}
	f = s.scoped(p, f)
	out := render.NewCSVWriter(w)
	// The motivo detalle is free text: it stays sealed, out of any file.
	out.Write([]string{"id", "fecha_utc", "usuario_id", "usuario", "institucion", "roles", "direccion_cliente",
		"id_solicitud", "accion", "tipo_registro", "registro", "municipio", "resultado", "motivo", "detalle", "cadena", "secuencia", "hash"})
	for written := 0; written < exportMax; {
		events, err := s.store.SearchAuditEvents(ctx, f, 1000)
		if err != nil {
			return err
		}
		for _, e := range events {
			out.Write(csvRow(e))
		}
		written += len(events)
		if len(events) < 1000 {
			break
		}
		last := events[len(events)-1].ID
		f.BeforeID = &last
	}
	return out.Flush()
}

func csvRow(e domain.AuditEvent) []string {
	user := ""
	if e.UserID.Valid {
		user = e.UserID.UUID.String()
	}
	row := []string{strconv.FormatInt(e.ID, 10), e.OccurredAt.UTC().Format(time.RFC3339Nano), user, e.Username, e.Institution,
		strings.Join(e.Roles, " "), e.ClientAddr, e.RequestID, e.Action, e.RecordType, e.RecordID, e.Municipio,
		e.Outcome, e.ReasonCode, e.Detail, strconv.Itoa(e.Chain), strconv.FormatInt(e.Seq, 10), hex.EncodeToString(e.Hash)}
	return row
}

// Findings returns the alert findings about users of the municipios where
// p may read the trail, newest first.
func (s *Service) Findings(ctx context.Context, p *authz.Principal, limit, offset int) ([]domain.Finding, error) {
	return s.store.Findings(ctx, s.authz.Scope(p, authz.AuditoriaRead).InStore(false), limit, offset)
}

// FindingsSince counts the findings the caller may read detected since an
// instant; none for a caller who reads no findings.
func (s *Service) FindingsSince(ctx context.Context, p *authz.Principal, since time.Time) (int, error) {
	sc := s.authz.Scope(p, authz.AuditoriaRead)
	if !sc.Allowed() {
		return 0, nil
	}
	return s.store.FindingsSince(ctx, sc.InStore(false), since)
}
