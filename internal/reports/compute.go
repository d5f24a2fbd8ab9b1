package reports

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sintra/internal/domain"
	"slices"
	"time"

	"github.com/google/uuid"
)

// labels names catalog codes for the reader. A code named differently in
// one dimension (a reporte's channel redes_sociales, a forma de enganche
// of the same code) is kept under "dimension/code".
type labels map[string]string

// in names a code of a dimension: by the dimension's own name for it, if
// it has one, else as any code.
func (l labels) in(dim, code string) string {
	if name, ok := l[dim+"/"+code]; ok {
		return name
	}
	return l.of(code)
}

func (l labels) of(code string) string {
	if name, ok := l[code]; ok {
		return name
	}
	if name, ok := monthLabel(code); ok {
		return name
	}
	return code
}

var extraLabels = map[string]string{
	"mujer": "Mujeres", "hombre": "Hombres", "otro": "Otro", "no_especificado": "No especificado", "ZZ": "Sin dato",
	"sin_expediente": "Sin expediente", "sin_dato": "Sin dato", "pendiente": "Pendientes", "en_proceso": "En proceso",
	"cumplido": "Cumplidos", "vencido": "Vencidos", "0-11": "0 a 11 años", "12-17": "12 a 17 años", "18-29": "18 a 29 años",
	"30-44": "30 a 44 años", "45-59": "45 a 59 años", "60+": "60 años o más",
	"si": "Sí", "no": "No", "ninguna": "Ninguna",
	"linea_telefonica": "Línea telefónica", "denuncia_en_linea": "Denuncia en línea", "correo": "Correo", "presencial": "Presencial",
	"posible_trata": "Posible trata de personas", "no_es_trata": "No es trata de personas",
	"por_determinar": "Por determinar", "no_aplica": "No aplica",
	"soltera": "Soltera", "casada": "Casada", "union_libre": "Unión libre", "separada": "Separada", "divorciada": "Divorciada",
	"viuda": "Viuda", "nacional": "Nacional", "regular": "Extranjera en situación regular", "irregular": "Extranjera en situación irregular",
	"solicitante_refugio": "Solicitante de refugio", "refugiada": "Refugiada",
	"abierto": "Abierto", "en_seguimiento": "En seguimiento", "concluido": "Concluido",
	"enviada": "Enviada", "aceptada": "Aceptada", "rechazada": "Rechazada", "atendida": "Atendida", "cerrada": "Cerrada",
	"cancelada":        "Cancelada",
	"en_investigacion": "En investigación", "judicializada": "Judicializada", "vinculacion_proceso": "Vinculación a proceso",
	"sentencia_condenatoria": "Sentencia condenatoria", "sentencia_absolutoria": "Sentencia absolutoria",
	"no_ejercicio_archivo": "No ejercicio de la acción penal o archivo", "sobreseimiento": "Sobreseimiento",
	"procedimiento_abreviado": "Procedimiento abreviado", "suspension_condicional": "Suspensión condicional del proceso", "otra": "Otra",
	"alojamiento_refugio": "Alojamiento o resguardo en refugio", "escolta_vigilancia": "Escolta o vigilancia policial",
	"rondines_policiales": "Rondines policiales", "reubicacion_domicilio": "Reubicación o cambio de domicilio",
	"proteccion_identidad": "Protección de identidad", "reserva_actuaciones": "Reserva de las actuaciones",
	"orden_restriccion": "Medidas cautelares u órdenes de restricción", "boton_panico": "Botón de pánico",
	"traslado_seguro": "Traslado seguro", "victima": "La víctima", "familiares": "Familiares", "ambas": "La víctima y familiares",
	"solicitada": "Solicitada", "otorgada": "Otorgada", "negada": "Negada", "vigente": "Vigente", "concluida": "Concluida",
	"revocada": "Revocada", "bajo": "Bajo", "medio": "Medio", "alto": "Alto", "sin_evaluacion": "Sin evaluación",
}

// dimensionLabels name the codes of the dimensions whose codes are named
// otherwise elsewhere: a reporte's channel and who reported it share codes
// with the formas de enganche (redes_sociales, familiar).
var dimensionLabels = map[string]map[string]string{
	"canal": {"linea_telefonica": "Línea telefónica", "denuncia_en_linea": "Denuncia en línea", "correo": "Correo",
		"presencial": "Presencial", "redes_sociales": "Redes sociales (canal de recepción)", "otro": "Otro canal"},
	"denunciante": {"posible_victima": "La posible víctima", "familiar": "Un familiar", "tercero": "Un tercero",
		"anonimo": "Anónimo"},
}

