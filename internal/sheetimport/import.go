package sheetimport

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/casos"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/services"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// maxErrors bounds the problems an answer lists.
const maxErrors = 1000

// Service imports spreadsheets of víctimas, casos and services.
type Service struct {
	store    *store.Store
	authz    *authz.Authorizer
	audit    *audit.Recorder
	victims  *victims.Service
	casos    *casos.Service
	services *services.Service
	clock    clock.Clock
}

// NewService returns a Service that stores through the domain services
// given; clk tells the time.
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, v *victims.Service, c *casos.Service,
	sv *services.Service, clk clock.Clock) *Service {
	return &Service{store: st, authz: a, audit: rec, victims: v, casos: c, services: sv, clock: clk}
}

// Result says what an import did.
type Result struct {
	ImportID                 uuid.UUID
	Victims, Casos, Services int
	// AlreadyImported is true when the caller's institution imported the
	// same file before: nothing changed.
	AlreadyImported bool
	ImportedAt      time.Time
}

// Import checks every row of an XLSX or CSV file and imports all of it or,
// if anything is wrong, nothing, answering an invalid-data error whose
// row_errors name each problem. The same file imported again by the same
// institution changes nothing.
func (s *Service) Import(ctx context.Context, p *authz.Principal, data []byte) (Result, error) {
	if !s.authz.Scope(p, authz.VictimasImport).Allowed() {
		return Result{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	sum := sha256.Sum256(data)
	if prev, err := earlier(ctx, s.store, p, sum[:]); err != nil || prev != nil {
		return s.already(prev), err
	}
	b, problems, err := readBook(data)
	if err != nil {
		return Result{}, err
	}
	var pl plan
	if len(problems) == 0 {
		if pl, problems, err = s.check(ctx, p, b); err != nil {
			return Result{}, err
		}
	}
	if len(problems) == 0 && len(pl.victims)+len(pl.casos)+len(pl.services) == 0 {
		problems = []RowError{{Sheet: map[bool]string{true: SheetVictimas, false: SheetCSV}[b.xlsx], Row: 2,
			Message: "El archivo no tiene filas de datos."}}
	}
	if len(problems) > 0 {
		return Result{}, rowErrors(problems)
	}
	res, err := s.write(ctx, p, pl, sum[:])
	if apperr.CodeOf(err) == apperr.Conflict {
		// Imported at the same moment by someone else of the institution.
		if prev, e := earlier(ctx, s.store, p, sum[:]); e == nil && prev != nil {
			return s.already(prev), nil
		}
	}
	return res, err
}

// earlier returns the caller's institution's earlier import of the file,
// if any, as st sees it.
func earlier(ctx context.Context, st *store.Store, p *authz.Principal, sum []byte) (*domain.VictimImport, error) {
	prev, err := st.VictimImportBySHA(ctx, p.Institution, sum)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &prev, nil
}

func (s *Service) already(prev *domain.VictimImport) Result {
	if prev == nil {
		return Result{}
	}
	return Result{ImportID: prev.ID, Victims: prev.Victims, Casos: prev.Casos, Services: prev.Services, AlreadyImported: true,
		ImportedAt: prev.ImportedAt}
}

// rowErrors is the answer to a file with problems: at most maxErrors of them.
func rowErrors(problems []RowError) error {
	e := apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene %d error(es); no se importó ninguna fila. Corríjalos y vuelva a importarlo.", len(problems)))
	if len(problems) > maxErrors {
		problems = problems[:maxErrors]
		e.Message += fmt.Sprintf(" Se muestran los primeros %d.", maxErrors)
	}
	e.Extensions = map[string]any{"row_errors": problems}
	return e
}

// write stores a checked plan in one transaction: the víctimas' possible
// duplicates looked up, audited and counted as at registration (a row
// error for each unconfirmed one, and too many refuse the file, both
// committing the audit of the matches), then the import, the víctimas, the
// casos with their víctimas, and the services, each sealed, given its folio
// and audited by its own domain service, and the import's own audit event.
// The víctimas' blind indexes are held from the start, so that another
// registration or import of the same people waits for this one and then
// sees them, or sees this import of the same file.
func (s *Service) write(ctx context.Context, p *authz.Principal, pl plan, sum []byte) (Result, error) {
	batch, err := s.victims.SealMany(p, registrations(pl))
	if err != nil {
		return Result{}, err
	}
	opened := make([]domain.Caso, len(pl.casos))
	for i := range pl.casos {
		if opened[i], err = s.casos.Prepare(ctx, p, &pl.casos[i].in); err != nil {
			return Result{}, err
		}
	}
	imp := domain.VictimImport{ID: uuid.New(), Institution: p.Institution, SHA256: sum, Victims: len(pl.victims),
		Casos: len(pl.casos), Services: len(pl.services)}
	var prev *domain.VictimImport
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := s.victims.Lock(ctx, tx, batch); err != nil {
			return err
		}
		if prev, err = earlier(ctx, tx, p, sum); err != nil || prev != nil {
			return err
		}
		matches, err := s.victims.MatchBatch(ctx, tx, p, batch)
		if err != nil {
			return err
		}
		if problems := registered(pl, matches); len(problems) > 0 {
			return store.CommitThenFail(rowErrors(problems))
		}
		// Before the records, so that the same file sent twice at once by
		// víctimas with no index to hold waits here.
		if err := tx.InsertVictimImport(ctx, imp, p.UserID); err != nil {
			return err
		}
		stored, err := s.victims.StoreBatch(ctx, tx, p, batch)
		if err != nil {
			return err
		}
		ids, members := map[string]uuid.UUID{}, map[string][]uuid.UUID{}
		for i, v := range pl.victims {
			ids[v.key] = stored[i].ID
			if v.casoKey != "" {
				members[v.casoKey] = append(members[v.casoKey], stored[i].ID)
			}
		}
		for i, k := range pl.casos {
			in := k.in
			in.VictimIDs = members[k.key]
			if _, err := s.casos.OpenIn(ctx, tx, p, opened[i], in); err != nil {
				return err
			}
		}
		planned := make([]services.Planned, len(pl.services))
		for i, sv := range pl.services {
			planned[i] = services.Planned{VictimID: ids[sv.victimKey], Input: sv.in}
		}
		if _, err := s.services.RecordIn(ctx, tx, p, planned); err != nil {
			return err
		}
		return s.audit.RecordMany(ctx, tx, audit.ActorOf(p), importEvents(imp, pl))
	})
	if err != nil || prev != nil {
		return s.already(prev), err
	}
	return Result{ImportID: imp.ID, Victims: imp.Victims, Casos: imp.Casos, Services: imp.Services, ImportedAt: s.clock.Now()}, nil
}

