package reports

import (
	"slices"
	"strconv"
	"strings"

	"sintra/internal/disclosure"
	"sintra/internal/domain"
)

// unitMeasure is a statistic that counts units other than víctimas and
// services: each unit counts once in each figure its values fall in.
type unitMeasure struct {
	name string
	// dims are its dimensions; timed are those whose value changes over
	// time (a status), counted as it was at the end of each period.
	dims, timed []string
}

// unitMeasures are the statistics of casos, canalizaciones, the
// Fiscalía's records and the medidas de protección. Carpetas and imputados are those of the carpetas
// judicializadas in a period, as the report's Sanción counts them.
var unitMeasures = []unitMeasure{
	{name: "casos", dims: []string{"municipio", "modalidad", "forma_enganche", "medio_transporte", "tipo_lugar", "pais_origen",
		"pais_destino", "estado"}, timed: []string{"estado"}},
	{name: "canalizaciones", dims: []string{"institucion_receptora", "institucion_emisora", "tipo_servicio", "municipio", "estado"},
		timed: []string{"estado"}},
	{name: "carpetas", dims: []string{"municipio", "modalidad", "distrito", "medio_comisivo", "etapa"}, timed: []string{"etapa"}},
	{name: "imputados", dims: []string{"sexo", "grupo_edad", "nacionalidad", "modalidad", "municipio"}},
	{name: "detenciones", dims: []string{"sexo", "grupo_edad", "nacionalidad", "modalidad", "municipio"}},
	{name: "resoluciones", dims: []string{"tipo_resolucion", "modalidad", "reparacion", "sexo", "municipio"}},
	// Medidas de protección count in the period they were requested, once,
	// as canalizaciones count in the period they were sent: a year's count
	// is then the sum of its quarters', and a medida asked for and never
	// granted counts as the request it was. Counting one in every period it
	// was in force would count the same medida in each quarter it lasted
	// and make the year's total no sum of anything. What became of it (its
	// status) and the risk she ran (the latest assessment's level) are
	// those at the end of each period.
	{name: "medidas_proteccion", dims: []string{"tipo_medida", "beneficiario", "estado", "nivel_riesgo", "municipio"},
		timed: []string{"estado", "nivel_riesgo"}},
	// Reportes ciudadanos (calls to the hotline, denuncias) received in a
	// period, like the national hotline's annex III: by month, channel, who
	// reported (denunciante), classification, modalidad (of posible trata), municipio of the facts,
	// and whether they became a caso. Classification and status count as
	// they stand when the figures are computed.
	{name: "reportes", dims: []string{"mes", "canal", "denunciante", "clasificacion", "modalidad", "municipio", "convertido_caso"}},
}

// unitRecord is one unit of a measure in the release's span.
type unitRecord struct {
	rel     *release
	measure int
	mask    uint32
	// values holds each dimension's values; a timed dimension's holds its
	// value at the end of each of the release's periods instead.
	values [][]code
}

// at lists the values dimension d takes in period i.
func (u unitRecord) at(d, i int) []code {
	if u.rel.timed[u.measure][d] {
		return u.values[d][i : i+1]
	}
	return u.values[d]
}

// shares tells fn what the unit adds to a statistics table of period i.
func (u unitRecord) shares(i int, st statDef, fn func(k1, k2 code)) {
	none := []code{u.rel.known.none}
	v1, v2 := u.at(st.dim1, i), none
	if st.dim2 >= 0 {
		v2 = u.at(st.dim2, i)
	}
	for _, k1 := range v1 {
		for _, k2 := range v2 {
			fn(k1, k2)
		}
	}
}

func (u unitRecord) Count(add func(cell, n int)) {
	rel := u.rel
	for _, i := range rel.periodsOf(u.mask) {
		for _, st := range rel.unitTables[u.measure] {
			u.shares(i, st, func(k1, k2 code) { rel.count(add, st.table, i, k1, k2, 1) })
		}
		u.countInReport(add, i)
	}
}