// measureNames and dimensionNames name the statistics' measures and
// dimensions for the reader.
var measureNames = map[string]string{
	"victimas": "Víctimas atendidas", "servicios": "Servicios otorgados (unidades)", "casos": "Casos",
	"canalizaciones": "Canalizaciones", "carpetas": "Carpetas judicializadas", "imputados": "Personas imputadas en carpetas judicializadas",
	"detenciones": "Detenciones", "resoluciones": "Resoluciones judiciales", "medidas_proteccion": "Medidas de protección solicitadas",
	"reportes": "Reportes ciudadanos (línea telefónica y denuncias)",
}

var dimensionNames = map[string]string{
	"municipio": "municipio", "sexo": "sexo", "grupo_edad": "grupo de edad", "nacionalidad": "nacionalidad",
	"estado_civil": "estado civil", "calidad_migratoria": "calidad migratoria", "lengua_indigena": "lengua indígena",
	"discapacidad": "discapacidad", "menor_de_edad": "minoría de edad al momento de los hechos", "denuncia": "denuncia presentada",
	"modalidad": "modalidad", "tipo_servicio": "tipo de servicio", "institucion": "institución", "forma_enganche": "forma de enganche",
	"medio_transporte": "medio de transporte", "tipo_lugar": "tipo de lugar", "pais_origen": "país de origen",
	"pais_destino": "país de destino", "estado": "estado", "institucion_receptora": "institución receptora",
	"institucion_emisora": "institución que canaliza", "distrito": "distrito judicial", "medio_comisivo": "medio comisivo",
	"etapa": "etapa procesal", "tipo_resolucion": "tipo de resolución", "reparacion": "reparación del daño ordenada",
	"tipo_medida": "tipo de medida", "beneficiario": "persona protegida", "nivel_riesgo": "nivel de riesgo",
	"mes": "mes", "canal": "canal de recepción", "denunciante": "quién reporta", "clasificacion": "clasificación", "convertido_caso": "convertido en caso",
}

// statTitle names a statistics table for the reader.
func statTitle(measure, dim1, dim2 string) string {
	title := measureNames[measure] + " por " + dimensionNames[dim1]
	if dim2 != "" {
		title += " y " + dimensionNames[dim2]
	}
	return title
}

func (s *Service) labels(ctx context.Context) (labels, error) {
	l := labels{}
	for k, v := range extraLabels {
		l[k] = v
	}
	for dim, names := range dimensionLabels {
		for k, v := range names {
			l[dim+"/"+k] = v
		}
	}
	for _, c := range []string{"instituciones", "tipos-actividad", "modalidades", "nacionalidades", "tipos-servicio",
		"distritos-judiciales", "municipios", "formas-enganche", "medios-transporte", "tipos-lugar", "lenguas-indigenas",
		"medios-comisivos"} {
		entries, err := s.store.CatalogEntries(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			l[e.Code] = e.Name
		}
	}
	return l, nil
}

// summaryRows are the rows of the Prevención / Combate / Sanción table of
// the Comisión's report, in its order.
var summaryRows = []struct{ key, label string }{
	{"capacitacion", "Prevención — Capacitación: pláticas, conferencias y talleres"},
	{"sensibilizacion", "Prevención — Sensibilización: pláticas y talleres"},
	{"difusion_intangible", "Prevención — Difusión de materiales intangibles: campañas, infografías, banners, flyers"},
	{"difusion_tangible", "Prevención — Difusión de materiales tangibles: trípticos, dípticos, stands informativos"},
	{"prevencion_otras", "Prevención — Otras acciones"},
	{"combate", "Combate — Acciones: operativos, patrullajes, recorridos, inspecciones y atenciones a víctimas (asistencia legal, alimentación, alojamiento)"},
	{"judicializacion", "Sanción — Judicialización de carpetas de investigación (personas imputadas)"},
	{"sancion_otras", "Sanción — Otras acciones"},
	{"rescatadas", "Sanción — Víctimas rescatadas por delito en materia de trata de personas"},
}

var fourColumns = []string{"Actividades", "Personas", "Mujeres", "Hombres"}

