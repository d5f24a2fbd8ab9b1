package audit

import (
	"context"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"time"

	"sintra/internal/authz"
	"sintra/internal/csvexport"
	"sintra/internal/store"
)

// Filter narrows a search of the trail.
type Filter = store.AuditFilter

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

// scoped limits f to the municipios where p may read the trail.
func (s *Service) scoped(p *authz.Principal, f Filter) Filter {
	scope := s.authz.Scope(p, "auditoria", "read")
	if !scope.All {
		f.Municipios = append([]string{}, scope.Municipios...)
	}
	return f
}

// Search returns up to limit events matching f, newest first; continue a
// listing by setting f.BeforeID to the last id returned.
func (s *Service) Search(ctx context.Context, p *authz.Principal, f Filter, limit int) ([]store.AuditEvent, error) {
	return s.store.SearchAuditEvents(ctx, s.scoped(p, f), limit)
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
	out := csvexport.NewWriter(w)
	out.Write([]string{"id", "fecha_utc", "usuario_id", "usuario", "institucion", "roles", "direccion_cliente",
		"id_solicitud", "accion", "tipo_registro", "registro", "municipio", "resultado", "motivo", "motivo_detalle", "detalle", "cadena", "secuencia", "hash"})
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

func csvRow(e store.AuditEvent) []string {
	user := ""
	if e.UserID.Valid {
		user = e.UserID.UUID.String()
	}
	row := []string{strconv.FormatInt(e.ID, 10), e.OccurredAt.UTC().Format(time.RFC3339Nano), user, e.Username, e.Institution,
		strings.Join(e.Roles, " "), e.ClientAddr, e.RequestID, e.Action, e.RecordType, e.RecordID, e.Municipio,
		e.Outcome, e.ReasonCode, e.ReasonText, e.Detail, strconv.Itoa(e.Chain), strconv.FormatInt(e.Seq, 10), hex.EncodeToString(e.Hash)}
	return row
}

// Findings returns the alert findings, newest first.
func (s *Service) Findings(ctx context.Context, limit, offset int) ([]store.Finding, error) {
	return s.store.Findings(ctx, limit, offset)
}
