package reports

import (
	"slices"

	"sintra/internal/disclosure"
)

// Counting a change: the disclosure search weighs thousands of variants of
// a víctima, each differing from her in one attribute or in when one of
// her services was given. Counted whole, each would count again in every
// table of every period; counted by its change, it counts only in the
// tables of the dimensions it changes, in the periods where it changes
// them, and where it changes which services fall in a period, in every
// table of that period.

// dims is a set of the statistics' dimensions.
type dims uint32

// allDims holds every dimension: a period counted whole.
const allDims dims = 1<<(dimModalidad+1) - 1

// has reports whether the set holds a dimension (never dimNone).
func (s dims) has(dim int) bool { return dim >= 0 && s&(1<<dim) != 0 }

func dimOf(dim int) dims { return 1 << dim }

// CountChange tells add what turning the víctima into w, one of her
// variants, changes: w counted less her, in the tables and periods the
// difference between them reaches.
func (v victimRecord) CountChange(to disclosure.Record, add func(cell, n int)) {
	less := func(cell, n int) { add(cell, -n) }
	w, ok := to.(victimRecord)
	if !ok || w.rel != v.rel {
		to.Count(add)
		v.Count(less)
		return
	}
	for i, reach := range v.reach(w) {
		if reach != 0 {
			w.countIn(add, i, reach)
			v.countIn(less, i, reach)
		}
	}
}

// reach lists, period by period, the dimensions in which w differs from
// the víctima: all of them in a period where the services that fall in it
// differ otherwise than in their kind, institution or municipio.
func (v victimRecord) reach(w victimRecord) []dims {
	var everywhere dims
	for _, d := range []struct {
		dim  int
		same bool
	}{{dimSexo, v.sex == w.sex}, {dimGrupoEdad, v.ageGroup == w.ageGroup}, {dimNacionalidad, v.nationality == w.nationality},
		{dimModalidad, slices.Equal(v.modalidades, w.modalidades)}} {
		if !d.same {
			everywhere |= dimOf(d.dim)
		}
	}
	for j := range v.extra {
		if v.extra[j] != w.extra[j] {
			everywhere |= dimOf(dimEstadoCivil + j)
		}
	}
	out := make([]dims, len(v.rel.periods))
	var whole uint32 // the periods counted whole
	if len(v.services) != len(w.services) {
		whole = ^uint32(0)
	}
	for j := range min(len(v.services), len(w.services)) {
		s, t := v.services[j], w.services[j]
		if s.quantity != t.quantity {
			whole |= s.mask | t.mask
			continue
		}
		whole |= s.mask ^ t.mask
		var values dims
		for _, d := range []struct {
			dim  int
			same bool
		}{{dimTipoServicio, s.kind == t.kind}, {dimInstitucion, s.institution == t.institution}, {dimMunicipio, s.municipio == t.municipio}} {
			if !d.same {
				values |= dimOf(d.dim)
			}
		}
		for _, i := range v.rel.periodsOf(s.mask & t.mask) {
			out[i] |= values
		}
	}
	for i := range out {
		out[i] |= everywhere
		if whole&(1<<i) != 0 {
			out[i] = allDims
		}
	}
	return out
}
