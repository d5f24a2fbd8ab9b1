package reports

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/disclosure"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// ExactRelease returns what the protected views of a period are computed
// from: the exact figures of its release and the records behind them, and
// the release's periods in the order the figures name them.
func (s *Service) ExactRelease(ctx context.Context, periodID uuid.UUID) (disclosure.Release, []domain.Period, error) {
	var rel *release
	err := s.inRelease(ctx, periodID, func(in *Service, periods []domain.Period, l labels) (err error) {
		rel, err = in.exactRelease(ctx, periods, l)
		return err
	})
	if err != nil {
		return disclosure.Release{}, nil, err
	}
	return disclosure.Release{Cells: rel.cells, Records: rel.records}, rel.periods, nil
}

// ProtectedView returns, computed once, what a reader of the protected
// view of a period's release can obtain: the report of each of the
// release's periods as ReportFor serves it, and, for analysts (Statistic
// serves no public view), each statistic as Statistic serves it.
func (s *Service) ProtectedView(ctx context.Context, periodID uuid.UUID, public bool) ([]Report,
	func(p domain.Period, measure, dim1, dim2 string) (Table, error), error) {
	k := s.analystK
	if public {
		k = s.publicK
	}
	var rel *release
	err := s.inRelease(ctx, periodID, func(in *Service, periods []domain.Period, l labels) (err error) {
		rel, err = in.protectedRelease(ctx, periods, k, l)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var out []Report
	for _, p := range rel.periods {
		r, err := rel.served(p)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}
	if public {
		return out, nil, nil
	}
	return out, rel.statistic, nil
}

// inRelease calls fn in one snapshot with the periods of the release of a
// period and the catalogs' labels.
func (s *Service) inRelease(ctx context.Context, periodID uuid.UUID, fn func(in *Service, periods []domain.Period, l labels) error) error {
	return s.store.Snapshot(ctx, func(tx *store.Store) error {
		in := *s
		in.store = tx
		period, err := tx.Period(ctx, periodID)
		if err != nil {
			return err
		}
		l, err := in.labels(ctx)
		if err != nil {
			return err
		}
		periods, err := in.releaseOf(ctx, period)
		if err != nil {
			return err
		}
		return fn(&in, periods, l)
	})
}

// Unprotected reports whether a report's table is published as it is,
// outside the release.
var Unprotected = unprotected
