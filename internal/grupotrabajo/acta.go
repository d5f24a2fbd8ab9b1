package grupotrabajo

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/render"
)

// Acta renders a session's minutes as a printable PDF: attendance, the
// casos reviewed with their víctimas in the minimal view only, and the
// acuerdos. Producing it is audited as a read.
func (s *Service) Acta(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) ([]byte, error) {
	session, err := s.GetSession(ctx, p, id, reason)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, catalog := range []string{"instituciones", "municipios"} {
		entries, err := s.store.CatalogEntries(ctx, catalog)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			names[e.Code] = e.Name
		}
	}
	return render.ActaPDF(acta(session, names), s.clock.Now())
}

// acta is what the minutes of g say, with names for codes.
func acta(g Session, names map[string]string) render.Acta {
	a := render.Acta{Kind: g.Kind, Municipio: names[g.Municipio], HeldOn: g.HeldOn, Minutes: g.Minutes,
		Acuerdos: actaAcuerdos(g.Acuerdos, names), Pending: actaAcuerdos(g.Pending, names)}
	for _, code := range g.Institutions {
		a.Institutions = append(a.Institutions, names[code])
	}
	for _, r := range g.Reviews {
		review := render.ActaReview{Folio: r.Folio, CasoStatus: r.CasoStatus, Summary: r.Summary}
		for _, v := range r.Victims {
			nationality := ""
			if v.Nationality != nil {
				nationality = *v.Nationality
			}
			review.Victims = append(review.Victims, render.ActaVictim{Folio: v.Folio, Initials: v.Initials, Sex: v.Sex,
				AgeGroup: v.AgeGroup, Nationality: nationality, Modalidades: v.Modalidades, Status: v.Status})
		}
		a.Reviews = append(a.Reviews, review)
	}
	return a
}

func actaAcuerdos(list []Acuerdo, names map[string]string) []render.ActaAcuerdo {
	out := make([]render.ActaAcuerdo, len(list))
	for i, a := range list {
		out[i] = render.ActaAcuerdo{Text: a.Text, Responsible: names[a.Responsible], DueOn: a.DueOn, Status: a.Status, Overdue: a.Overdue}
	}
	return out
}
