package reports

import (
	"context"

	"sintra/internal/authz"
	"sintra/internal/store"
)

// entidadOf decides whose records a caller's report or statistic counts,
// where one of perms holds: see authz.EntidadAsked.
func (s *Service) entidadOf(ctx context.Context, p *authz.Principal, asked string, perms ...authz.Permission) (string, error) {
	return authz.EntidadAsked(s.authz.ScopeOfAny(p, perms...), asked, func(code string) (bool, error) {
		return s.store.CatalogHas(ctx, "entidades", code)
	})
}

// reachesEntidad reports whether a permission of scope holds in entidad,
// anywhere in it; for the nation (""), only a national one does.
func reachesEntidad(scope authz.Scope, entidad string) bool {
	if entidad == "" {
		return scope.All
	}
	return scope.Reaches(entidad)
}

// inEntidad returns the same Service counting the records of entidad
// alone, "" the nation's: every query its store (and replica) runs for the
// reports is narrowed to it, and so are the rows they may see.
func (s *Service) inEntidad(entidad string) *Service {
	out := *s
	out.store = s.store.InEntidad(entidad)
	if s.reads != nil {
		out.reads = s.reads.InEntidad(entidad)
	}
	return &out
}

// entidadName is the name of the entidad the Service counts, "" for the
// nation.
func (s *Service) entidadName(ctx context.Context) (string, error) {
	code := s.store.Entidad()
	if code == "" {
		return "", nil
	}
	entries, err := s.store.CatalogEntries(ctx, "entidades")
	for _, e := range entries {
		if e.Code == code {
			return e.Name, err
		}
	}
	return code, err
}

// nationalPattern returns which figures of the nation's release to hide
// for k: every figure hidden in any entidad's release, and every one that
// is not the sum of its entidades' (a víctima attended in two of them).
// Protected apart, the nation's figures could be set against theirs (the
// nation's 9 less Quintana Roo's 7 is another entidad's hidden 2); so,
// each figure it shows is a sum of figures they show, and tells nothing
// they do not.
func (s *Service) nationalPattern(ctx context.Context, rel *release, k int, l labels) ([]bool, error) {
	entidades, err := s.store.ReportedEntidades(ctx)
	if err != nil {
		return nil, err
	}
	national := make(map[[4]string]int, len(rel.cells))
	for i, c := range rel.cells {
		national[[4]string{c.Table, c.Period, c.Row, c.Col}] = i
	}
	hidden := make([]bool, len(rel.cells))
	sums := make([]int, len(rel.cells))
	for _, e := range entidades {
		err := s.store.CountingOnly(ctx, e, func(tx *store.Store) error {
			in := s.reading(tx)
			part, err := in.exactRelease(ctx, rel.periods, l)
			if err != nil {
				return err
			}
			partHidden, err := in.protect(part, k)
			if err != nil {
				return err
			}
			for i, c := range part.cells {
				if at, ok := national[[4]string{c.Table, c.Period, c.Row, c.Col}]; ok {
					sums[at] += c.Value
					hidden[at] = hidden[at] || partHidden[i]
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for i, c := range rel.cells {
		hidden[i] = hidden[i] || sums[i] != c.Value
	}
	return hidden, nil
}

// nationalNote explains how the nation's protected figures are withheld.
const nationalNote = "Cada cifra nacional que se muestra es la suma de las de sus entidades; se reserva cuando alguna de ellas " +
	"reserva la suya o cuando no es esa suma (una víctima atendida en dos entidades): restadas de las nacionales, las cifras " +
	"de unas entidades no revelan las reservadas de otras."
