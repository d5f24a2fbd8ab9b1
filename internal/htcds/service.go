package htcds

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// Service produces the anonymized microdata export.
type Service struct {
	// store sees every entidad; an export narrows it to the one exported.
	store   *store.Store
	authz   *authz.Authorizer
	audit   *audit.Recorder
	publicK int
	clock   clock.Clock
}

// NewService returns a Service over a nationwide store; publicK is the k
// of every export (SINTRA_PUBLIC_K).
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, publicK int, clk clock.Clock) *Service {
	return &Service{store: st, authz: a, audit: rec, publicK: publicK, clock: clk}
}

// Export is the anonymized microdata of the víctimas identified in a
// calendar year in an entidad ("" the nation), as the files describe it.
type Export struct {
	Year    int
	Entidad string
	// Without are the fed entidades the nation's file leaves out, whose
	// microdata had not come when it was released.
	Without          []string
	StartsOn, EndsOn time.Time
	K                int
	GeneratedAt      time.Time
	// Result holds the rows exported and, for the tests of the package,
	// what was done to them; none of its counts is written to a file.
	Result
}

// Formats are the formats an export is released in.
var Formats = []string{"csv", "json"}

// Request is what an export is asked for: a closed year, the entidad (""
// the caller's, or the nation for a national role or the command line)
// and a format, csv or json.
type Request struct {
	Year    int
	Entidad string
	Format  string
	// Without, for the nation's first release at the command line, are fed
	// entidades to leave out: those that will not send their microdata.
	Without []string
}

// File is an export as released: the bytes of the format asked for, as
// they were the first time the year was exported, and their SHA-256.
type File struct {
	Year       int
	Entidad    string
	K          int
	Format     string
	Body       []byte
	SHA256     []byte
	ReleasedAt time.Time
}

// For exports a year for a signed-in user who may, and audits it.
func (s *Service) For(ctx context.Context, p *authz.Principal, req Request) (File, error) {
	entidad, err := s.entidadOf(ctx, p, req.Entidad)
	if err != nil {
		return File{}, err
	}
	req.Entidad = entidad
	if err := s.refuseFed(ctx, entidad); err != nil {
		return File{}, err
	}
	return s.export(ctx, audit.ActorOf(p), p.UserID, req)
}

// refuseFed refuses the file of an entidad this instance imports the feed
// of: released here from its fed records, on another day, its year could
// be set against its own release. The nation's ("") is not refused.
func (s *Service) refuseFed(ctx context.Context, entidad string) error {
	if entidad == "" {
		return nil
	}
	fed, err := s.store.FedEntidades(ctx)
	if err != nil || !slices.Contains(fed, entidad) {
		return err
	}
	return apperr.New(apperr.Conflict, fmt.Sprintf("La entidad %s llega por su carga nacional: sus microdatos "+
		"los publica ella. Aquí entran en la publicación nacional tal como los publicó.", entidad))
}

// ForOperator exports a year of an entidad ("" the nation) for an operator
// at the server's command line, audited like any other.
func (s *Service) ForOperator(ctx context.Context, req Request) (File, error) {
	if req.Entidad != "" {
		if ok, err := s.store.CatalogHas(ctx, "entidades", req.Entidad); err != nil || !ok {
			return File{}, cmp.Or(err, error(apperr.New(apperr.NotFound, "La entidad no existe.")))
		}
	}
	if err := s.refuseFed(ctx, req.Entidad); err != nil {
		return File{}, err
	}
	return s.export(ctx, audit.CommandLine, uuid.Nil, req)
}

// export answers the year's release of the entidad, releasing it first if
// it never was, and audits the export in the same transaction.
func (s *Service) export(ctx context.Context, who audit.Actor, by uuid.UUID, req Request) (File, error) {
	if err := s.check(req); err != nil {
		return File{}, err
	}
	var parts []Row
	if req.Entidad == "" {
		_, err := s.store.InEntidad("").HTCDSRelease(ctx, req.Year)
		switch {
		case apperr.CodeOf(err) == apperr.NotFound:
			req.Without = slices.Compact(slices.Sorted(slices.Values(req.Without)))
			parts, err = s.entidadesRows(ctx, who, by, req.Year, req.Without)
		case err == nil && len(req.Without) > 0:
			err = apperr.New(apperr.Conflict, fmt.Sprintf("El año %d de la nación ya se publicó: dejar fuera una entidad "+
				"no cambia un año publicado.", req.Year))
		}
		if err != nil {
			return File{}, err
		}
	}
	st := s.store.InEntidad(req.Entidad)
	var f File
	err := st.Tx(ctx, func(tx *store.Store) error {
		rel, err := tx.HTCDSRelease(ctx, req.Year)
		first := apperr.CodeOf(err) == apperr.NotFound
		if first {
			rel, err = s.release(ctx, tx, req, by, parts)
		}
		if err != nil {
			return err
		}
		if f, err = fileOf(rel, req.Format); err != nil {
			return err
		}
		d := detail(f, first)
		if first && len(req.Without) > 0 {
			d += ", sin las entidades " + strings.Join(req.Without, " ")
		}
		return s.audit.Record(ctx, tx, who, audit.Event{Action: "htcds.exportar", RecordType: "exportacion_htcds",
			RecordID: recordID(req), Detail: d})
	})
	return f, err
}

