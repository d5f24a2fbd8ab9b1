package reports

import (
	"slices"
	"strconv"
	"strings"

	"sintra/internal/disclosure"
)

// Steering: the other records a record could have been, that would count
// in a figure or less in it. Each changes the attributes the figure's
// table counts by, or its period: disclosure control builds, from them,
// the datasets a reader cannot tell from the true one.

// Attributes a figure can pin besides the statistics' dimensions.
const dimCombate = 100

// pin is one attribute a figure pins, and its value.
type pin struct {
	dim   int
	value code
}

// pins lists the attributes a figure of the víctimas' tables pins.
func (rel *release) pins(c disclosure.Cell) []pin {
	var out []pin
	set := func(dim int, value string) {
		if value != "total" && value != "" {
			out = append(out, pin{dim, rel.names.code(value)})
		}
	}
	switch c.Table {
	case "victimas_sexo":
		set(dimSexo, c.Row)
	case "victimas_edad":
		set(dimGrupoEdad, c.Row)
	case "victimas_nacionalidad":
		set(dimNacionalidad, c.Row)
	case "victimas_modalidad":
		set(dimModalidad, c.Row)
	case "servicios":
		set(dimTipoServicio, c.Row)
	case "resumen":
		set(dimCombate, "si")
		switch c.Col {
		case "2":
			set(dimSexo, "mujer")
		case "3":
			set(dimSexo, "hombre")
		}
	default:
		if parts := strings.Split(c.Table, ":"); len(parts) == 4 && parts[0] == "estadistica" && (parts[1] == "victimas" || parts[1] == "servicios") {
			set(dimIndex(parts[2]), c.Row)
			set(dimIndex(parts[3]), c.Col)
		}
	}
	return out
}

// onService reports whether a dimension belongs to a service rather than
// to the víctima.
func onService(dim int) bool {
	return dim == dimTipoServicio || dim == dimInstitucion || dim == dimMunicipio || dim == dimCombate
}

// holds reports whether the víctima (or her service s) has a pinned value.
func (v victimRecord) holds(p pin, s serviceRecord) bool {
	switch p.dim {
	case dimModalidad:
		return slices.Contains(v.modalidades, p.value)
	case dimCombate:
		return slices.Contains(v.rel.known.combateServices, s.kind)
	}
	return v.key(p.dim, s) == p.value
}

// set gives the víctima, or her service j, a value; false when no value
// of the release's fits.
func (v *victimRecord) set(dim int, value code, j int) bool {
	if isExtra(dim) {
		v.extra[dim-dimEstadoCivil] = value
		return true
	}
	switch dim {
	case dimSexo:
		v.sex = value
	case dimGrupoEdad:
		v.ageGroup = value
	case dimNacionalidad:
		v.nationality = value
	case dimModalidad:
		v.modalidades = []code{value}
	case dimTipoServicio:
		v.services[j].kind = value
	case dimInstitucion:
		v.services[j].institution = value
	case dimMunicipio:
		v.services[j].municipio = value
	case dimCombate:
		// value says whether to give a service counted under Combate.
		want := value == v.rel.names.code("si")
		kinds := v.rel.domains.serviceTypes
		i := slices.IndexFunc(kinds, func(k code) bool { return slices.Contains(v.rel.known.combateServices, k) == want })
		if i < 0 {
			return false
		}
		v.services[j].kind = kinds[i]
	}
	return true
}

// values lists the values an attribute takes in the release.
func (rel *release) values(dim int) []code {
	d := &rel.domains
	if isExtra(dim) {
		return d.extra[dim-dimEstadoCivil]
	}
	switch dim {
	case dimSexo:
		return d.sexes
	case dimGrupoEdad:
		return d.ageGroups
	case dimNacionalidad:
		return d.nationalities
	case dimModalidad:
		return d.modalidades
	case dimTipoServicio:
		return d.serviceTypes
	case dimInstitucion:
		return d.serviceInstitutions
	case dimMunicipio:
		return d.serviceMunicipios
	case dimCombate:
		return []code{rel.names.code("si"), rel.names.code("no")}
	}
	return nil
}

func (v victimRecord) clone() victimRecord {
	w := v
	w.services = slices.Clone(v.services)
	w.modalidades = slices.Clone(v.modalidades)
	return w
}

// victimTables are the report's tables víctimas count in, besides their
// statistics.
var victimTables = []string{"victimas_sexo", "victimas_edad", "victimas_nacionalidad", "victimas_modalidad", "servicios", "resumen"}

func (v victimRecord) Steer(c disclosure.Cell, toward bool) []disclosure.Record {
	if !slices.Contains(victimTables, c.Table) && !strings.HasPrefix(c.Table, "estadistica:victimas:") &&
		!strings.HasPrefix(c.Table, "estadistica:servicios:") || c.Table == "resumen" && c.Row != "combate" && c.Row != "total" {
		return nil
	}
	i, _ := strconv.Atoi(c.Period)
	pins := v.rel.pins(c)
	if toward {
		return v.toward(i, pins)
	}
	return v.away(i, pins)
}

