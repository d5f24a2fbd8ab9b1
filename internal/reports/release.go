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
	// index finds a figure by table, period, and row and column.
	index map[code][]map[uint64]int
	// names interns the strings that name figures and attribute values:
	// records count by codes, which is what makes protecting a year fast.
	names  names
	known  known
	shapes map[code]shape
	// statTables are the statistics tables of each period.
	statTables []statDef
	// today decides which acuerdos are overdue in a period not over yet.
	today   time.Time
	domains domains
	records []disclosure.Record
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
	total, none, combate, judicializacion, rescatadasRow, mujer, hombre  code
	col                                                                  [8]code
	canalizacionStatus                                                   []code
	combateServices                                                      []code
}

func newRelease(periods []domain.Period, today time.Time) *release {
	rel := &release{periods: periods, index: map[code][]map[uint64]int{}, shapes: map[code]shape{}, today: today}
	n := &rel.names
	rel.known = known{
		sexo: n.code("victimas_sexo"), edad: n.code("victimas_edad"), nacionalidad: n.code("victimas_nacionalidad"),
		modalidad: n.code("victimas_modalidad"), servicios: n.code("servicios"), resumen: n.code("resumen"),
		actividades: n.code("actividades_institucion"), carpetasModalidad: n.code("carpetas_modalidad"),
		carpetasDistrito: n.code("carpetas_distrito"), imputados: n.code("imputados_sexo"), rescatadas: n.code("rescatadas_sexo"),
		acuerdos: n.code("acuerdos"), canalizaciones: n.code("canalizaciones"),
		total: n.code("total"), none: n.code(""), combate: n.code("combate"), judicializacion: n.code("judicializacion"),
		rescatadasRow: n.code("rescatadas"), mujer: n.code("mujer"), hombre: n.code("hombre"),
		canalizacionStatus: n.codes(canalizacionStatuses), combateServices: n.codes(combateServices),
	}
	for i := range rel.known.col {
		rel.known.col[i] = n.code(strconv.Itoa(i))
	}
	for _, measure := range []string{"victimas", "servicios"} {
		for _, pair := range dimensionPairs(Dimensions[measure]) {
			id := statID{measure: measure, dim1: pair[0], dim2: pair[1]}
			rel.statTables = append(rel.statTables, statDef{id: id, table: n.code(id.table()),
				dim1: dimIndex(pair[0]), dim2: dimIndex(pair[1])})
		}
	}
	return rel
}

// at is the figure of a table in period i at a row and column, if the
// release has it.
func (rel *release) at(table code, i int, row, col code) (int, bool) {
	periods := rel.index[table]
	if periods == nil {
		return 0, false
	}
	c, ok := periods[i][uint64(uint32(row))<<32|uint64(uint32(col))]
	return c, ok
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
)

