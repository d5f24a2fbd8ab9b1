package reports

import (
	"slices"
	"strconv"
	"time"

	"sintra/internal/disclosure"
	"sintra/internal/domain"
)

// A release is everything an analyst or the public can obtain about one
// Comisión year: the reports of the year and of each of its quarters, and
// every statistics table of each. Disclosure control protects it as a
// whole, from the records behind it, so that no combination of its figures
// narrows a small count.
type release struct {
	periods []domain.Period
	// reports are the exact reports, by period.
	reports []*Report
	// stats are the exact statistics tables, by period.
	stats map[statID]*statTable
	cells []disclosure.Cell
	// figures name the cells by codes, and index finds them (figures.go).
	figures []figure
	index   figureIndex
	// names interns the strings that name figures and attribute values:
	// records count by codes, which is what makes protecting a year fast.
	names names
	known known
	// shapes are the tables' shapes, by table code.
	shapes []shape
	// statTables are the statistics tables of each period.
	statTables []statDef
	// today decides which acuerdos are overdue in a period not over yet.
	today   time.Time
	domains domains
	records []disclosure.Record
	// Per unit measure: its statistics tables, which of its dimensions
	// are timed, the values each dimension takes and the masks its units
	// have.
	unitTables  [][]statDef
	timed       [][]bool
	unitDomains [][][]code
	unitMasks   [][]uint32
}

type code = int32

// names interns strings.
type names struct {
	of   map[string]code
	list []string
}

func (n *names) code(s string) code {
	if c, ok := n.of[s]; ok {
		return c
	}
	if n.of == nil {
		n.of = map[string]code{}
	}
	if len(n.list) >= 1<<20 {
		panic("reports: more than 2^20 names in one release")
	}
	c := code(len(n.list))
	n.of[s] = c
	n.list = append(n.list, s)
	return c
}

func (n *names) codes(list []string) []code {
	out := make([]code, len(list))
	for i, s := range list {
		out[i] = n.code(s)
	}
	return out
}

// known are the codes of the tables, rows and columns records count in.
type known struct {
	sexo, edad, nacionalidad, modalidad, servicios, resumen, actividades code
	carpetasModalidad, carpetasDistrito, imputados, rescatadas, acuerdos code
	canalizaciones                                                       code
	reportesMes, reportesCanal, reportesClasificacion, reportesModalidad code
	reportesMunicipio, reportesDenunciante, posibleTrata, si, noAplica   code
	total, none, combate, judicializacion, rescatadasRow, mujer, hombre  code
	col                                                                  [8]code
	canalizacionStatus                                                   []code
	combateServices                                                      []code
}

func newRelease(periods []domain.Period, today time.Time) *release {
	rel := &release{periods: periods, today: today}
	n := &rel.names
	rel.known = known{
		sexo: n.code("victimas_sexo"), edad: n.code("victimas_edad"), nacionalidad: n.code("victimas_nacionalidad"),
		modalidad: n.code("victimas_modalidad"), servicios: n.code("servicios"), resumen: n.code("resumen"),
		actividades: n.code("actividades_institucion"), carpetasModalidad: n.code("carpetas_modalidad"),
		carpetasDistrito: n.code("carpetas_distrito"), imputados: n.code("imputados_sexo"), rescatadas: n.code("rescatadas_sexo"),
		acuerdos: n.code("acuerdos"), canalizaciones: n.code("canalizaciones"),
		reportesMes: n.code("reportes_mes"), reportesCanal: n.code("reportes_canal"), reportesClasificacion: n.code("reportes_clasificacion"),
		reportesModalidad: n.code("reportes_modalidad"), reportesMunicipio: n.code("reportes_municipio"),
		reportesDenunciante: n.code("reportes_denunciante"),
		posibleTrata:        n.code("posible_trata"), si: n.code("si"), noAplica: n.code("no_aplica"),
		total: n.code("total"), none: n.code(""), combate: n.code("combate"), judicializacion: n.code("judicializacion"),
		rescatadasRow: n.code("rescatadas"), mujer: n.code("mujer"), hombre: n.code("hombre"),
		canalizacionStatus: n.codes(canalizacionStatuses), combateServices: n.codes(combateServices),
	}
	for i := range rel.known.col {
		rel.known.col[i] = n.code(strconv.Itoa(i))
	}
	for _, measure := range []string{"victimas", "servicios"} {
		for _, pair := range dimensionPairs(measure, Dimensions[measure]) {
			id := statID{measure: measure, dim1: pair[0], dim2: pair[1]}
			rel.statTables = append(rel.statTables, statDef{id: id, table: n.code(id.table()),
				dim1: dimIndex(pair[0]), dim2: dimIndex(pair[1])})
		}
	}
	for m, measure := range unitMeasures {
		var tables []statDef
		for _, pair := range dimensionPairs(measure.name, measure.dims) {
			id := statID{measure: measure.name, dim1: pair[0], dim2: pair[1]}
			tables = append(tables, statDef{id: id, table: n.code(id.table()), dim1: rel.unitDim(m, pair[0]), dim2: rel.unitDim(m, pair[1])})
		}
		timed := make([]bool, len(measure.dims))
		for d, dim := range measure.dims {
			timed[d] = slices.Contains(measure.timed, dim)
		}
		rel.unitTables = append(rel.unitTables, tables)
		rel.timed = append(rel.timed, timed)
		rel.unitDomains = append(rel.unitDomains, make([][]code, len(measure.dims)))
		rel.unitMasks = append(rel.unitMasks, nil)
	}
	return rel
}