// countInReport counts the unit in the report's tables of period i: the
// canalizaciones table and the Sanción tables.
func (u unitRecord) countInReport(add func(cell, n int), i int) {
	rel, k := u.rel, &u.rel.known
	value := func(dim string) code { return u.at(rel.unitDim(u.measure, dim), i)[0] }
	switch unitMeasures[u.measure].name {
	case "canalizaciones":
		col := slices.Index(k.canalizacionStatus, value("estado"))
		rel.count(add, k.canalizaciones, i, value("institucion_receptora"), k.col[col], 1)
	case "carpetas":
		rel.count(add, k.carpetasModalidad, i, value("modalidad"), k.col[0], 1)
		rel.count(add, k.carpetasDistrito, i, value("distrito"), k.col[0], 1)
		rel.count(add, k.resumen, i, k.judicializacion, k.col[0], 1)
	case "imputados":
		sex := value("sexo")
		rel.count(add, k.imputados, i, sex, k.col[0], 1)
		rel.count(add, k.resumen, i, k.judicializacion, k.col[1], 1)
		if sex == k.mujer {
			rel.count(add, k.resumen, i, k.judicializacion, k.col[2], 1)
		} else {
			rel.count(add, k.resumen, i, k.judicializacion, k.col[3], 1)
		}
	case "reportes":
		u.countReporte(add, i, value)
	}
}

// countReporte counts a reporte ciudadano in the report's tables of
// reportes of period i: by month (received, posible trata, convertidos en
// caso), channel, classification, municipio of the facts, and the
// modalidades of those of posible trata.
func (u unitRecord) countReporte(add func(cell, n int), i int, value func(string) code) {
	rel, k := u.rel, &u.rel.known
	month := value("mes")
	rel.count(add, k.reportesMes, i, month, k.col[0], 1)
	if value("clasificacion") == k.posibleTrata {
		rel.count(add, k.reportesMes, i, month, k.col[1], 1)
	}
	if value("convertido_caso") == k.si {
		rel.count(add, k.reportesMes, i, month, k.col[2], 1)
	}
	rel.count(add, k.reportesCanal, i, value("canal"), k.col[0], 1)
	rel.count(add, k.reportesDenunciante, i, value("denunciante"), k.col[0], 1)
	rel.count(add, k.reportesClasificacion, i, value("clasificacion"), k.col[0], 1)
	rel.count(add, k.reportesMunicipio, i, value("municipio"), k.col[0], 1)
	for _, m := range u.at(rel.unitDim(u.measure, "modalidad"), i) {
		if m != k.noAplica {
			rel.count(add, k.reportesModalidad, i, m, k.col[0], 1)
		}
	}
}

// unitDim is the index of a measure's dimension.
func (rel *release) unitDim(measure int, dim string) int {
	return slices.Index(unitMeasures[measure].dims, dim)
}

// unitPin is a value a figure pins a dimension of a unit to; with not, any
// value but that one.
type unitPin struct {
	dim   int
	value code
	not   bool
}

// unitPins lists what a figure pins of the units of a measure; false when
// the figure counts no unit of it.
func (rel *release) unitPins(c disclosure.Cell, measure int) ([]unitPin, bool) {
	var pins []unitPin
	set := func(dim, value string) {
		if value != "total" && value != "" {
			pins = append(pins, unitPin{dim: rel.unitDim(measure, dim), value: rel.names.code(value)})
		}
	}
	name := unitMeasures[measure].name
	switch {
	case c.Table == "canalizaciones" && name == "canalizaciones":
		set("institucion_receptora", c.Row)
		if col, err := strconv.Atoi(c.Col); err == nil && col < len(canalizacionStatuses) {
			set("estado", canalizacionStatuses[col])
		}
	case c.Table == "carpetas_modalidad" && name == "carpetas":
		set("modalidad", c.Row)
	case c.Table == "carpetas_distrito" && name == "carpetas":
		set("distrito", c.Row)
	case c.Table == "imputados_sexo" && name == "imputados":
		set("sexo", c.Row)
	case c.Table == "reportes_mes" && name == "reportes":
		set("mes", c.Row)
		switch c.Col {
		case "1":
			set("clasificacion", "posible_trata")
		case "2":
			set("convertido_caso", "si")
		}
	case strings.HasPrefix(c.Table, "reportes_") && name == "reportes":
		set(reporteTableDims[c.Table], c.Row)
	case c.Table == "resumen" && c.Row == "judicializacion" && name == "carpetas":
		if c.Col != "0" {
			return nil, false
		}
	case c.Table == "resumen" && c.Row == "judicializacion" && name == "imputados":
		switch c.Col {
		case "0":
			return nil, false
		case "2":
			set("sexo", "mujer")
		case "3":
			set("sexo", "mujer")
			pins[0].not = true
		}
	default:
		parts := strings.Split(c.Table, ":")
		if len(parts) != 4 || parts[0] != "estadistica" || parts[1] != name {
			return nil, false
		}
		set(parts[2], c.Row)
		if parts[3] != "" {
			set(parts[3], c.Col)
		}
	}
	return pins, true
}