// importEvents are the audit events of an import: one in each municipio of
// its víctimas and casos, so that each municipio's auditor sees it.
func importEvents(imp domain.VictimImport, pl plan) []audit.Event {
	var municipios []string
	for _, v := range pl.victims {
		municipios = append(municipios, v.reg.Municipio)
	}
	for _, k := range pl.casos {
		municipios = append(municipios, k.in.Municipio)
	}
	slices.Sort(municipios)
	detail := fmt.Sprintf("%d víctimas, %d expedientes, %d servicios", imp.Victims, imp.Casos, imp.Services)
	var out []audit.Event
	for _, m := range slices.Compact(municipios) {
		out = append(out, audit.Event{Action: "victima.importar", RecordType: "importacion", RecordID: imp.ID.String(), Municipio: m, Detail: detail})
	}
	return out
}

// loadCatalogs reads the catalogs a row may name an entry of.
func (s *Service) loadCatalogs(ctx context.Context) (catalogs, error) {
	var c catalogs
	for name, into := range c.byName() {
		entries, err := s.store.CatalogEntries(ctx, name)
		if err != nil {
			return c, err
		}
		*into = catalogOf(entries)
	}
	return c, nil
}

// catalogOf maps each entry's code and name to its code; a name two
// entries share maps to "", and a code always to itself.
func catalogOf(entries []domain.CatalogEntry) catalog {
	out := catalog{}
	for _, e := range entries {
		if code, seen := out[key(e.Name)]; seen && code != e.Code {
			out[key(e.Name)] = ""
		} else {
			out[key(e.Name)] = e.Code
		}
	}
	for _, e := range entries {
		out[key(e.Code)] = e.Code
	}
	return out
}