// compute builds the exact report of a period from aggregate queries.
func (s *Service) compute(ctx context.Context, p domain.Period, l labels, issuing bool) (Report, error) {
	name, err := s.entidadName(ctx)
	if err != nil {
		return Report{}, err
	}
	r := Report{Title: reportTitle(p, name), Entidad: s.store.Entidad(), Period: p, GeneratedAt: s.clock.Now().UTC(),
		QueryVersion: QueryVersion, Protection: "exacto", Letterhead: s.issuer.Letterhead, Signatory: s.issuer.Signatory}
	from, to := p.StartsOn, p.EndsOn
	activities, err := s.store.ReportActivities(ctx, from, to)
	if err != nil {
		return r, err
	}
	combate, err := s.store.ReportCombateServices(ctx, from, to)
	if err != nil {
		return r, err
	}
	carpetas, err := s.store.ReportCarpetas(ctx, from, to)
	if err != nil {
		return r, err
	}
	r.Tables = append(r.Tables, summary(activities, combate, carpetas))
	listed, err := s.store.ActivityFacts(ctx, from, to)
	if err != nil {
		return r, err
	}
	r.Tables = append(r.Tables, activityTables(listed, p, l)...)
	if err := s.detailTables(ctx, &r, l, from, to, carpetas); err != nil {
		return r, err
	}
	if r.MIR, err = s.mir(ctx, p, r.Tables[0], issuing); err != nil {
		return r, err
	}
	r.Notes = notes(p)
	r.DataVersion = s.dataVersion(r)
	return r, nil
}

// dataVersion names the figures a report counts by a keyed hash of them:
// it changes when, and only when, what the report counts changes, and
// the key keeps it from confirming a guess of the figures a protected
// view hides.
func (s *Service) dataVersion(r Report) int64 {
	figures, err := json.Marshal(struct {
		Tables []Table
		MIR    MIR
	}{r.Tables, r.MIR})
	if err != nil {
		panic(err) // plain structs of numbers and strings always marshal
	}
	return int64(binary.BigEndian.Uint32(s.keys.BlindIndex("version-de-datos", string(figures))))
}

// reportTitle names the report of a period of the entidad named entidad,
// or of the nation for "".
func reportTitle(p domain.Period, entidad string) string {
	programme := " de actividades del Programa para la Prevención, Combate y Sanción de los Delitos en Materia de Trata de Personas del Estado de " + entidad
	switch entidad {
	case "":
		programme = " nacional de actividades para la Prevención, Combate y Sanción de los Delitos en Materia de Trata de Personas"
	case "Ciudad de México":
		programme = " de actividades del Programa para la Prevención, Combate y Sanción de los Delitos en Materia de Trata de Personas de la Ciudad de México"
	}
	switch p.Kind {
	case "anual":
		return "Informe anual" + programme
	case "trimestral":
		return "Informe trimestral" + programme
	case "mensual":
		return "Informe mensual" + programme
	}
	return "Informe" + programme + " (" + p.Name + ")"
}

func notes(p domain.Period) []string {
	return []string{
		fmt.Sprintf("Periodo: %s al %s.", p.StartsOn.Format("02/01/2006"), p.EndsOn.Format("02/01/2006")),
		"Cifras calculadas por SINTRA Quintana Roo a partir de los registros de las instituciones; ninguna tabla contiene datos personales.",
		"Combate suma las acciones operativas reportadas y las atenciones a víctimas (asesoría jurídica, alimentos y alojamiento, en unidades); sus personas son las alcanzadas por los operativos más las víctimas atendidas.",
		"Víctimas atendidas: las que recibieron al menos un servicio en el periodo. Víctimas rescatadas: las vinculadas a las carpetas judicializadas en el periodo.",
		"Reportes ciudadanos: llamadas a la línea telefónica, denuncias en línea y demás reportes recibidos en el periodo (hora de Quintana Roo); su clasificación y si se convirtieron en caso son las vigentes al calcular las cifras.",
	}
}