// shape is which totals a table shows.
type shape struct {
	totalRow, totalCol bool
	totalColKey        code
}

// statID names a statistics table of a period; dim2 is empty for one
// dimension, and pairs are kept in the order of Dimensions.
type statID struct {
	measure, dim1, dim2 string
	period              int
}

func (id statID) table() string { return "estadistica:" + id.measure + ":" + id.dim1 + ":" + id.dim2 }

// statDef is a statistics table as records count in it.
type statDef struct {
	id         statID
	table      code
	dim1, dim2 int
}

// The statistics' dimensions, as records hold them.
const (
	dimNone = iota - 1
	dimMunicipio
	dimSexo
	dimGrupoEdad
	dimNacionalidad
	dimTipoServicio
	dimInstitucion
	dimEstadoCivil
	dimCalidadMigratoria
	dimLenguaIndigena
	dimDiscapacidad
	dimMenor
	dimDenuncia
	dimModalidad
)

// dimNames names the dimensions of víctimas and services; those from
// estado_civil to denuncia are the víctima's other attributes (extra).
var dimNames = []string{"municipio", "sexo", "grupo_edad", "nacionalidad", "tipo_servicio", "institucion", "estado_civil",
	"calidad_migratoria", "lengua_indigena", "discapacidad", "menor_de_edad", "denuncia", "modalidad"}

// isExtra reports whether a dimension is one of the víctima's other attributes.
func isExtra(dim int) bool { return dim >= dimEstadoCivil && dim <= dimDenuncia }

func dimIndex(name string) int { return slices.Index(dimNames, name) }

// statTable is an exact statistics table and the codes of its columns.
type statTable struct {
	table Table
	cols  []string
}

// domains are the values each attribute takes in the release: the records
// steered to other values take them.
type domains struct {
	sexes, ageGroups, nationalities, modalidades         []code
	extra                                                [dimDenuncia - dimEstadoCivil + 1][]code
	serviceTypes, serviceInstitutions, serviceMunicipios []code
	serviceMasks                                         []uint32
	rescuedSexes                                         []code
	rescuedMasks                                         []uint32
	acuerdoStatus                                        []code
	acuerdoMasks                                         []uint32
}

func add[T comparable](list *[]T, v T) {
	if !slices.Contains(*list, v) {
		*list = append(*list, v)
	}
}

// mask is the set of the release's periods a day falls in.
func (rel *release) mask(day time.Time) uint32 {
	var m uint32
	for i, p := range rel.periods {
		if !day.Before(p.StartsOn) && !day.After(p.EndsOn) {
			m |= 1 << i
		}
	}
	return m
}

