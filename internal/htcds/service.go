package htcds

import (
	"context"
	"fmt"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/store"
)

// Service produces the anonymized microdata export.
type Service struct {
	// store sees every municipio: the export is of the whole state.
	store   *store.Store
	authz   *authz.Authorizer
	audit   *audit.Recorder
	publicK int
	clock   clock.Clock
}

// NewService returns a Service over a statewide store; publicK is the
// least k an export may have (SINTRA_PUBLIC_K).
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, publicK int, clk clock.Clock) *Service {
	return &Service{store: st, authz: a, audit: rec, publicK: publicK, clock: clk}
}

// Export is the anonymized microdata of the víctimas identified in a
// calendar year, and what was done to make it so.
type Export struct {
	Year             int
	StartsOn, EndsOn time.Time
	K                int
	GeneratedAt      time.Time
	// Records counts the víctimas of the year; Result holds the rows
	// exported and the generalizations and suppressions applied.
	Records int
	Result
}

// Request is what an export is asked for: a year and, optionally, a k
// above the public one.
type Request struct {
	Year int
	// K is 0 for the public k.
	K int
}

// For exports a year for a signed-in user who may, and audits it.
func (s *Service) For(ctx context.Context, p *authz.Principal, req Request) (Export, error) {
	if !s.authz.Scope(p, authz.ExportacionesHTCDS).Allowed() {
		return Export{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	return s.export(ctx, audit.ActorOf(p), req)
}

// ForOperator exports a year for an operator at the server's command
// line, audited like any other.
func (s *Service) ForOperator(ctx context.Context, req Request) (Export, error) {
	return s.export(ctx, audit.CommandLine, req)
}

func (s *Service) export(ctx context.Context, who audit.Actor, req Request) (Export, error) {
	k, err := s.check(req)
	if err != nil {
		return Export{}, err
	}
	e := Export{Year: req.Year, K: k, GeneratedAt: s.clock.Now(),
		StartsOn: time.Date(req.Year, time.January, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(req.Year, time.December, 31, 0, 0, 0, 0, time.UTC)}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		victims, err := tx.MicrodataVictims(ctx, e.StartsOn, e.EndsOn)
		if err != nil {
			return err
		}
		rows := make([]Row, len(victims))
		for i, v := range victims {
			rows[i] = Derive(v, req.Year)
		}
		e.Records, e.Result = len(rows), Anonymize(rows, k)
		if err := Check(e.Rows, k); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, who, audit.Event{Action: "htcds.exportar", RecordType: "exportacion_htcds",
			RecordID: fmt.Sprint(req.Year), Detail: fmt.Sprintf("año %d, k %d, %d filas, %d registros suprimidos", req.Year, k, len(e.Rows), e.Dropped)})
	})
	return e, err
}

// check validates a request against the calendar and the public k, and
// returns the k to apply.
func (s *Service) check(req Request) (int, error) {
	var fields []apperr.FieldError
	if req.Year > s.clock.Year() {
		fields = append(fields, apperr.FieldError{Field: "anio", Message: "El año aún no comienza."})
	}
	k := req.K
	if k == 0 {
		k = s.publicK
	}
	if k < s.publicK {
		fields = append(fields, apperr.FieldError{Field: "k", Message: fmt.Sprintf("k no puede ser menor que el de las publicaciones (%d).", s.publicK)})
	}
	if len(fields) > 0 {
		return 0, apperr.Validation(fields...)
	}
	return k, nil
}