// summary builds the Prevención / Combate / Sanción table.
func summary(activities []domain.Tally, combate domain.Tally, carpetas []domain.Tally) Table {
	sums := map[string][4]int{}
	add := func(key string, n [4]int) {
		cur := sums[key]
		for i := range n {
			cur[i] += n[i]
		}
		sums[key] = cur
	}
	for _, a := range activities {
		switch {
		case a.K1 == "combate":
			add("combate", a.N)
		case a.K1 == "sancion":
			add("sancion_otras", a.N)
		case slices.Contains([]string{"capacitacion", "sensibilizacion", "difusion_intangible", "difusion_tangible"}, a.K2):
			add(a.K2, a.N)
		default:
			add("prevencion_otras", a.N)
		}
	}
	// Victim attention counts as actions (units) and people (víctimas) under Combate.
	add("combate", [4]int{combate.N[0], combate.N[1], combate.N[2], combate.N[3]})
	judicializadas, imputados, rescatadas := 0, [3]int{}, [3]int{}
	for _, c := range carpetas {
		switch c.Dim {
		case "modalidad":
			judicializadas += c.N[0]
		case "imputados":
			imputados[0] += c.N[0]
			imputados[sexIndex(c.K1)] += c.N[0]
		case "rescatadas":
			rescatadas[0] += c.N[0]
			rescatadas[sexIndex(c.K1)] += c.N[0]
		}
	}
	add("judicializacion", [4]int{judicializadas, imputados[0], imputados[1], imputados[2]})
	t := Table{ID: "resumen", Title: "Resultados: Prevención, Combate y Sanción", Columns: fourColumns}
	for _, row := range summaryRows {
		n, ok := sums[row.key]
		if !ok && (row.key == "prevencion_otras" || row.key == "sancion_otras") {
			continue
		}
		cells := []Cell{{Value: n[0]}, {Value: n[1]}, {Value: n[2]}, {Value: n[3]}}
		if row.key == "rescatadas" {
			cells = []Cell{{Mark: "N/A"}, {Value: rescatadas[0]}, {Value: rescatadas[1]}, {Value: rescatadas[2]}}
		}
		t.Rows = append(t.Rows, Row{Key: row.key, Label: row.label, Cells: cells})
		if cells[1].Value == cells[2].Value+cells[3].Value {
			t.SplitRows = append(t.SplitRows, row.key)
		}
	}
	return t
}

// sexIndex places mujer in 1 and anything else in 2 (hombres and other sexes
// are both outside "Mujeres"; the report's columns are mujeres and hombres).
func sexIndex(sex string) int {
	if sex == "mujer" {
		return 1
	}
	return 2
}

// detailTables adds the tables behind the summary.
func (s *Service) detailTables(ctx context.Context, r *Report, l labels, from, to time.Time, carpetas []domain.Tally) error {
	byInstitution, err := s.store.ReportActivitiesByInstitution(ctx, from, to)
	if err != nil {
		return err
	}
	t := Table{ID: "actividades_institucion", Title: "Actividades por institución que reporta", Columns: fourColumns, TotalRow: true}
	for _, a := range byInstitution {
		t.Rows = append(t.Rows, Row{Key: a.K1 + "/" + a.K2, Label: l.of(a.K1) + " — " + l.of(a.K2),
			Cells: []Cell{{Value: a.N[0]}, {Value: a.N[1]}, {Value: a.N[2]}, {Value: a.N[3]}}})
	}
	addTotals(&t)
	r.Tables = append(r.Tables, t)

	attended, err := s.store.ReportVictimsAttended(ctx, from, to)
	if err != nil {
		return err
	}
	for _, dim := range []struct{ dim, id, title string }{
		{"sexo", "victimas_sexo", "Víctimas atendidas por sexo"}, {"grupo_edad", "victimas_edad", "Víctimas atendidas por grupo de edad"},
		{"nacionalidad", "victimas_nacionalidad", "Víctimas atendidas por nacionalidad"},
		{"modalidad", "victimas_modalidad", "Víctimas atendidas por modalidad de explotación"},
	} {
		r.Tables = append(r.Tables, oneColumn(dim.id, dim.title, "Víctimas", dim.dim, attended, l, dim.dim != "modalidad"))
	}

	services, err := s.store.ReportServices(ctx, from, to)
	if err != nil {
		return err
	}
	t = Table{ID: "servicios", Title: "Servicios otorgados por tipo", Columns: []string{"Unidades", "Víctimas atendidas"},
		Note: "Una víctima puede recibir varios tipos de servicio."}
	for _, sv := range services {
		t.Rows = append(t.Rows, Row{Key: sv.K1, Label: l.of(sv.K1), Cells: []Cell{{Value: sv.N[0]}, {Value: sv.N[1]}}})
	}
	r.Tables = append(r.Tables, t)

	if err := s.canalizacionesTable(ctx, r, l, from, to); err != nil {
		return err
	}
	for _, dim := range []struct{ dim, id, title, col string }{
		{"modalidad", "carpetas_modalidad", "Carpetas judicializadas por modalidad", "Carpetas"},
		{"distrito", "carpetas_distrito", "Carpetas judicializadas por distrito judicial", "Carpetas"},
		{"imputados", "imputados_sexo", "Personas imputadas por sexo", "Personas"},
		{"rescatadas", "rescatadas_sexo", "Víctimas rescatadas por sexo", "Víctimas"},
	} {
		r.Tables = append(r.Tables, oneColumn(dim.id, dim.title, dim.col, dim.dim, carpetas, l, true))
	}
	reparacion, err := s.reparacionTable(ctx, from, to)
	if err != nil {
		return err
	}
	r.Tables = append(r.Tables, reparacion)
	acuerdos, err := s.store.ReportAcuerdos(ctx, from, to, s.clock.Today())
	if err != nil {
		return err
	}
	for i := range acuerdos {
		acuerdos[i].Dim = "acuerdos"
	}
	r.Tables = append(r.Tables, oneColumn("acuerdos", "Acuerdos del Grupo de Trabajo por estado", "Acuerdos", "acuerdos", acuerdos, l, true))
	return s.reportesTables(ctx, r, l, from, to)
}