// register makes the figures of a table of period i part of the release,
// naming columns by cols (their index when nil).
func (rel *release) register(i int, t *Table, cols []string) {
	colKey := func(c int) string {
		if cols != nil {
			return cols[c]
		}
		return strconv.Itoa(c)
	}
	table := rel.names.code(t.ID)
	sh := shape{totalRow: t.TotalRow, totalCol: t.TotalCol}
	if t.TotalCol {
		sh.totalColKey = rel.names.code(colKey(len(t.Columns) - 1))
	}
	for int(table) >= len(rel.shapes) {
		rel.shapes = append(rel.shapes, shape{})
	}
	rel.shapes[table] = sh
	for _, row := range t.Rows {
		for c, cell := range row.Cells {
			if cell.Mark != "" {
				continue
			}
			col := colKey(c)
			rel.figures = append(rel.figures, figure{table: table, period: i, row: rel.names.code(row.Key), col: rel.names.code(col)})
			rel.cells = append(rel.cells, disclosure.Cell{Table: t.ID, Period: strconv.Itoa(i), Row: row.Key, Col: col,
				Total: (t.TotalRow && row.Key == "total") || (t.TotalCol && c == len(t.Columns)-1), Value: cell.Value,
				Public: public(t.ID, row.Key)})
		}
	}
}

// count tells add that a record adds n to a figure of a table in period
// i, and to the totals the table shows. A figure the release does not
// have goes to cell −1.
func (rel *release) count(add func(cell, n int), table code, i int, row, col code, n int) {
	if n == 0 {
		return
	}
	one := func(row, col code) {
		if c, ok := rel.at(table, i, row, col); ok {
			add(c, n)
		} else {
			add(-1, n)
		}
	}
	var sh shape
	if int(table) < len(rel.shapes) {
		sh = rel.shapes[table]
	}
	one(row, col)
	if sh.totalCol {
		one(row, sh.totalColKey)
	}
	if sh.totalRow {
		one(rel.known.total, col)
		if sh.totalCol {
			one(rel.known.total, sh.totalColKey)
		}
	}
}

// periodsOf lists the periods of a mask.
func (rel *release) periodsOf(m uint32) []int {
	var out []int
	for i := range rel.periods {
		if m&(1<<i) != 0 {
			out = append(out, i)
		}
	}
	return out
}

// victimRecord is a víctima attended in the release's span with her
// services, as the tables count her.
type victimRecord struct {
	rel                        *release
	sex, ageGroup, nationality code
	// extra are her other attributes, from estado civil to denuncia.
	extra       [dimDenuncia - dimEstadoCivil + 1]code
	modalidades []code
	services    []serviceRecord
}

type serviceRecord struct {
	kind, institution, municipio code
	mask                         uint32
	quantity                     int
}

var combateServices = []string{"asesoria_juridica", "alimentos", "alojamiento"}

// in lists her services in period i.
func (v victimRecord) in(i int) []serviceRecord {
	var out []serviceRecord
	for _, s := range v.services {
		if s.mask&(1<<i) != 0 {
			out = append(out, s)
		}
	}
	return out
}

func (v victimRecord) Count(add func(cell, n int)) {
	for i := range v.rel.periods {
		v.countIn(add, i, allDims)
	}
}

// countIn counts the víctima in period i, in the tables that count her by
// a dimension of reach alone.
func (v victimRecord) countIn(add func(cell, n int), i int, reach dims) {
	rel, k := v.rel, &v.rel.known
	in := v.in(i)
	if len(in) == 0 {
		return
	}
	if reach.has(dimSexo) {
		rel.count(add, k.sexo, i, v.sex, k.col[0], 1)
	}
	if reach.has(dimGrupoEdad) {
		rel.count(add, k.edad, i, v.ageGroup, k.col[0], 1)
	}
	if reach.has(dimNacionalidad) {
		rel.count(add, k.nacionalidad, i, v.nationality, k.col[0], 1)
	}
	if reach.has(dimModalidad) {
		for _, m := range v.modalidades {
			rel.count(add, k.modalidad, i, m, k.col[0], 1)
		}
	}
	if reach.has(dimTipoServicio) || reach.has(dimSexo) {
		v.countServices(add, i, in, reach.has(dimTipoServicio))
	}
	for _, st := range rel.statTables {
		if reach.has(st.dim1) || reach.has(st.dim2) {
			v.statShares(in, st, func(k1, k2 code, n int) { rel.count(add, st.table, i, k1, k2, n) })
		}
	}
}

