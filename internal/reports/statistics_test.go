package reports_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/google/uuid"

	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/domain"
	"sintra/internal/reports"
	"sintra/internal/services"
	"sintra/internal/victims"
)

// lawFixture registers, in the first quarter of 2025, víctimas with every
// attribute Art. 26 XII of the state law names, their casos, and the
// Fiscalía's carpetas with imputados, detenciones, medios comisivos and
// resoluciones (Art. 40 IV).
func (w *world) lawFixture(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	type person struct {
		sex, nationality, estadoCivil, calidad, lengua string
		age                                            int
		minor, disability, denuncia                    bool
	}
	people := []person{
		{"mujer", "MX", "soltera", "nacional", "maya", 16, true, false, true},
		{"mujer", "MX", "soltera", "nacional", "", 15, true, false, false},
		{"mujer", "HN", "casada", "irregular", "", 24, false, false, true},
		{"mujer", "HN", "union_libre", "irregular", "", 31, false, true, true},
		{"hombre", "GT", "soltera", "solicitante_refugio", "mam", 19, false, false, false},
		{"mujer", "CO", "divorciada", "regular", "", 28, false, false, true},
	}
	var ids []uuid.UUID
	for i, p := range people {
		attrs := victims.Attributes{Sex: p.sex, Age: n32(p.age), Nationality: &p.nationality, EstadoCivil: p.estadoCivil,
			CalidadMigratoria: p.calidad, MinorAtTime: &p.minor, Disability: &p.disability, DenunciaFiled: &p.denuncia,
			IdentifiedOn: day("2025-01-10")}
		if p.lengua != "" {
			attrs.IndigenousLanguage = &p.lengua
		}
		v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: "23005", Attributes: attrs,
			Personal: victims.Personal{GivenNames: fmt.Sprintf("Persona %d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.services.Record(ctx, w.ceav, v.ID, services.Input{Type: "atencion_psicologica", ProvidedOn: day("2025-02-03"), Quantity: 1}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	// Two casos: a labour one with three víctimas, a sexual one with the
	// other three that is also labour; the Comisión counts casos, not víctimas.
	hotel, offer := "hotel_motel", "oferta_laboral"
	for _, k := range []struct {
		modalidades []string
		victims     []uuid.UUID
		reported    string
	}{
		{[]string{"trabajos_forzados"}, ids[:3], "2025-01-20"},
		{[]string{"explotacion_sexual", "trabajos_forzados"}, ids[3:], "2025-02-14"},
		{[]string{"explotacion_sexual"}, nil, "2025-03-01"},
	} {
		reported := day(k.reported)
		if _, err := w.casos.Create(ctx, w.ceav, casos.Input{Municipio: "23005", Modalidades: k.modalidades, VictimIDs: k.victims,
			Facts: domain.CasoFacts{ReportedOn: &reported, PlaceType: &hotel, RecruitmentForm: &offer}}); err != nil {
			t.Fatal(err)
		}
	}
	// Two carpetas judicializadas: three imputados, two detained in the
	// quarter; a sentencia condenatoria with reparación and a sobreseimiento.
	cancun := "CANCUN"
	for i, c := range []struct {
		modalidad string
		medios    []string
		imputados []carpetas.ImputadoInput
	}{
		{"explotacion_sexual", []string{"engano", "vulnerabilidad"}, []carpetas.ImputadoInput{
			{Sex: "hombre", Age: n32(41), Nationality: ptr("MX"), DetainedOn: ptr(day("2025-02-01"))},
			{Sex: "mujer", Age: n32(29), Nationality: ptr("MX")}}},
		{"trabajos_forzados", []string{"engano"}, []carpetas.ImputadoInput{
			{Sex: "hombre", Age: n32(55), Nationality: ptr("GT"), DetainedOn: ptr(day("2025-03-03"))}}},
	} {
		k, err := w.carpetas.Create(ctx, w.fge, carpetas.Input{Number: fmt.Sprintf("FGE/BJ/%d/2025", i+1), FiscaliaUnit: "FETP",
			StartedOn: day("2025-01-15"), Municipio: "23005", Modalidad: c.modalidad, MediosComisivos: c.medios})
		if err != nil {
			t.Fatal(err)
		}
		var first domain.Imputado
		for j, im := range c.imputados {
			added, err := w.carpetas.AddImputado(ctx, w.fge, k.ID, im)
			if err != nil {
				t.Fatal(err)
			}
			if j == 0 {
				first = added
			}
		}
		if _, err := w.carpetas.Advance(ctx, w.fge, k.ID, "judicializada", day("2025-02-20"), &cancun); err != nil {
			t.Fatal(err)
		}
		kind, reparation := "sentencia_condenatoria", true
		if i == 1 {
			kind, reparation = "sobreseimiento", false
		}
		if _, err := w.carpetas.AddResolucion(ctx, w.fge, k.ID, carpetas.ResolucionInput{Resolucion: domain.Resolucion{Kind: kind,
			ResolvedOn: day("2025-03-10"), ReparationOrdered: reparation, ImputadoID: uuid.NullUUID{UUID: first.ID, Valid: true}}}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStatistics_EveryBreakdownTheLawNames(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.lawFixture(t)
	ctx := context.Background()
	q1 := w.period(t, "2025 T1", "trimestral", "2025-01-01", "2025-03-31")
	for _, c := range []struct {
		measure, dim string
		want         map[string]int
	}{
		// Art. 26 XII: víctimas by sexo, edad, nacionalidad, modalidad, estado civil and calidad migratoria.
		{"victimas", "sexo", map[string]int{"mujer": 5, "hombre": 1, "total": 6}},
		{"victimas", "grupo_edad", map[string]int{"12-17": 2, "18-29": 3, "30-44": 1, "total": 6}},
		{"victimas", "nacionalidad", map[string]int{"MX": 2, "HN": 2, "GT": 1, "CO": 1, "total": 6}},
		{"victimas", "modalidad", map[string]int{"trabajos_forzados": 6, "explotacion_sexual": 3}},
		{"victimas", "estado_civil", map[string]int{"soltera": 3, "casada": 1, "union_libre": 1, "divorciada": 1, "total": 6}},
		{"victimas", "calidad_migratoria", map[string]int{"nacional": 2, "irregular": 2, "solicitante_refugio": 1, "regular": 1, "total": 6}},
		{"victimas", "lengua_indigena", map[string]int{"maya": 1, "mam": 1, "ninguna": 4, "total": 6}},
		{"victimas", "discapacidad", map[string]int{"si": 1, "no": 5, "total": 6}},
		{"victimas", "menor_de_edad", map[string]int{"si": 2, "no": 4, "total": 6}},
		{"victimas", "denuncia", map[string]int{"si": 4, "no": 2, "total": 6}},
		// The Comisión counts casos by modalidad: a caso of two counts in both.
		{"casos", "modalidad", map[string]int{"trabajos_forzados": 2, "explotacion_sexual": 2}},
		{"casos", "tipo_lugar", map[string]int{"hotel_motel": 3, "total": 3}},
		{"casos", "forma_enganche", map[string]int{"oferta_laboral": 3, "total": 3}},
		{"casos", "estado", map[string]int{"abierto": 3, "total": 3}},
		// Procesos judiciales, detenciones and sentencias.
		{"carpetas", "etapa", map[string]int{"judicializada": 2, "total": 2}},
		{"carpetas", "medio_comisivo", map[string]int{"engano": 2, "vulnerabilidad": 1}},
		{"detenciones", "sexo", map[string]int{"hombre": 2, "total": 2}},
		{"resoluciones", "tipo_resolucion", map[string]int{"sentencia_condenatoria": 1, "sobreseimiento": 1, "total": 2}},
		{"resoluciones", "reparacion", map[string]int{"si": 1, "no": 1, "total": 2}},
		// Art. 40 IV: imputados by age, sex and nationality.
		{"imputados", "sexo", map[string]int{"hombre": 2, "mujer": 1, "total": 3}},
		{"imputados", "grupo_edad", map[string]int{"18-29": 1, "30-44": 1, "45-59": 1, "total": 3}},
		{"imputados", "nacionalidad", map[string]int{"MX": 2, "GT": 1, "total": 3}},
	} {
		tb, err := w.reports.Statistic(ctx, w.secretaria, q1.ID, c.measure, c.dim, "")
		if err != nil {
			t.Fatalf("%s by %s: %v", c.measure, c.dim, err)
		}
		got := map[string]int{}
		for _, rw := range tb.Rows {
			got[rw.Key] = rw.Cells[0].Value
			if rw.Label == rw.Key && rw.Key != "total" {
				t.Errorf("%s by %s: row %q is named by its code", c.measure, c.dim, rw.Key)
			}
		}
		if !maps.Equal(got, c.want) {
			t.Errorf("%s by %s = %v, want %v", c.measure, c.dim, got, c.want)
		}
	}
	// Two dimensions: víctimas by nacionalidad and sexo; a pair that does
	// not cross is refused with a message saying what to do.
	tb, err := w.reports.Statistic(ctx, w.secretaria, q1.ID, "victimas", "calidad_migratoria", "sexo")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := tb.Cell("irregular", slices.Index(tb.Columns, "Mujeres")); c.Value != 2 {
		t.Errorf("víctimas irregulares mujeres = %s, want 2", c)
	}
	if _, err := w.reports.Statistic(ctx, w.secretaria, q1.ID, "victimas", "estado_civil", "denuncia"); err == nil {
		t.Error("estado civil × denuncia was counted, although only sexo crosses with them")
	}
	// Analysts get the same tables under disclosure control.
	for _, m := range reports.Measures() {
		for _, d := range m.Dimensions {
			tb, err := w.reports.Statistic(ctx, w.analista, q1.ID, m.Code, d.Code, "")
			if err != nil {
				t.Fatalf("analyst's %s by %s: %v", m.Code, d.Code, err)
			}
			checkProtected(t, tb.Title, []reports.Table{tb}, []string{tb.Note}, reports.AnalystK)
		}
	}
}