// entidadesRows are the rows of the year's releases of every entidad the
// deployment holds municipios of, each released first if it never was
// (and audited as such), and of every entidad it imports the feed of, as
// that entidad released them: the nation's release is made of them.
func (s *Service) entidadesRows(ctx context.Context, who audit.Actor, by uuid.UUID, year int, without []string) ([]Row, error) {
	municipios, err := s.store.CatalogEntries(ctx, "municipios")
	if err != nil {
		return nil, err
	}
	fed, err := s.store.FedEntidades(ctx)
	if err != nil {
		return nil, err
	}
	for _, code := range without {
		if !slices.Contains(fed, code) {
			return nil, apperr.Validation(apperr.FieldError{Field: "sin-entidad", Message: fmt.Sprintf("La entidad %s no llega por "+
				"carga nacional: su parte se publica en esta instancia y no se deja fuera.", code)})
		}
		if _, _, sent, err := s.store.FedMicrodata(ctx, code, year); err != nil || sent {
			return nil, cmp.Or(err, error(apperr.Validation(apperr.FieldError{Field: "sin-entidad", Message: fmt.Sprintf(
				"La entidad %s ya envió sus microdatos de %d: entran en la publicación nacional.", code, year)})))
		}
	}
	entidades := slices.Clone(fed)
	for _, m := range municipios {
		if !slices.Contains(entidades, m.Entidad) {
			entidades = append(entidades, m.Entidad)
		}
	}
	slices.Sort(entidades)
	var out []Row
	for _, code := range entidades {
		if slices.Contains(without, code) {
			continue
		}
		if slices.Contains(fed, code) {
			rows, err := s.fedRows(ctx, code, year)
			if err != nil {
				return nil, err
			}
			out = append(out, rows...)
			continue
		}
		f, err := s.export(ctx, who, by, Request{Year: year, Entidad: code, Format: "json"})
		if err != nil {
			return nil, err
		}
		rows, err := jsonRows(f.Body)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// fedRows are the rows of an entidad's year as it released them and its
// feed brought them. Made again here from its fed records, on another day,
// its part could be set against its own release to single out the
// víctimas registered between; so the nation's file waits for them.
func (s *Service) fedRows(ctx context.Context, entidad string, year int) ([]Row, error) {
	raw, k, ok, err := s.store.FedMicrodata(ctx, entidad, year)
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return nil, apperr.New(apperr.Conflict, fmt.Sprintf("La entidad %s llega por su carga nacional y aún no envía sus microdatos de %d: "+
			"la publicación nacional se hace con los de cada entidad. Pida a la entidad que publique su año (sintra htcds) y envíe su carga.",
			entidad, year))
	case k < s.publicK:
		return nil, apperr.New(apperr.Conflict, fmt.Sprintf("La entidad %s publicó sus microdatos de %d con k = %d, menor que el k = %d de "+
			"esta instancia: la publicación nacional no sería %d-anónima.", entidad, year, k, s.publicK, s.publicK))
	}
	var lists [][]string
	if err := json.Unmarshal(raw, &lists); err != nil {
		return nil, fmt.Errorf("htcds: the fed microdata of %s: %w", entidad, err)
	}
	rows, err := rowsFromLists(lists)
	if err == nil && slices.ContainsFunc(rows, func(r Row) bool { return !validRow(r, year) }) {
		err = errors.New("a row holds a value the codebook does not")
	}
	if err == nil {
		// Each part k-anonymous on its own: rows carry no entidad, and a
		// small group hidden among other parts would show once those
		// parts' own files are set against the nation's.
		err = Check(rows, s.publicK)
	}
	if err != nil {
		return nil, apperr.Wrap(apperr.Conflict, fmt.Sprintf("Los microdatos de %d que envió la entidad %s no son un archivo del CTDC "+
			"%d-anónimo de ese año: la publicación nacional no los toma.", year, entidad, s.publicK), err)
	}
	return rows, nil
}

// release anonymizes the year of tx's entidad, renders it in every format
// and freezes it; if another request froze it meanwhile, that one stands.
// The nation's (req.Entidad "") is not anonymized anew but made of its
// entidades' released rows, parts: groups of k or more in each are groups
// of k or more together, and a nation's file anonymized apart could be
// set against the entidades' to single out who is in one and not the
// other.
func (s *Service) release(ctx context.Context, tx *store.Store, req Request, by uuid.UUID, parts []Row) (domain.HTCDSRelease, error) {
	e := Export{Year: req.Year, Entidad: req.Entidad, K: s.publicK, GeneratedAt: s.clock.Now(),
		StartsOn: time.Date(req.Year, time.January, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(req.Year, time.December, 31, 0, 0, 0, 0, time.UTC)}
	if req.Entidad == "" {
		e.Without = req.Without
		e.Rows = slices.Clone(parts)
		slices.SortFunc(e.Rows, func(a, b Row) int { return slices.Compare(a[:], b[:]) })
	} else {
		victims, err := tx.MicrodataVictims(ctx, e.StartsOn, e.EndsOn)
		if err != nil {
			return domain.HTCDSRelease{}, err
		}
		rows := make([]Row, len(victims))
		for i, v := range victims {
			rows[i] = Derive(v, req.Year)
		}
		e.Result = Anonymize(rows, e.K)
	}
	if err := Check(e.Rows, e.K); err != nil {
		return domain.HTCDSRelease{}, err
	}
	var csvBody, jsonBody bytes.Buffer
	if err := WriteCSV(&csvBody, e); err != nil {
		return domain.HTCDSRelease{}, err
	}
	if err := WriteJSON(&jsonBody, e); err != nil {
		return domain.HTCDSRelease{}, err
	}
	csvSum, jsonSum := sha256.Sum256(csvBody.Bytes()), sha256.Sum256(jsonBody.Bytes())
	rel := domain.HTCDSRelease{Entidad: req.Entidad, Year: req.Year, K: e.K, CSV: csvBody.Bytes(), CSVSHA256: csvSum[:],
		JSON: jsonBody.Bytes(), JSONSHA256: jsonSum[:], ReleasedBy: by, ReleasedAt: e.GeneratedAt}
	if err := tx.InsertHTCDSRelease(ctx, rel); err != nil {
		return domain.HTCDSRelease{}, err
	}
	return tx.HTCDSRelease(ctx, req.Year)
}

// fileOf is the release's file of a format, after checking its bytes
// still match the digest stored with them.
func fileOf(rel domain.HTCDSRelease, format string) (File, error) {
	body, sum := rel.JSON, rel.JSONSHA256
	if format == "csv" {
		body, sum = rel.CSV, rel.CSVSHA256
	}
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return File{}, fmt.Errorf("htcds: the %s of %d (entidad %q) does not match its hash", format, rel.Year, rel.Entidad)
	}
	return File{Year: rel.Year, Entidad: rel.Entidad, K: rel.K, Format: format, Body: body, SHA256: sum, ReleasedAt: rel.ReleasedAt}, nil
}

// recordID names an export in the audit trail: the entidad's code and
// the year, or the year alone for the nation.
func recordID(req Request) string {
	if req.Entidad == "" {
		return fmt.Sprint(req.Year)
	}
	return fmt.Sprintf("%s-%d", req.Entidad, req.Year)
}

// detail is an export's audit detail: what was exported, never a count of
// rows or a value of one.
func detail(f File, first bool) string {
	entidad := cmp.Or(f.Entidad, "nacional")
	when := "primera publicación"
	if !first {
		when = "publicada el " + f.ReleasedAt.In(clock.Zone).Format("02/01/2006")
	}
	return fmt.Sprintf("año %d, entidad %s, k %d, %s, %s", f.Year, entidad, f.K, f.Format, when)
}

// check refuses a year that has not ended in Quintana Roo, and a format
// the export has not.
func (s *Service) check(req Request) error {
	if req.Format != "csv" && req.Format != "json" {
		return apperr.Validation(apperr.FieldError{Field: "formato", Message: "El formato debe ser csv o json."})
	}
	if req.Year < 2000 {
		return apperr.Validation(apperr.FieldError{Field: "anio", Message: "El año debe ser 2000 o posterior."})
	}
	if req.Year >= s.clock.Year() {
		return apperr.New(apperr.Conflict, fmt.Sprintf("El año %d aún no termina en Quintana Roo: solo se exportan años cerrados, "+
			"para que la publicación no cambie con los registros que faltan.", req.Year))
	}
	return nil
}

// entidadOf decides whose year a caller exports: see authz.EntidadAsked.
func (s *Service) entidadOf(ctx context.Context, p *authz.Principal, asked string) (string, error) {
	return authz.EntidadAsked(s.authz.Scope(p, authz.ExportacionesHTCDS), asked, func(code string) (bool, error) {
		return s.store.CatalogHas(ctx, "entidades", code)
	})
}