func (u unitRecord) clone() unitRecord {
	w := u
	w.values = make([][]code, len(u.values))
	for d, v := range u.values {
		w.values[d] = slices.Clone(v)
	}
	return w
}

// give sets dimension d of the unit to value in period i: a timed one in
// that period, a dimension of several values by adding it.
func (u *unitRecord) give(d int, value code, i int, several bool) {
	switch {
	case u.rel.timed[u.measure][d]:
		u.values[d][i] = value
	case several:
		if !slices.Contains(u.values[d], value) {
			u.values[d] = append(u.values[d], value)
		}
	default:
		u.values[d] = []code{value}
	}
}

// holds reports whether the unit has a pinned value in period i.
func (u unitRecord) holds(p unitPin, i int) bool {
	return slices.Contains(u.at(p.dim, i), p.value) != p.not
}

func (u unitRecord) Steer(c disclosure.Cell, toward bool) []disclosure.Record {
	pins, ok := u.rel.unitPins(c, u.measure)
	if !ok {
		return nil
	}
	i, _ := strconv.Atoi(c.Period)
	domain := u.rel.unitDomains[u.measure]
	masks := u.rel.unitMasks[u.measure]
	var out []disclosure.Record
	if toward {
		for _, m := range moved(u.mask, masks, i, true) {
			w := u.clone()
			w.mask = m
			for _, p := range pins {
				if w.holds(p, i) {
					continue
				}
				value := p.value
				if p.not {
					j := slices.IndexFunc(domain[p.dim], func(x code) bool { return x != p.value })
					if j < 0 {
						return out
					}
					value = domain[p.dim][j]
				}
				w.give(p.dim, value, i, u.several(p.dim))
			}
			out = append(out, w)
		}
		return out
	}
	if u.mask&(1<<i) == 0 {
		return nil
	}
	for _, m := range masksWithout(masks, i) {
		w := u.clone()
		w.mask = m
		out = append(out, w)
	}
	for _, p := range pins {
		for _, x := range domain[p.dim] {
			if (x == p.value) != p.not {
				continue
			}
			w := u.clone()
			if u.several(p.dim) && !p.not {
				w.values[p.dim] = slices.DeleteFunc(w.values[p.dim], func(v code) bool { return v == p.value })
			}
			w.give(p.dim, x, i, u.several(p.dim))
			out = append(out, w)
		}
	}
	return out
}

// several reports whether a dimension may hold several values at once.
func (u unitRecord) several(d int) bool {
	return multiValued(unitMeasures[u.measure].name, unitMeasures[u.measure].dims[d])
}

// multiValued reports whether a unit of a measure may take several values
// of a dimension: a víctima, caso or reporte several modalidades, a
// carpeta several medios comisivos. Such a dimension's total is not the
// sum of its rows.
func multiValued(measure, dim string) bool {
	return dim == "modalidad" && (measure == "casos" || measure == "victimas" || measure == "reportes") || dim == "medio_comisivo"
}

// loadUnits turns the facts of each measure into unit records.
func (rel *release) loadUnits(f domain.Facts) {
	n := &rel.names
	for m, measure := range unitMeasures {
		for _, fact := range f.Units[measure.name] {
			u := unitRecord{rel: rel, measure: m, mask: rel.mask(fact.On), values: make([][]code, len(measure.dims))}
			for d, dim := range measure.dims {
				if rel.timed[m][d] {
					line := fact.Timelines[dim]
					u.values[d] = make([]code, len(rel.periods))
					for i, p := range rel.periods {
						u.values[d][i] = n.code(line.At(p.EndsOn))
					}
				} else {
					u.values[d] = n.codes(fact.Values[dim])
				}
				for _, v := range u.values[d] {
					add(&rel.unitDomains[m][d], v)
				}
			}
			add(&rel.unitMasks[m], u.mask)
			rel.records = append(rel.records, u)
		}
	}
}