// oneColumn builds a one-column table from the tallies of a dimension.
func oneColumn(id, title, column, dim string, tallies []domain.Tally, l labels, totalRow bool) Table {
	t := Table{ID: id, Title: title, Columns: []string{column}, TotalRow: totalRow}
	for _, x := range tallies {
		if x.Dim == dim {
			t.Rows = append(t.Rows, Row{Key: x.K1, Label: l.in(dim, x.K1), Cells: []Cell{{Value: x.N[0]}}})
		}
	}
	if dim == "modalidad" && !totalRow {
		t.Note = "Una víctima puede figurar en varias modalidades."
	}
	addTotals(&t)
	return t
}

var canalizacionStatuses = []string{"enviada", "aceptada", "rechazada", "atendida", "cerrada", "cancelada"}

func (s *Service) canalizacionesTable(ctx context.Context, r *Report, l labels, from, to time.Time) error {
	rows, err := s.store.ReportCanalizaciones(ctx, from, to)
	if err != nil {
		return err
	}
	t := Table{ID: "canalizaciones", Title: "Canalizaciones por institución receptora y estado", TotalRow: true, TotalCol: true}
	for _, st := range canalizacionStatuses {
		t.Columns = append(t.Columns, l.of(st))
	}
	fill(&t, rows, canalizacionStatuses, l)
	r.Tables = append(r.Tables, t)
	return nil
}

// fill lays out tallies of two keys as a grid, a row per first key in the
// order met and a column per second key as in cols, and adds the totals.
func fill(t *Table, tallies []domain.Tally, cols []string, l labels) {
	index := map[string]int{}
	for _, x := range tallies {
		i, ok := index[x.K1]
		if !ok {
			i = len(t.Rows)
			index[x.K1] = i
			t.Rows = append(t.Rows, Row{Key: x.K1, Label: l.of(x.K1), Cells: make([]Cell, len(cols))})
		}
		t.Rows[i].Cells[slices.Index(cols, x.K2)].Value += x.N[0]
	}
	addTotals(t)
}

// mir computes the results indicator: quarterly reports issued within the
// period over the temas (prevención, combate, sanción) with activity, and
// their advance over the quarters the period holds (one for a quarter,
// none for a month; a year plans four).
func (s *Service) mir(ctx context.Context, p domain.Period, summary Table, issuing bool) (MIR, error) {
	done, err := s.store.CountIssuedQuarterlyWithin(ctx, p.StartsOn, p.EndsOn)
	if err != nil {
		return MIR{}, err
	}
	quarters, err := s.store.PeriodsWithin(ctx, "trimestral", p.StartsOn, p.EndsOn)
	if err != nil {
		return MIR{}, err
	}
	if issuing && p.Kind == "trimestral" {
		// The report being issued is made now, unless one was issued before.
		before, err := s.store.IssuedReports(ctx, uuid.NullUUID{UUID: p.ID, Valid: true}, []string{s.store.Entidad()})
		if err != nil {
			return MIR{}, err
		}
		if len(before) == 0 {
			done++
		}
	}
	m := MIR{Realizados: done, Programados: len(quarters)}
	if p.Kind == "anual" {
		// The programme's annual goal is four reports, defined or not yet.
		m.Programados = 4
	}
	if m.Programados > 0 {
		m.Avance = float64(m.Realizados) * 100 / float64(m.Programados)
	}
	return attending(m, summary), nil
}

// attending is m with the temas (prevención, combate, sanción) the summary
// shows activity in. Of a protected summary it counts the figures shown
// only: a hidden figure of 1 would otherwise show through as a tema.
func attending(m MIR, summary Table) MIR {
	temas := map[string]bool{}
	for _, row := range summary.Rows {
		for _, c := range row.Cells {
			if c.Mark == "" && c.Value > 0 {
				temas[temaOf(row.Key)] = true
			}
		}
	}
	m.Temas = len(temas)
	m.Promedio = fmt.Sprintf("%d/%d", m.Realizados, m.Temas)
	return m
}

func temaOf(summaryKey string) string {
	switch summaryKey {
	case "combate":
		return "combate"
	case "judicializacion", "sancion_otras", "rescatadas":
		return "sancion"
	}
	return "prevencion"
}
