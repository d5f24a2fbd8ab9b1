package reports_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/intake"
	"sintra/internal/reports"
)

// hotlineFixture records, in the first quarter of 2025, reportes ciudadanos
// of every channel and classification, one turned into a caso, one
// descartado; one received on the last evening of January in Quintana Roo
// (already February in UTC), one on the last evening of March, and one in
// April, outside the quarter.
func (w *world) hotlineFixture(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	bj, sol, opb := "23005", "23008", "23004"
	for i, r := range []struct {
		by         string
		in         intake.Input
		toCaso     bool
		descartado bool
	}{
		{by: "ceav", in: intake.Input{ReceivedAt: at("2025-01-10T15:00:00Z"), Channel: "linea_telefonica", Reporter: "anonimo",
			Classification: "posible_trata", Modalidades: []string{"explotacion_sexual"}, HechosMunicipio: &bj}, toCaso: true},
		{by: "ceav", in: intake.Input{ReceivedAt: at("2025-01-31T23:30:00-05:00"), Channel: "linea_telefonica", Reporter: "tercero",
			Classification: "posible_trata", Modalidades: []string{"explotacion_sexual", "trabajos_forzados"}, HechosMunicipio: &sol}},
		{by: "ceav", in: intake.Input{ReceivedAt: at("2025-02-12T18:00:00Z"), Channel: "denuncia_en_linea", Reporter: "posible_victima",
			Classification: "no_es_trata", Narrative: "Relato de prueba"}, descartado: true},
		{by: "ceav", in: intake.Input{ReceivedAt: at("2025-02-20T18:00:00Z"), Channel: "correo", Reporter: "familiar", HechosMunicipio: &bj}},
		{by: "fge", in: intake.Input{ReceivedAt: at("2025-03-05T18:00:00Z"), Channel: "presencial", Reporter: "posible_victima",
			Classification: "posible_trata", HechosMunicipio: &opb}},
		{by: "fge", in: intake.Input{ReceivedAt: at("2025-03-31T23:00:00-05:00"), Channel: "redes_sociales", Reporter: "anonimo",
			Classification: "no_es_trata"}},
		{by: "ceav", in: intake.Input{ReceivedAt: at("2025-04-01T06:00:00-05:00"), Channel: "linea_telefonica", Reporter: "anonimo",
			Classification: "posible_trata"}},
	} {
		p := w.ceav
		if r.by == "fge" {
			p = w.fge
		}
		r.in.Municipio = "23005"
		rep, err := w.intake.Create(ctx, p, r.in)
		if err != nil {
			t.Fatalf("reporte %d: %v", i, err)
		}
		switch {
		case r.toCaso:
			if _, err := w.intake.ToCaso(ctx, p, rep.ID, rep.Version); err != nil {
				t.Fatalf("reporte %d to caso: %v", i, err)
			}
		case r.descartado:
			status, reason := "descartado", "No hay indicios de trata."
			if _, err := w.intake.Update(ctx, p, rep.ID, rep.Version, intake.Change{Status: &status, ClosingReason: &reason}); err != nil {
				t.Fatalf("reporte %d descartado: %v", i, err)
			}
		}
	}
}