// countServices counts the víctima's services in period i in the summary's
// Combate row and, with byKind, in the services table.
func (v victimRecord) countServices(add func(cell, n int), i int, in []serviceRecord, byKind bool) {
	rel, k := v.rel, &v.rel.known
	var kinds []code
	var units []int
	combate, served := 0, false
	for _, s := range in {
		if j := slices.Index(kinds, s.kind); j >= 0 {
			units[j] += s.quantity
		} else {
			kinds, units = append(kinds, s.kind), append(units, s.quantity)
		}
		if slices.Contains(k.combateServices, s.kind) {
			combate, served = combate+s.quantity, true
		}
	}
	if byKind {
		for j, kind := range kinds {
			rel.count(add, k.servicios, i, kind, k.col[0], units[j])
			rel.count(add, k.servicios, i, kind, k.col[1], 1)
		}
	}
	if served {
		rel.count(add, k.resumen, i, k.combate, k.col[0], combate)
		rel.count(add, k.resumen, i, k.combate, k.col[1], 1)
		if v.sex == k.mujer {
			rel.count(add, k.resumen, i, k.combate, k.col[2], 1)
		}
		if v.sex == k.hombre {
			rel.count(add, k.resumen, i, k.combate, k.col[3], 1)
		}
	}
}

// key is the value a dimension of one value takes for the víctima's
// service s.
func (v victimRecord) key(dim int, s serviceRecord) code {
	if isExtra(dim) {
		return v.extra[dim-dimEstadoCivil]
	}
	switch dim {
	case dimMunicipio:
		return s.municipio
	case dimSexo:
		return v.sex
	case dimGrupoEdad:
		return v.ageGroup
	case dimNacionalidad:
		return v.nationality
	case dimTipoServicio:
		return s.kind
	case dimInstitucion:
		return s.institution
	}
	return v.rel.known.none
}

// statShares tells fn what the víctima, with her services in a period,
// adds to a statistics table: one for each cell her services fall in when
// counting víctimas, their quantities when counting services.
func (v victimRecord) statShares(in []serviceRecord, st statDef, fn func(k1, k2 code, n int)) {
	var buf [8][2]code
	seen := buf[:0]
	services := st.id.measure == "servicios"
	for _, s := range in {
		var keys [2]code
		first, second := keys[0:1], keys[1:2]
		switch {
		case st.dim1 == dimModalidad:
			first, keys[1] = v.modalidades, v.key(st.dim2, s)
		case st.dim2 == dimModalidad:
			keys[0], second = v.key(st.dim1, s), v.modalidades
		default:
			keys[0], keys[1] = v.key(st.dim1, s), v.key(st.dim2, s)
		}
		for _, k1 := range first {
			for _, k2 := range second {
				k := [2]code{k1, k2}
				if services {
					fn(k1, k2, s.quantity)
				} else if !slices.Contains(seen, k) {
					seen = append(seen, k)
					fn(k1, k2, 1)
				}
			}
		}
	}
}

// activityRecord is an activity reported in the release's span.
type activityRecord struct {
	rel                         *release
	institution, tema, kind     code
	mask                        uint32
	actions, people, women, men int
}

// summaryRow is the row of the summary an activity counts in.
func summaryRow(tema, kind string) string {
	switch {
	case tema == "combate":
		return "combate"
	case tema == "sancion":
		return "sancion_otras"
	case slices.Contains([]string{"capacitacion", "sensibilizacion", "difusion_intangible", "difusion_tangible"}, kind):
		return kind
	}
	return "prevencion_otras"
}

// rows are the rows of the summary and of the institutions' table the
// activity counts in.
func (a activityRecord) rows() (summary, institution code) {
	n := &a.rel.names
	tema, kind := n.list[a.tema], n.list[a.kind]
	return n.code(summaryRow(tema, kind)), n.code(n.list[a.institution] + "/" + kind)
}

func (a activityRecord) Count(add func(cell, n int)) {
	k := &a.rel.known
	summary, institution := a.rows()
	for _, i := range a.rel.periodsOf(a.mask) {
		for col, n := range []int{a.actions, a.people, a.women, a.men} {
			a.rel.count(add, k.resumen, i, summary, k.col[col], n)
			a.rel.count(add, k.actividades, i, institution, k.col[col], n)
		}
	}
}

// rescuedRecord is a víctima of carpetas judicializadas in the span.
type rescuedRecord struct {
	rel  *release
	sex  code
	mask uint32
}

