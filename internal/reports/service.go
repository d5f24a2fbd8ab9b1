package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/maypok86/otter/v2"
	"golang.org/x/sync/singleflight"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// Default k of the suppression, by audience.
const (
	AnalystK = 5
	PublicK  = 10
)

// Service produces reports and statistics.
type Service struct {
	store *store.Store
	// reads, when set, is a replica of store's database that computes
	// reports and statistics in its stead.
	reads    *store.Store
	authz    *authz.Authorizer
	audit    *audit.Recorder
	analystK int
	publicK  int
	issuer   Issuer
	keys     *crypto.Keyring
	clock    clock.Clock
	// kept are the protected releases computed, by what they count.
	kept *otter.Cache[releaseKey, *release]
	// computing shares one computation of a release among the requests
	// that miss it at once.
	computing *singleflight.Group
}

// Settings are the suppression thresholds for analysts and public
// exports, and who issues the reports.
type Settings struct {
	AnalystK, PublicK int
	Issuer            Issuer
	// Keys key the hash that versions a report's data.
	Keys *crypto.Keyring
}

// NewService returns a Service with its settings; clk tells the time.
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, set Settings, clk clock.Clock) *Service {
	if set.Issuer.Letterhead == nil {
		set.Issuer = DefaultIssuer
	}
	return &Service{store: st, authz: a, audit: rec, analystK: set.AnalystK, publicK: set.PublicK, issuer: set.Issuer, keys: set.Keys, clock: clk,
		kept: newKept(), computing: &singleflight.Group{}}
}

// Issuer is who the reports are issued by: the letterhead printed on every
// page and who signs the MIR's medio de verificación.
type Issuer struct {
	Letterhead []string         `json:"letterhead"`
	Signatory  domain.Signatory `json:"signatory"`
}

// DefaultIssuer is the Secretaría Técnica as the 2024 reports name it.
var DefaultIssuer = Issuer{
	Letterhead: []string{"Gobierno del Estado de Quintana Roo", "Secretaría de Gobierno",
		"Secretaría Técnica de la Comisión Interinstitucional contra los Delitos en Materia de Trata de Personas"},
	Signatory: domain.Signatory{Title: "Directora o Director de Derechos Humanos de la Secretaría de Gobierno",
		Unit: "1104-2432 - Dirección de Derechos Humanos"},
}

// LoadIssuer reads the issuer from a JSON file: {"letterhead": [lines],
// "signatory": {"name", "title", "unit"}}.
func LoadIssuer(path string) (Issuer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Issuer{}, fmt.Errorf("report letterhead: %w", err)
	}
	var is Issuer
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&is); err != nil {
		return Issuer{}, fmt.Errorf("report letterhead %s: %w", path, err)
	}
	if len(is.Letterhead) == 0 || len(is.Letterhead) > 6 {
		return Issuer{}, fmt.Errorf("report letterhead %s: give from 1 to 6 lines of letterhead", path)
	}
	for _, line := range append(slices.Clone(is.Letterhead), is.Signatory.Name, is.Signatory.Title, is.Signatory.Unit) {
		if len([]rune(line)) > 150 {
			return Issuer{}, fmt.Errorf("report letterhead %s: a line is longer than 150 characters", path)
		}
	}
	return is, nil
}

// ReadingFrom returns the same Service computing reports and statistics on
// replica, a streaming replica of its store's database, which answers how
// fresh its data is. Periods, issuing and the audit stay on the primary.
func (s *Service) ReadingFrom(replica *store.Store) *Service {
	out := *s
	out.reads = replica
	return &out
}

// reading returns the same Service reading and counting with tx.
func (s *Service) reading(tx *store.Store) *Service {
	in := *s
	in.store = tx
	return &in
}

// readSnapshot runs fn in one snapshot of the replica, or of the primary
// when there is none or when primaryOnly, and returns the instant up to
// which that snapshot holds every committed transaction.
func (s *Service) readSnapshot(ctx context.Context, primaryOnly bool, fn func(tx *store.Store) error) (time.Time, error) {
	from, mark := s.store, (*store.WALPosition)(nil)
	if s.reads != nil && !primaryOnly {
		position, err := s.store.WALPosition(ctx)
		if err != nil {
			return time.Time{}, err
		}
		from, mark = s.reads, &position
	}
	// Read before the snapshot, which then holds at least as much.
	asOf, err := from.DataAsOf(ctx, mark)
	if err != nil {
		return time.Time{}, err
	}
	return asOf, from.Snapshot(ctx, fn)
}