func TestStatistics_ReportesCiudadanosLikeTheHotlineAnnex(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.hotlineFixture(t)
	ctx := context.Background()
	q1 := w.period(t, "2025 T1", "trimestral", "2025-01-01", "2025-03-31")
	january := w.period(t, "Enero 2025", "mensual", "2025-01-01", "2025-01-31")
	for _, c := range []struct {
		period string
		dim    string
		want   map[string]int
	}{
		{"q1", "mes", map[string]int{"2025-01": 2, "2025-02": 2, "2025-03": 2, "total": 6}},
		{"q1", "canal", map[string]int{"linea_telefonica": 2, "denuncia_en_linea": 1, "correo": 1, "presencial": 1, "redes_sociales": 1, "total": 6}},
		{"q1", "clasificacion", map[string]int{"posible_trata": 3, "no_es_trata": 2, "por_determinar": 1, "total": 6}},
		{"q1", "denunciante", map[string]int{"anonimo": 2, "posible_victima": 2, "tercero": 1, "familiar": 1, "total": 6}},
		// A reporte of two modalidades counts in both; one of posible trata
		// without any, as sin definir; the others' modalidad does not apply.
		{"q1", "modalidad", map[string]int{"explotacion_sexual": 2, "trabajos_forzados": 1, "sin_definir": 1, "no_aplica": 3}},
		{"q1", "municipio", map[string]int{"23005": 2, "23008": 1, "23004": 1, "no_especificado": 2, "total": 6}},
		{"q1", "convertido_caso", map[string]int{"si": 1, "no": 5, "total": 6}},
		// The month on its own: the call of January 31 at 23:30 in Cancún counts in January.
		{"january", "canal", map[string]int{"linea_telefonica": 2, "total": 2}},
	} {
		period := q1
		if c.period == "january" {
			period = january
		}
		tb, err := w.reports.Statistic(ctx, w.secretaria, period.ID, "reportes", c.dim, "")
		if err != nil {
			t.Fatalf("reportes by %s: %v", c.dim, err)
		}
		got := map[string]int{}
		for _, rw := range tb.Rows {
			if len(rw.Cells) == 0 {
				continue // a table with nothing counted
			}
			got[rw.Key] = rw.Cells[0].Value
			if rw.Label == rw.Key && rw.Key != "total" {
				t.Errorf("reportes by %s: row %q is named by its code", c.dim, rw.Key)
			}
		}
		if !maps.Equal(got, c.want) {
			t.Errorf("%s: reportes by %s = %v, want %v", c.period, c.dim, got, c.want)
		}
	}

	// The exact report of the quarter, of Quintana Roo's Secretaría Técnica
	// (who counts her entidad's reportes, whatever institution received
	// them) as of the nation's.
	r, err := w.reports.ReportFor(ctx, w.env.Principal(t, "SEGOB", "secretaria_tecnica", "23"), q1.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if national, err := w.reports.ReportFor(ctx, w.secretaria, q1.ID, false); err != nil || !tablesEqual(national.Table("reportes_mes"), r.Table("reportes_mes")) {
		t.Errorf("the nation's reportes by month differ from Quintana Roo's alone: %v", err)
	}
	byMonth := r.Table("reportes_mes")
	if byMonth == nil {
		t.Fatal("the report has no table of reportes by month")
	}
	months := map[string][3]int{}
	for _, rw := range byMonth.Rows {
		months[rw.Key] = [3]int{rw.Cells[0].Value, rw.Cells[1].Value, rw.Cells[2].Value}
	}
	wantMonths := map[string][3]int{"2025-01": {2, 2, 1}, "2025-02": {2, 0, 0}, "2025-03": {2, 1, 0}, "total": {6, 3, 1}}
	if !maps.Equal(months, wantMonths) {
		t.Errorf("reportes by month (received, posible trata, casos) = %v, want %v", months, wantMonths)
	}
	if rw := byMonth.Rows[0]; rw.Label != "enero de 2025" {
		t.Errorf("the first month is labelled %q, want «enero de 2025»", rw.Label)
	}
	for id, want := range map[string]map[string]int{
		"reportes_canal":         {"linea_telefonica": 2, "denuncia_en_linea": 1, "correo": 1, "presencial": 1, "redes_sociales": 1, "total": 6},
		"reportes_clasificacion": {"posible_trata": 3, "no_es_trata": 2, "por_determinar": 1, "total": 6},
		"reportes_denunciante":   {"anonimo": 2, "posible_victima": 2, "tercero": 1, "familiar": 1, "total": 6},
		"reportes_modalidad":     {"explotacion_sexual": 2, "trabajos_forzados": 1, "sin_definir": 1},
		"reportes_municipio":     {"23005": 2, "23008": 1, "23004": 1, "no_especificado": 2, "total": 6},
	} {
		tb := r.Table(id)
		if tb == nil {
			t.Errorf("the report has no table %s", id)
			continue
		}
		got := map[string]int{}
		for _, rw := range tb.Rows {
			got[rw.Key] = rw.Cells[0].Value
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s = %v, want %v", id, got, want)
		}
	}

	// A code the formas de enganche share (redes_sociales, familiar) is
	// named as the channel, or who reported, it is in these tables, in the
	// report and in the statistics alike.
	byChannel, err := w.reports.Statistic(ctx, w.secretaria, q1.ID, "reportes", "canal", "")
	if err != nil {
		t.Fatal(err)
	}
	byReporter, err := w.reports.Statistic(ctx, w.secretaria, q1.ID, "reportes", "denunciante", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what      string
		tb        *reports.Table
		key, want string
	}{
		{"the report by channel", r.Table("reportes_canal"), "redes_sociales", "Redes sociales (canal de recepción)"},
		{"the statistics by channel", &byChannel, "redes_sociales", "Redes sociales (canal de recepción)"},
		{"the report by who reported", r.Table("reportes_denunciante"), "familiar", "Un familiar"},
		{"the statistics by who reported", &byReporter, "familiar", "Un familiar"},
	} {
		if rw := rowOf(c.tb, c.key); rw == nil || rw.Label != c.want {
			t.Errorf("%s: row %s is labelled %v, want %q", c.what, c.key, rw, c.want)
		}
	}

	// Analysts, of the entidad and of the nation, get them under disclosure
	// control, consistent with the rest of the release (Protect refuses
	// records that do not add up to the figures): no figure of 1 to k−1
	// shows, and one shown is the true one.
	for _, analyst := range []*authz.Principal{w.env.Principal(t, "SEGOB", "analista", "23"), w.analista} {
		pr, err := w.reports.ReportFor(ctx, analyst, q1.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		checkProtected(t, "protected report", pr.Tables, pr.Notes, reports.AnalystK)
		if c, _ := pr.Table("reportes_mes").Cell("total", 0); c.Mark != reports.Hidden && c.Value != 6 {
			t.Errorf("the protected total of reportes received is %s, want 6 or hidden", c)
		}
	}
	for _, m := range reports.Measures() {
		if m.Code != "reportes" {
			continue
		}
		for _, d := range m.Dimensions {
			tb, err := w.reports.Statistic(ctx, w.analista, q1.ID, m.Code, d.Code, "")
			if err != nil {
				t.Fatalf("analyst's reportes by %s: %v", d.Code, err)
			}
			checkProtected(t, tb.Title, []reports.Table{tb}, []string{tb.Note}, reports.AnalystK)
		}
	}
}

// rowOf returns the row of a table by its key; nil when there is none.
func rowOf(tb *reports.Table, key string) *reports.Row {
	if tb == nil {
		return nil
	}
	for i := range tb.Rows {
		if tb.Rows[i].Key == key {
			return &tb.Rows[i]
		}
	}
	return nil
}

// A reporte ciudadano whose sealed texts were erased keeps counting: the
// report's tables of reportes and the statistics are the same after its
// erasure.
func TestStatistics_ErasedReportesKeepCounting(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.hotlineFixture(t)
	ctx := context.Background()
	q1 := w.period(t, "2025 T1", "trimestral", "2025-01-01", "2025-03-31")
	figures := func() map[string]*reports.Table {
		r, err := w.reports.ReportFor(ctx, w.secretaria, q1.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]*reports.Table{}
		for _, id := range []string{"reportes_mes", "reportes_canal", "reportes_denunciante", "reportes_clasificacion", "reportes_modalidad",
			"reportes_municipio"} {
			out[id] = r.Table(id)
		}
		for _, dim := range []string{"mes", "canal", "denunciante", "clasificacion", "modalidad", "municipio", "convertido_caso"} {
			tb, err := w.reports.Statistic(ctx, w.secretaria, q1.ID, "reportes", dim, "")
			if err != nil {
				t.Fatal(err)
			}
			out["reportes/"+dim] = &tb
		}
		return out
	}
	before := figures()
	items, _, err := w.intake.List(ctx, w.ceav, intake.Filter{}, 50, 0)
	if err != nil || len(items) == 0 {
		t.Fatalf("the institution's reportes: %d, %v", len(items), err)
	}
	for _, it := range items {
		if err := w.intake.Erase(ctx, w.ceav, it.ID, audit.Reason{Code: "solicitud_arco"}); err != nil {
			t.Fatalf("erase %s: %v", it.Folio, err)
		}
	}
	for id, tb := range figures() {
		if !tablesEqual(before[id], tb) {
			t.Errorf("%s changed with the erasure of the reportes' texts: %v, was %v", id, tb.Rows, before[id].Rows)
		}
	}
}

// tablesEqual reports whether two tables hold the same rows and figures.
func tablesEqual(a, b *reports.Table) bool {
	if a == nil || b == nil || len(a.Rows) != len(b.Rows) {
		return false
	}
	for i := range a.Rows {
		if a.Rows[i].Key != b.Rows[i].Key || !slices.Equal(a.Rows[i].Cells, b.Rows[i].Cells) {
			return false
		}
	}
	return true
}

// TestReport_TheNationsReportesSayTheFeedDoesNotCarryThem: the entidades'
// feed carries no reportes ciudadanos, so the nation's report counts those
// of its own instance alone, and its reportes tables say so; an entidad's
// count all of its own and say nothing of the kind.
func TestReport_TheNationsReportesSayTheFeedDoesNotCarryThem(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.hotlineFixture(t)
	ctx := context.Background()
	q1 := w.period(t, "2025 T1", "trimestral", "2025-01-01", "2025-03-31")
	for _, c := range []struct {
		entidad string
		said    bool
	}{{"", true}, {"23", false}} {
		r, err := w.reports.ForOperator(ctx, q1, c.entidad, false)
		if err != nil {
			t.Fatal(err)
		}
		tables := 0
		for _, tb := range r.Tables {
			if !strings.HasPrefix(tb.ID, "reportes_") {
				continue
			}
			tables++
			if said := strings.Contains(tb.Note, "no transporta reportes ciudadanos"); said != c.said {
				t.Errorf("entidad %q, table %s: note %q", c.entidad, tb.ID, tb.Note)
			}
		}
		if tables != 6 {
			t.Errorf("entidad %q: %d tables of reportes, want 6", c.entidad, tables)
		}
	}
}

// TestStatistics_TheNationsSayWhatTheFeedDoesNotCarry: the nation's
// statistics of reportes ciudadanos and medidas de protección count its
// own instance's records alone, and say so; an entidad's do not.
func TestStatistics_TheNationsSayWhatTheFeedDoesNotCarry(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.hotlineFixture(t)
	ctx := context.Background()
	q1 := w.period(t, "2025 T1", "trimestral", "2025-01-01", "2025-03-31")
	for _, c := range []struct {
		measure, dim, entidad string
		said                  bool
	}{
		{"reportes", "canal", "", true}, {"reportes", "canal", "23", false},
		{"medidas_proteccion", "tipo_medida", "", true}, {"victimas", "sexo", "", false},
	} {
		tb, err := w.reports.StatisticOf(ctx, w.secretaria, q1.ID, c.entidad, c.measure, c.dim, "")
		if err != nil {
			t.Fatal(err)
		}
		if said := strings.Contains(tb.Note, "no transporta reportes ciudadanos ni medidas de protección"); said != c.said {
			t.Errorf("%s of entidad %q: note %q", c.measure, c.entidad, tb.Note)
		}
	}
}