func (r rescuedRecord) Count(add func(cell, n int)) {
	k := &r.rel.known
	for _, i := range r.rel.periodsOf(r.mask) {
		r.rel.count(add, k.rescatadas, i, r.sex, k.col[0], 1)
		r.rel.count(add, k.resumen, i, k.rescatadasRow, k.col[1], 1)
		if r.sex == k.mujer {
			r.rel.count(add, k.resumen, i, k.rescatadasRow, k.col[2], 1)
		} else {
			r.rel.count(add, k.resumen, i, k.rescatadasRow, k.col[3], 1)
		}
	}
}

// acuerdoRecord is an acuerdo taken in a session of the span, with its
// status at the end of each period.
type acuerdoRecord struct {
	rel    *release
	mask   uint32
	status []code
}

func (a acuerdoRecord) Count(add func(cell, n int)) {
	k := &a.rel.known
	for _, i := range a.rel.periodsOf(a.mask) {
		a.rel.count(add, k.acuerdos, i, a.status[i], k.col[0], 1)
	}
}

func uniform(n int, s code) []code {
	out := make([]code, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// load turns the facts into the release's records and the values their
// attributes take.
func (rel *release) load(f domain.Facts) {
	d, n := &rel.domains, &rel.names
	for _, v := range f.Victims {
		r := victimRecord{rel: rel, sex: n.code(v.Sex), ageGroup: n.code(domain.AgeGroup(v.Age)), nationality: n.code(v.Nationality),
			modalidades: n.codes(v.Modalidades)}
		for j, x := range []string{v.EstadoCivil, v.CalidadMigratoria, v.LenguaIndigena, v.Discapacidad, v.Menor, v.Denuncia} {
			r.extra[j] = n.code(x)
			add(&d.extra[j], r.extra[j])
		}
		add(&d.sexes, r.sex)
		add(&d.ageGroups, r.ageGroup)
		add(&d.nationalities, r.nationality)
		for _, m := range r.modalidades {
			add(&d.modalidades, m)
		}
		for _, s := range v.Services {
			sr := serviceRecord{kind: n.code(s.Type), institution: n.code(s.Institution), municipio: n.code(s.Municipio),
				mask: rel.mask(s.On), quantity: s.Quantity}
			add(&d.serviceTypes, sr.kind)
			add(&d.serviceInstitutions, sr.institution)
			add(&d.serviceMunicipios, sr.municipio)
			add(&d.serviceMasks, sr.mask)
			r.services = append(r.services, sr)
		}
		rel.records = append(rel.records, r)
	}
	for _, a := range f.Activities {
		r := activityRecord{rel: rel, institution: n.code(a.Institution), tema: n.code(a.Tema), kind: n.code(a.Type), mask: rel.mask(a.On),
			actions: a.Actions, people: a.People, women: a.Women, men: a.Men}
		rel.records = append(rel.records, r)
	}
	for _, x := range f.Rescued {
		var m uint32
		for _, day := range x.Days {
			m |= rel.mask(day)
		}
		r := rescuedRecord{rel: rel, sex: n.code(x.Sex), mask: m}
		add(&d.rescuedSexes, r.sex)
		add(&d.rescuedMasks, r.mask)
		rel.records = append(rel.records, r)
	}
	for _, a := range f.Acuerdos {
		r := acuerdoRecord{rel: rel, mask: rel.mask(a.HeldOn), status: make([]code, len(rel.periods))}
		for i, p := range rel.periods {
			status := domain.Timeline{Start: "pendiente", Steps: a.Updates, Days: a.UpdatesDays}.At(p.EndsOn)
			due := p.EndsOn
			if rel.today.Before(due) {
				due = rel.today
			}
			if status != "cumplido" && a.DueOn.Before(due) {
				status = "vencido"
			}
			r.status[i] = n.code(status)
			add(&d.acuerdoStatus, r.status[i])
		}
		add(&d.acuerdoMasks, r.mask)
		rel.records = append(rel.records, r)
	}
	rel.loadUnits(f)
}

// dimensionPairs lists the statistics tables of a measure: each dimension
// alone, and each pair that crosses, in the order of dims.
func dimensionPairs(measure string, dims []string) [][2]string {
	var out [][2]string
	for i, d1 := range dims {
		out = append(out, [2]string{d1, ""})
		for _, d2 := range dims[i+1:] {
			if crosses(measure, d1, d2) {
				out = append(out, [2]string{d1, d2})
			}
		}
	}
	return out
}

// multiValuedNote explains a table without a total.
const multiValuedNote = "Una misma víctima, caso o carpeta puede figurar en varias modalidades o medios comisivos; " +
	"por eso la tabla no muestra la suma como total."

// coreVictimDims are the víctimas' dimensions that cross with each other;
// the others cross with sexo. Every table is protected with all the
// others, so each one offered costs every protected view.
var coreVictimDims = []string{"municipio", "sexo", "grupo_edad", "nacionalidad"}

// crosses reports whether a measure has a table of two dimensions.
func crosses(measure, d1, d2 string) bool {
	if d1 == d2 {
		return false
	}
	if measure == "reportes" {
		// Each by month and by classification: every table offered costs
		// every protected view.
		return d1 == "mes" || d2 == "mes" || d1 == "clasificacion" || d2 == "clasificacion"
	}
	if measure != "victimas" {
		return true
	}
	return d1 == "sexo" || d2 == "sexo" || slices.Contains(coreVictimDims, d1) && slices.Contains(coreVictimDims, d2)
}

// buildStats computes the exact statistics tables of every period from
// the víctimas' records, and makes them part of the release.
func (rel *release) buildStats(l labels) {
	rel.stats = map[statID]*statTable{}
	for i := range rel.periods {
		tallies := make([]map[[2]code]int, len(rel.statTables))
		for t := range tallies {
			tallies[t] = map[[2]code]int{}
		}
		unitTallies := make([][]map[[2]code]int, len(unitMeasures))
		for m := range unitTallies {
			unitTallies[m] = make([]map[[2]code]int, len(rel.unitTables[m]))
			for t := range unitTallies[m] {
				unitTallies[m][t] = map[[2]code]int{}
			}
		}
		for _, r := range rel.records {
			switch r := r.(type) {
			case victimRecord:
				in := r.in(i)
				for t, st := range rel.statTables {
					r.statShares(in, st, func(k1, k2 code, n int) { tallies[t][[2]code{k1, k2}] += n })
				}
			case unitRecord:
				if r.mask&(1<<i) == 0 {
					continue
				}
				for t, st := range rel.unitTables[r.measure] {
					r.shares(i, st, func(k1, k2 code) { unitTallies[r.measure][t][[2]code{k1, k2}]++ })
				}
			}
		}
		grid := func(st statDef, tallies map[[2]code]int) {
			id := st.id
			id.period = i
			table := rel.statGrid(id, tallies, l)
			rel.stats[id] = table
			rel.register(i, &table.table, table.cols)
		}
		for t, st := range rel.statTables {
			grid(st, tallies[t])
		}
		for m := range unitMeasures {
			for t, st := range rel.unitTables[m] {
				grid(st, unitTallies[m][t])
			}
		}
	}
}

// statGrid lays out a statistics table: a row per first key and a column
// per second, in order, with the totals.
func (rel *release) statGrid(id statID, tallies map[[2]code]int, l labels) *statTable {
	var rows, cols []string
	for k := range tallies {
		add(&rows, rel.names.list[k[0]])
		add(&cols, rel.names.list[k[1]])
	}
	slices.Sort(rows)
	slices.Sort(cols)
	t := Table{ID: id.table(), Title: statTitle(id.measure, id.dim1, id.dim2), TotalRow: !multiValued(id.measure, id.dim1),
		TotalCol: id.dim2 != "" && !multiValued(id.measure, id.dim2)}
	if !t.TotalRow || id.dim2 != "" && !t.TotalCol {
		t.Note = multiValuedNote
	}
	for _, c := range cols {
		label := measureNames[id.measure]
		if c != "" {
			label = l.in(id.dim2, c)
		}
		t.Columns = append(t.Columns, label)
	}
	for _, r := range rows {
		row := Row{Key: r, Label: l.in(id.dim1, r), Cells: make([]Cell, len(cols))}
		for j, c := range cols {
			row.Cells[j].Value = tallies[[2]code{rel.names.code(r), rel.names.code(c)}]
		}
		t.Rows = append(t.Rows, row)
	}
	addTotals(&t)
	if t.TotalCol {
		cols = append(cols, "total")
	}
	return &statTable{table: t, cols: cols}
}
