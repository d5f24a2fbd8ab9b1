package victims

import (
	"sintra/internal/domain"
	"time"

	"github.com/google/uuid"
)

// Summary is a víctima in a list, with no personal data. In the minimal
// form, for the Grupo de Trabajo, she shows only what the minimal view
// shows: no exact age, no dates, no denuncia.
type Summary struct {
	ID          uuid.UUID
	Folio       string
	Institution string
	Municipio   string
	Sex         string
	AgeGroup    string
	Nationality *string
	Erased      bool
	// Name is set only for a víctima found by fragments of her name.
	Name string
	// Set in the full form only.
	IdentifiedOn  *time.Time
	Age           *int32
	MinorAtTime   *bool
	DenunciaFiled *bool
}

// SummaryOf is a listed víctima, in the minimal form or in full.
func SummaryOf(v domain.VictimSummary, minimal bool) Summary {
	out := Summary{ID: v.ID, Folio: v.Folio, Institution: v.Institution, Municipio: v.Municipio, Sex: v.Stats.Sex,
		AgeGroup: AgeGroup(v.Stats.Age), Nationality: v.Stats.Nationality, Erased: v.Erased}
	if !minimal {
		identified := v.Stats.IdentifiedOn
		out.IdentifiedOn, out.Age, out.MinorAtTime, out.DenunciaFiled = &identified, v.Stats.Age, v.Stats.MinorAtTime, v.Stats.DenunciaFiled
	}
	return out
}

// Summaries lists víctimas in one form.
func Summaries(vs []domain.VictimSummary, minimal bool) []Summary {
	out := make([]Summary, len(vs))
	for i, v := range vs {
		out[i] = SummaryOf(v, minimal)
	}
	return out
}