// toward lists the víctima with one of her services brought into period i
// and the figure's attributes given.
func (v victimRecord) toward(i int, pins []pin) []disclosure.Record {
	var out []disclosure.Record
	serviceLevel := slices.ContainsFunc(pins, func(p pin) bool { return onService(p.dim) })
	for j := range v.services {
		w := v.clone()
		if w.services[j].mask&(1<<i) == 0 {
			m := slices.IndexFunc(v.rel.domains.serviceMasks, func(m uint32) bool { return m&(1<<i) != 0 })
			if m < 0 {
				return out
			}
			w.services[j].mask = v.rel.domains.serviceMasks[m]
		}
		ok := true
		for _, p := range pins {
			if p.dim == dimModalidad {
				if !slices.Contains(w.modalidades, p.value) {
					w.modalidades = append(w.modalidades, p.value)
				}
				continue
			}
			ok = ok && w.set(p.dim, p.value, j)
		}
		if ok {
			out = append(out, w)
		}
		if !serviceLevel && v.services[j].mask&(1<<i) != 0 {
			break
		}
	}
	return out
}

// away lists the víctima with another value for one of the figure's
// attributes, or with a service of period i moved out of it.
func (v victimRecord) away(i int, pins []pin) []disclosure.Record {
	var out []disclosure.Record
	for _, p := range pins {
		for _, x := range v.rel.values(p.dim) {
			if x == p.value {
				continue
			}
			switch {
			case p.dim == dimModalidad:
				w := v.clone()
				w.modalidades = slices.DeleteFunc(w.modalidades, func(m code) bool { return m == p.value })
				add(&w.modalidades, x)
				out = append(out, w)
			case !onService(p.dim):
				w := v.clone()
				w.set(p.dim, x, 0)
				out = append(out, w)
			default:
				for j, s := range v.services {
					if s.mask&(1<<i) != 0 && v.holds(p, s) {
						w := v.clone()
						if w.set(p.dim, x, j) {
							out = append(out, w)
						}
					}
				}
			}
		}
	}
	for j, s := range v.services {
		if s.mask&(1<<i) == 0 {
			continue
		}
		for _, m := range masksWithout(v.rel.domains.serviceMasks, i) {
			w := v.clone()
			w.services[j].mask = m
			out = append(out, w)
		}
	}
	return out
}

// masksWith and masksWithout list the masks of a domain that hold period
// i, or not.
func masksWith(masks []uint32, i int) []uint32 {
	return slices.DeleteFunc(slices.Clone(masks), func(m uint32) bool { return m&(1<<i) == 0 })
}

func masksWithout(masks []uint32, i int) []uint32 {
	return slices.DeleteFunc(slices.Clone(masks), func(m uint32) bool { return m&(1<<i) != 0 })
}

// moved lists a record as it is in period i (toward) or out of it, over
// the masks of its kind: itself when it already is.
func moved(mask uint32, masks []uint32, i int, toward bool) []uint32 {
	if (mask&(1<<i) != 0) == toward {
		return []uint32{mask}
	}
	if toward {
		return masksWith(masks, i)
	}
	return masksWithout(masks, i)
}

// steerAll lists the records of a kind, over the values of their
// attributes and masks, that count (toward) or do not count in the
// figure, other than the record itself.
func steerAll[R comparable](self R, candidates []R, counts func(R) bool, toward bool) []disclosure.Record {
	var out []disclosure.Record
	for _, r := range candidates {
		if r != self && counts(r) == toward {
			out = append(out, any(r).(disclosure.Record))
		}
	}
	return out
}

// Steer leaves an activity as it is: the report lists each activity, so
// a reader knows every one and no alternative could hide behind it.
func (a activityRecord) Steer(disclosure.Cell, bool) []disclosure.Record { return nil }

func (r rescuedRecord) Steer(cell disclosure.Cell, toward bool) []disclosure.Record {
	if cell.Table != "rescatadas_sexo" && (cell.Table != "resumen" || cell.Row != "rescatadas") {
		return nil
	}
	i, _ := strconv.Atoi(cell.Period)
	d, k := &r.rel.domains, &r.rel.known
	counts := func(b rescuedRecord) bool {
		in := b.mask&(1<<i) != 0
		switch {
		case cell.Table == "rescatadas_sexo" && cell.Row != "total":
			return in && b.sex == r.rel.names.code(cell.Row)
		case cell.Table == "resumen" && cell.Col == "2":
			return in && b.sex == k.mujer
		case cell.Table == "resumen" && cell.Col == "3":
			return in && b.sex != k.mujer
		}
		return in
	}
	var candidates []rescuedRecord
	for _, m := range append(moved(r.mask, d.rescuedMasks, i, toward), r.mask) {
		for _, x := range d.rescuedSexes {
			candidates = append(candidates, rescuedRecord{r.rel, x, m})
		}
	}
	return steerAll(r, candidates, counts, toward)
}

func (a acuerdoRecord) Steer(cell disclosure.Cell, toward bool) []disclosure.Record {
	if cell.Table != "acuerdos" {
		return nil
	}
	i, _ := strconv.Atoi(cell.Period)
	d := &a.rel.domains
	row := a.rel.names.code(cell.Row)
	var out []disclosure.Record
	for _, m := range append(moved(a.mask, d.acuerdoMasks, i, toward), a.mask) {
		for _, st := range append([]code{-1}, d.acuerdoStatus...) {
			b := acuerdoRecord{a.rel, m, a.status}
			if st >= 0 {
				b.status = uniform(len(a.status), st)
			}
			counts := m&(1<<i) != 0 && (cell.Row == "total" || b.status[i] == row)
			if (m != a.mask || st >= 0) && counts == toward {
				out = append(out, b)
			}
		}
	}
	return out
}