var dimNames = []string{"municipio", "sexo", "grupo_edad", "nacionalidad", "tipo_servicio", "institucion"}

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
	serviceTypes, serviceInstitutions, serviceMunicipios []code
	serviceMasks                                         []uint32
	activityInstitutions                                 []code
	activityKinds                                        [][2]code
	activityMasks                                        []uint32
	carpetaModalidades, districts, imputadoSexes         []code
	carpetaMasks                                         []uint32
	rescuedSexes                                         []code
	rescuedMasks                                         []uint32
	canalizacionTo, canalizacionStatus                   []code
	canalizacionMasks                                    []uint32
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
	rel.shapes[table] = sh
	for _, row := range t.Rows {
		for c, cell := range row.Cells {
			if cell.Mark != "" {
				continue
			}
			col := colKey(c)
			if rel.index[table] == nil {
				rel.index[table] = make([]map[uint64]int, len(rel.periods))
			}
			if rel.index[table][i] == nil {
				rel.index[table][i] = map[uint64]int{}
			}
			rel.index[table][i][uint64(uint32(rel.names.code(row.Key)))<<32|uint64(uint32(rel.names.code(col)))] = len(rel.cells)
			rel.cells = append(rel.cells, disclosure.Cell{Table: t.ID, Period: strconv.Itoa(i), Row: row.Key, Col: col,
				Total: (t.TotalRow && row.Key == "total") || (t.TotalCol && c == len(t.Columns)-1), Value: cell.Value})
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
	sh := rel.shapes[table]
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
	modalidades                []code
	services                   []serviceRecord
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
	rel, k := v.rel, &v.rel.known
	for i := range rel.periods {
		in := v.in(i)
		if len(in) == 0 {
			continue
		}
		rel.count(add, k.sexo, i, v.sex, k.col[0], 1)
		rel.count(add, k.edad, i, v.ageGroup, k.col[0], 1)
		rel.count(add, k.nacionalidad, i, v.nationality, k.col[0], 1)
		for _, m := range v.modalidades {
			rel.count(add, k.modalidad, i, m, k.col[0], 1)
		}
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
		for j, kind := range kinds {
			rel.count(add, k.servicios, i, kind, k.col[0], units[j])
			rel.count(add, k.servicios, i, kind, k.col[1], 1)
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
		for _, st := range rel.statTables {
			v.statShares(in, st, func(k1, k2 code, n int) { rel.count(add, st.table, i, k1, k2, n) })
		}
	}
}

// key is the value a dimension takes for the víctima's service s.
func (v victimRecord) key(dim int, s serviceRecord) code {
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
	var seen [][2]code
	for _, s := range in {
		k := [2]code{v.key(st.dim1, s), v.key(st.dim2, s)}
		if st.id.measure == "servicios" {
			fn(k[0], k[1], s.quantity)
		} else if !slices.Contains(seen, k) {
			seen = append(seen, k)
			fn(k[0], k[1], 1)
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

// carpetaRecord is a carpeta judicializada in the release's span.
type carpetaRecord struct {
	rel                 *release
	modalidad, district code
	mask                uint32
	imputados           []code
}

func (c carpetaRecord) Count(add func(cell, n int)) {
	k := &c.rel.known
	for _, i := range c.rel.periodsOf(c.mask) {
		c.rel.count(add, k.carpetasModalidad, i, c.modalidad, k.col[0], 1)
		c.rel.count(add, k.carpetasDistrito, i, c.district, k.col[0], 1)
		women := 0
		for _, sex := range c.imputados {
			c.rel.count(add, k.imputados, i, sex, k.col[0], 1)
			if sex == k.mujer {
				women++
			}
		}
		for col, n := range []int{1, len(c.imputados), women, len(c.imputados) - women} {
			c.rel.count(add, k.resumen, i, k.judicializacion, k.col[col], n)
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

// canalizacionRecord is a canalización sent in the span, with its status
// at the end of each period.
type canalizacionRecord struct {
	rel    *release
	to     code
	mask   uint32
	status []code
}

func (c canalizacionRecord) Count(add func(cell, n int)) {
	k := &c.rel.known
	for _, i := range c.rel.periodsOf(c.mask) {
		col := slices.Index(k.canalizacionStatus, c.status[i])
		c.rel.count(add, k.canalizaciones, i, c.to, k.col[col], 1)
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

// ageGroup is the age group of an age at identification, as the reports'
// queries group it.
func ageGroup(age *int32) string {
	switch {
	case age == nil:
		return "sin_dato"
	case *age < 12:
		return "0-11"
	case *age < 18:
		return "12-17"
	case *age < 30:
		return "18-29"
	case *age < 45:
		return "30-44"
	case *age < 60:
		return "45-59"
	}
	return "60+"
}

// lastBy is the last of steps taken by day end, or def.
func lastBy(steps []string, days []time.Time, end time.Time, def string) string {
	status := def
	for j, d := range days {
		if !d.After(end) {
			status = steps[j]
		}
	}
	return status
}

// load turns the facts into the release's records and the values their
// attributes take.
func (rel *release) load(f domain.Facts) {
	d, n := &rel.domains, &rel.names
	for _, v := range f.Victims {
		r := victimRecord{rel: rel, sex: n.code(v.Sex), ageGroup: n.code(ageGroup(v.Age)), nationality: n.code(v.Nationality),
			modalidades: n.codes(v.Modalidades)}
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
		add(&d.activityInstitutions, r.institution)
		add(&d.activityKinds, [2]code{r.tema, r.kind})
		add(&d.activityMasks, r.mask)
		rel.records = append(rel.records, r)
	}
	for _, c := range f.Carpetas {
		r := carpetaRecord{rel: rel, modalidad: n.code(c.Modalidad), district: n.code(c.District), mask: rel.mask(c.On),
			imputados: n.codes(c.Imputados)}
		add(&d.carpetaModalidades, r.modalidad)
		add(&d.districts, r.district)
		add(&d.carpetaMasks, r.mask)
		for _, sex := range r.imputados {
			add(&d.imputadoSexes, sex)
		}
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
	for _, c := range f.Canalizaciones {
		r := canalizacionRecord{rel: rel, to: n.code(c.To), mask: rel.mask(c.SentOn), status: make([]code, len(rel.periods))}
		for i, p := range rel.periods {
			r.status[i] = n.code(lastBy(c.Steps, c.StepsDays, p.EndsOn, "enviada"))
			add(&d.canalizacionStatus, r.status[i])
		}
		add(&d.canalizacionTo, r.to)
		add(&d.canalizacionMasks, r.mask)
		rel.records = append(rel.records, r)
	}
	for _, a := range f.Acuerdos {
		r := acuerdoRecord{rel: rel, mask: rel.mask(a.HeldOn), status: make([]code, len(rel.periods))}
		for i, p := range rel.periods {
			status := lastBy(a.Updates, a.UpdatesDays, p.EndsOn, "pendiente")
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
}

// dimensionPairs lists the statistics tables of a measure: each dimension
// alone, and each pair in the order of dims.
func dimensionPairs(dims []string) [][2]string {
	var out [][2]string
	for i, d1 := range dims {
		out = append(out, [2]string{d1, ""})
		for _, d2 := range dims[i+1:] {
			out = append(out, [2]string{d1, d2})
		}
	}
	return out
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
		for _, r := range rel.records {
			v, ok := r.(victimRecord)
			if !ok {
				continue
			}
			in := v.in(i)
			for t, st := range rel.statTables {
				v.statShares(in, st, func(k1, k2 code, n int) { tallies[t][[2]code{k1, k2}] += n })
			}
		}
		for t, st := range rel.statTables {
			id := st.id
			id.period = i
			table := rel.statGrid(id, tallies[t], l)
			rel.stats[id] = table
			rel.register(i, &table.table, table.cols)
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
	t := Table{ID: id.table(), Title: id.measure + " por " + id.dim1, TotalRow: true, TotalCol: id.dim2 != ""}
	if id.dim2 != "" {
		t.Title += " y " + id.dim2
	}
	for _, c := range cols {
		label := id.measure
		if c != "" {
			label = l.of(c)
		}
		t.Columns = append(t.Columns, label)
	}
	for _, r := range rows {
		row := Row{Key: r, Label: l.of(r), Cells: make([]Cell, len(cols))}
		for j, c := range cols {
			row.Cells[j].Value = tallies[[2]code{rel.names.code(r), rel.names.code(c)}]
		}
		t.Rows = append(t.Rows, row)
	}
	addTotals(&t)
	if id.dim2 != "" {
		cols = append(cols, "total")
	}
	return &statTable{table: t, cols: cols}
}
