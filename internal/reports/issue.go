package reports

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sintra/internal/domain"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// PeriodInput is a reporting period to define.
type PeriodInput struct {
	Name     string
	Kind     string
	StartsOn time.Time
	EndsOn   time.Time
}

// CreatePeriod defines a reporting period (the Secretaría Técnica's).
func (s *Service) CreatePeriod(ctx context.Context, p *authz.Principal, in PeriodInput) (domain.Period, error) {
	if !s.authz.Scope(p, authz.PeriodosWrite).Allowed() {
		return domain.Period{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	per := domain.Period{ID: uuid.New(), Name: strings.TrimSpace(in.Name), Kind: in.Kind, StartsOn: in.StartsOn, EndsOn: in.EndsOn}
	var fields []apperr.FieldError
	if n := len([]rune(per.Name)); n < 1 || n > 100 {
		fields = append(fields, apperr.FieldError{Field: "name", Message: "Escriba el nombre del periodo (hasta 100 caracteres)."})
	}
	if !slices.Contains(PeriodKinds, per.Kind) {
		fields = append(fields, apperr.FieldError{Field: "kind", Message: "El periodo es trimestral, anual, mensual o personalizado."})
	}
	if per.StartsOn.IsZero() {
		fields = append(fields, apperr.FieldError{Field: "starts_on", Message: "Indique la fecha de inicio."})
	}
	if per.EndsOn.Before(per.StartsOn) {
		fields = append(fields, apperr.FieldError{Field: "ends_on", Message: "El periodo no puede terminar antes de empezar."})
	}
	if month := Month(per.StartsOn.Year(), per.StartsOn.Month()); per.Kind == "mensual" &&
		(!per.StartsOn.Equal(month.StartsOn) || !per.EndsOn.Equal(month.EndsOn)) {
		fields = append(fields, apperr.FieldError{Field: "starts_on", Message: "Un periodo mensual va del primer al último día de un mes; " +
			"para otros límites elija «personalizado»."})
	}
	if len(fields) > 0 {
		return per, apperr.Validation(fields...)
	}
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.InsertPeriod(ctx, per, p.UserID); apperr.CodeOf(err) == apperr.Conflict {
			return apperr.New(apperr.Conflict, "Ya existe un periodo con ese nombre.")
		} else if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "periodo.registrar", RecordType: "periodo", RecordID: per.ID.String()})
	})
	return per, err
}

// Periods lists the reporting periods.
func (s *Service) Periods(ctx context.Context) ([]domain.Period, error) { return s.store.Periods(ctx) }

// PeriodByName finds a period by name, or by id given as text.
func (s *Service) PeriodByName(ctx context.Context, name string) (domain.Period, error) {
	if id, err := uuid.Parse(name); err == nil {
		return s.store.Period(ctx, id)
	}
	return s.store.PeriodByName(ctx, name)
}

// Issued is an issued report: frozen numbers with their hash.
type Issued struct {
	domain.IssuedReport
	Report Report
}

// Issue freezes the exact report of a period of the caller's entidad (the
// nation's, for a national role); see IssueOf.
func (s *Service) Issue(ctx context.Context, p *authz.Principal, periodID uuid.UUID) (Issued, error) {
	return s.IssueOf(ctx, p, periodID, "")
}

// IssueOf freezes the exact report of a period of an entidad (the caller's
// when ""): its numbers, the query version and a SHA-256 of the content are
// stored, so a later correction of the records never changes it silently.
func (s *Service) IssueOf(ctx context.Context, p *authz.Principal, periodID uuid.UUID, entidad string) (Issued, error) {
	if !s.authz.Scope(p, authz.ReportesIssue).Allowed() {
		return Issued{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	entidad, err := s.entidadOf(ctx, p, entidad, authz.ReportesIssue)
	if err != nil {
		return Issued{}, err
	}
	return s.inEntidad(entidad).issue(ctx, p, periodID)
}

// issue is IssueOf, for the Service's entidad.
func (s *Service) issue(ctx context.Context, p *authz.Principal, periodID uuid.UUID) (Issued, error) {
	period, err := s.store.Period(ctx, periodID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return Issued{}, apperr.New(apperr.NotFound, "El periodo no existe.")
	} else if err != nil {
		return Issued{}, err
	}
	r, err := s.build(ctx, period, 0, true)
	if err != nil {
		return Issued{}, err
	}
	content, err := json.Marshal(r)
	if err != nil {
		return Issued{}, err
	}
	sum := sha256.Sum256(content)
	out := Issued{Report: r, IssuedReport: domain.IssuedReport{ID: uuid.New(), PeriodID: period.ID, Entidad: s.store.Entidad(), QueryVersion: QueryVersion,
		DataVersion: r.DataVersion, Content: content, SHA256: sum[:], IssuedAt: s.clock.Now(), IssuedBy: p.UserID}}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.InsertIssuedReport(ctx, out.IssuedReport); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "reporte.emitir", RecordType: "reporte",
			RecordID: out.ID.String(), Detail: withEntidad(period.Name, out.Entidad)})
	})
	return out, err
}

