package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/maypok86/otter/v2"

	"sintra/internal/domain"
)

// keptBytes bounds the memory the kept releases take (release.bytes).
const keptBytes = 128 << 20

// releaseKey is everything a kept release is computed from: whose
// records, which periods, which k (0 for exact figures), which day
// (acuerdos fall overdue), and the version of the data they count, which
// moves with every committed change of the tables the reports read,
// catalogs and periods included.
type releaseKey struct {
	entidad string
	periods string
	k       int
	today   time.Time
	version int64
	stamp   uuid.UUID
}

func newKept() *otter.Cache[releaseKey, *release] {
	return otter.Must(&otter.Options[releaseKey, *release]{MaximumWeight: keptBytes,
		Weigher: func(_ releaseKey, rel *release) uint32 { return rel.bytes() }})
}

// keptRelease returns the protected release of periods for k, computing
// it only when no release was kept for the same records, periods, k and
// day at the version of the data the snapshot holds. The year's protected
// release costs what its annual report costs, and most views of it come
// between two changes of the data (at a national instance, between two
// imports of a feed).
func (s *Service) keptRelease(ctx context.Context, periods []domain.Period, k int) (*release, error) {
	return s.keep(ctx, periods, k, func() (*release, error) {
		l, err := s.labels(ctx)
		if err != nil {
			return nil, err
		}
		return s.protectedRelease(ctx, periods, k, l)
	})
}

// keptExactStatistics returns every exact statistics table of period,
// kept as protected releases are (under k 0): the Secretaría Técnica
// looks at one period along one dimension after another, and each table
// would otherwise load the period's records again.
func (s *Service) keptExactStatistics(ctx context.Context, period domain.Period) (*release, error) {
	return s.keep(ctx, []domain.Period{period}, 0, func() (*release, error) {
		l, err := s.labels(ctx)
		if err != nil {
			return nil, err
		}
		facts, err := s.store.Facts(ctx, period.StartsOn, period.EndsOn)
		if err != nil {
			return nil, err
		}
		rel := newRelease([]domain.Period{period}, s.clock.Today())
		rel.load(facts)
		rel.buildStats(l)
		return rel, nil
	})
}

// keep returns what compute computes from the snapshot the Service reads,
// unless it was kept for the same records, periods, k and day at the
// version of the data that snapshot holds.
func (s *Service) keep(ctx context.Context, periods []domain.Period, k int, compute func() (*release, error)) (*release, error) {
	version, stamp, err := s.store.CountedDataVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := releaseKey{entidad: s.store.Entidad(), periods: periodsKey(periods), k: k, today: s.clock.Today(), version: version, stamp: stamp}
	if rel, ok := s.kept.GetIfPresent(key); ok {
		return rel, nil
	}
	computeAndKeep := func() (any, error) {
		rel, err := compute()
		if err != nil {
			return nil, err
		}
		rel = rel.published()
		s.kept.Set(key, rel)
		return rel, nil
	}
	// Requests that miss at once wait for one computation: the same
	// version counts the same records in any of their snapshots.
	rel, err, shared := s.computing.Do(fmt.Sprint(key), computeAndKeep)
	if err != nil && shared {
		// The request computing it failed (its caller left, say): this
		// one computes in its own snapshot.
		rel, err = computeAndKeep()
	}
	if err != nil {
		return nil, err
	}
	return rel.(*release), nil
}

func periodsKey(periods []domain.Period) string {
	var b strings.Builder
	for _, p := range periods {
		fmt.Fprintf(&b, "%s|%s|%s|%s|%s;", p.ID, p.Kind, p.Name, p.StartsOn.Format(time.DateOnly), p.EndsOn.Format(time.DateOnly))
	}
	return b.String()
}

// published is what a protected release publishes, without the records
// and cells it was protected from: what is kept.
func (rel *release) published() *release {
	return &release{periods: rel.periods, reports: rel.reports, stats: rel.stats}
}

// bytes estimates the memory a published release takes.
func (rel *release) bytes() uint32 {
	var n int
	weigh := func(t *Table) {
		n += 256 + len(t.Title) + len(t.Note)
		for _, r := range t.Rows {
			n += 64 + len(r.Key) + len(r.Label) + 32*len(r.Cells)
		}
	}
	for _, r := range rel.reports {
		for t := range r.Tables {
			weigh(&r.Tables[t])
		}
	}
	for _, st := range rel.stats {
		weigh(&st.table)
	}
	return uint32(min(n, 1<<31))
}

// cloneTable copies a table down to its cells, so that whoever is served a
// kept release's table cannot change the release.
func cloneTable(t Table) Table {
	t.Columns = slices.Clone(t.Columns)
	t.SplitRows = slices.Clone(t.SplitRows)
	t.Rows = slices.Clone(t.Rows)
	for i := range t.Rows {
		t.Rows[i].Cells = slices.Clone(t.Rows[i].Cells)
	}
	return t
}