// GetIssued returns an issued report as it was frozen, after checking its
// hash: one of an entidad the caller reads the reports of, or of the nation
// for a national role; any other answers as one that does not exist.
func (s *Service) GetIssued(ctx context.Context, p *authz.Principal, id uuid.UUID) (Issued, error) {
	scope := s.authz.Scope(p, authz.ReportesRead)
	if !scope.Allowed() {
		return Issued{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	ir, err := s.store.IssuedReport(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound || err == nil && !scope.All && (ir.Entidad == "" || !scope.Reaches(ir.Entidad)) {
		return Issued{}, apperr.New(apperr.NotFound, "El informe emitido no existe.")
	} else if err != nil {
		return Issued{}, err
	}
	if sum := sha256.Sum256(ir.Content); string(sum[:]) != string(ir.SHA256) {
		return Issued{}, fmt.Errorf("reports: issued report %s does not match its hash", id)
	}
	out := Issued{IssuedReport: ir}
	if err := json.Unmarshal(ir.Content, &out.Report); err != nil {
		return out, err
	}
	return out, nil
}

// ListIssued lists issued reports, newest first: those of the entidades
// the caller reads the reports of, or every one for a national role.
func (s *Service) ListIssued(ctx context.Context, p *authz.Principal, periodID uuid.NullUUID) ([]domain.IssuedReport, error) {
	scope := s.authz.Scope(p, authz.ReportesRead)
	if !scope.Allowed() {
		return nil, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	var entidades []string
	if !scope.All {
		entidades = append([]string{}, scope.EntidadesReached()...)
	}
	return s.store.IssuedReports(ctx, periodID, entidades)
}

// Change is a figure that differs between an issued report and the records now.
type Change struct {
	Table  string `json:"table"`
	Row    string `json:"row"`
	Column string `json:"column"`
	Issued Cell   `json:"issued"`
	Now    Cell   `json:"now"`
}

// Changes regenerates an issued report's period and lists every figure
// that differs from what was issued.
func (s *Service) Changes(ctx context.Context, p *authz.Principal, id uuid.UUID) ([]Change, error) {
	issued, err := s.GetIssued(ctx, p, id)
	if err != nil {
		return nil, err
	}
	now, err := s.inEntidad(issued.Entidad).Build(ctx, issued.Report.Period, 0)
	if err != nil {
		return nil, err
	}
	var out []Change
	seen := map[string]bool{}
	compare := func(a, b *Report, issuedFirst bool) {
		for _, t := range a.Tables {
			for _, rw := range t.Rows {
				for col, c := range rw.Cells {
					key := fmt.Sprintf("%s|%s|%d", t.ID, rw.Key, col)
					if seen[key] {
						continue
					}
					seen[key] = true
					other := Cell{}
					if bt := b.Table(t.ID); bt != nil {
						other, _ = bt.Cell(rw.Key, col)
					}
					if c != other {
						ch := Change{Table: t.ID, Row: rw.Label, Column: t.Columns[col], Issued: c, Now: other}
						if !issuedFirst {
							ch.Issued, ch.Now = other, c
						}
						out = append(out, ch)
					}
				}
			}
		}
	}
	compare(&issued.Report, &now, true)
	compare(&now, &issued.Report, false)
	return out, nil
}

// AnnualPeriod finds the annual period of a year: the one that ends in it,
// since the Comisión's year starts in the December before.
func (s *Service) AnnualPeriod(ctx context.Context, year int) (domain.Period, error) {
	periods, err := s.store.Periods(ctx)
	if err != nil {
		return domain.Period{}, err
	}
	for _, p := range periods {
		if p.Kind == "anual" && p.EndsOn.Year() == year {
			return p, nil
		}
	}
	return domain.Period{}, apperr.New(apperr.NotFound, fmt.Sprintf("No hay un periodo anual definido para %d.", year))
}
