package reports_test

import (
	"context"
	"fmt"
	"sintra/internal/domain"
	"testing"
	"time"

	"sintra/internal/actividades"
	"sintra/internal/authz"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/intake"
	"sintra/internal/medidas"
	"sintra/internal/reports"
	"sintra/internal/services"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// world is a database with the services a fixture is registered through.
type world struct {
	st          *store.Store
	reports     *reports.Service
	victims     *victims.Service
	services    *services.Service
	carpetas    *carpetas.Service
	casos       *casos.Service
	actividades *actividades.Service
	medidas     *medidas.Service
	intake      *intake.Service
	env         *testapp.Env
	secretaria  *authz.Principal
	analista    *authz.Principal
	ceav        *authz.Principal
	fge         *authz.Principal
}

func newWorld(t *testing.T, opts ...testapp.Option) *world {
	t.Helper()
	e := testapp.New(t, opts...)
	w := &world{st: e.Store, victims: e.Victims, reports: e.Reports, services: e.Services, carpetas: e.Carpetas,
		casos: e.Casos, actividades: e.Actividades, medidas: e.Medidas, intake: e.Intake, env: e}
	principal := func(institution, role string) *authz.Principal { return e.Principal(t, institution, role, "*") }
	w.secretaria, w.analista = principal("SEGOB", "secretaria_tecnica"), principal("SEGOB", "analista")
	w.ceav, w.fge = principal("CEAVEQROO", "capturista"), principal("FGE", "fiscalia")
	return w
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func n32(v int) *int32 { x := int32(v); return &x }

// activity records one activity through the domain layer.
func (w *world) activity(t *testing.T, inst, tema, kind, date string, municipios []string, actions, people, women, men int) {
	t.Helper()
	in := actividades.Input{Institution: inst, Tema: tema, Type: kind, Name: kind + " " + inst, HeldOn: day(date),
		Municipios: municipios, Actions: actions, People: people, Women: n32(women), Men: n32(men), Objective: objectiveOf(tema, kind)}
	if kind == "difusion_tangible" {
		in.MaterialUnits = n32(people) // one ejemplar per person, as the published report has it
	}
	if len(municipios) == 0 {
		in.AllMunicipios = true
	}
	if _, err := w.actividades.Create(context.Background(), w.secretaria, in); err != nil {
		t.Fatalf("activity %s %s: %v", inst, kind, err)
	}
}

// The Programa Estatal's objectives the published report groups activities by.
const (
	objective21 = "Estrategia prioritaria 2.1. Generar capacitación para las y los servidores públicos"
	objective22 = "Estrategia prioritaria 2.2. Promover la difusión de información respecto a la trata de personas"
	objective6  = "Objetivo prioritario 6. Fortalecer la procuración, investigación y persecución de los delitos"
)

func objectiveOf(tema, kind string) string {
	switch {
	case tema == "combate":
		return objective6
	case kind == "capacitacion":
		return objective21
	}
	return objective22
}

// period defines a reporting period.
func (w *world) period(t *testing.T, name, kind, from, to string) domain.Period {
	t.Helper()
	p, err := w.reports.CreatePeriod(context.Background(), w.secretaria, reports.PeriodInput{Name: name, Kind: kind, StartsOn: day(from), EndsOn: day(to)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// loadSecondQuarter2024 registers, through the domain layer, the records
// behind the figures of the Comisión's 2024 second quarterly report
// (reference/informe-2024-T2-figures.md). Where the source's detail rows do
// not reach its summary, a complementary record makes up the difference,
// as the figures' note allows.
func (w *world) loadSecondQuarter2024(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	// Prevención: capacitación and sensibilización, row by row.
	w.activity(t, "CEPSDPC", "", "capacitacion", "2024-04-10", []string{"23004"}, 2, 40, 24, 16)
	w.activity(t, "CEPSDPC", "", "capacitacion", "2024-04-24", []string{"23005"}, 1, 78, 33, 45)
	w.activity(t, "CDHEQROO", "", "capacitacion", "2024-05-02", []string{"23002"}, 1, 24, 21, 3)
	w.activity(t, "MUN-23004", "", "capacitacion", "2024-05-08", []string{"23004"}, 1, 4, 3, 1)
	w.activity(t, "MUN-23004", "", "capacitacion", "2024-05-15", []string{"23004"}, 1, 140, 75, 65)
	w.activity(t, "SE-SIPINNA", "", "capacitacion", "2024-05-20", []string{"23007", "23011", "23005", "23001", "23008", "23002"}, 3, 58, 30, 28)
	w.activity(t, "IQM", "", "sensibilizacion", "2024-04-18", []string{"23001", "23002", "23004", "23005", "23008", "23009", "23010"}, 7, 836, 478, 358)
	w.activity(t, "SE-SIPINNA", "", "sensibilizacion", "2024-05-28", []string{"23004"}, 2, 141, 78, 63)
	w.activity(t, "MUN-23010", "", "sensibilizacion", "2024-04-11", []string{"23010"}, 1, 150, 67, 83)
	w.activity(t, "MUN-23010", "", "sensibilizacion", "2024-05-09", []string{"23010"}, 1, 25, 22, 3)
	w.activity(t, "MUN-23010", "", "sensibilizacion", "2024-06-06", []string{"23010"}, 1, 12, 8, 4)
	// Difusión: the rows listed, and the complement to the published summary.
	w.activity(t, "CEAVEQROO", "", "difusion_intangible", "2024-04-30", nil, 2, 2578, 1440, 1138)
	w.activity(t, "CEPSDPC", "", "difusion_intangible", "2024-05-10", nil, 2, 1630, 910, 720)
	w.activity(t, "MUN-23004", "", "difusion_intangible", "2024-05-17", []string{"23004"}, 4, 4318, 2411, 1907)
	w.activity(t, "SEGOB", "", "difusion_intangible", "2024-06-10", nil, 13, 6304, 3521, 2783)
	w.activity(t, "CDHEQROO", "", "difusion_tangible", "2024-04-22", []string{"23004"}, 2, 150, 85, 65)
	w.activity(t, "MUN-23004", "", "difusion_tangible", "2024-05-22", []string{"23004"}, 2, 200, 113, 87)
	// Combate: police actions (the complement makes the 77 of 233 that are not victim attention).
	w.activity(t, "SSC", "combate", "jornada_informativa", "2024-04-14", []string{"23005"}, 24, 941, 560, 381)
	w.activity(t, "SSC", "combate", "recorrido", "2024-05-14", []string{"23005"}, 30, 1044, 564, 480)
	w.activity(t, "MUN-23010", "combate", "operativo", "2024-05-25", []string{"23010"}, 13, 0, 0, 0)
	w.activity(t, "SSC", "combate", "inspeccion", "2024-06-01", []string{"23005"}, 10, 0, 0, 0)

	// CEAVEQROO: 19 women aged 20 to 44, services in units.
	nationalities := []string{"CO", "CO", "CO", "CO", "CO", "CO", "CO", "CO", "CO", "CO", "CU", "VE", "MX", "MX", "MX", "MX", "AR", "AR", "AR"}
	for i, nat := range nationalities {
		v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: "23005",
			Attributes: victims.Attributes{Sex: "mujer", Age: n32(20 + i*24/18), Nationality: &nat, DenunciaFiled: ptr(true),
				IdentifiedOn: day("2024-03-20")},
			Personal: victims.Personal{GivenNames: fmt.Sprintf("Atendida %d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		give := func(kind string, units int) {
			if _, err := w.services.Record(ctx, w.ceav, v.ID, services.Input{Type: kind, ProvidedOn: day("2024-04-02"), Quantity: units}); err != nil {
				t.Fatal(err)
			}
		}
		give("atencion_psicologica", 1)
		if i < 18 {
			give("asesoria_juridica", 1)
		}
		give("alimentos", map[bool]int{true: 6, false: 4}[i == 0])
		give("alojamiento", map[bool]int{true: 6, false: 3}[i == 0])
	}

	// Sanción: 5 carpetas judicializadas, 5 imputados, 32 women rescued.
	judicialized := []struct{ modalidad, municipio, district, sex string }{
		{"explotacion_sexual", "23005", "CANCUN", "hombre"}, {"explotacion_sexual", "23005", "CANCUN", "mujer"},
		{"explotacion_sexual", "23008", "SOLIDARIDAD", "hombre"}, {"sin_definir", "23005", "CANCUN", "hombre"},
		{"sin_definir", "23004", "CHETUMAL", "hombre"},
	}
	rescued := 0
	for i, c := range judicialized {
		var refs []carpetas.VictimRef
		for range []int{7, 7, 6, 6, 6}[i] {
			v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: c.municipio,
				Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2024-04-20")},
				Personal:   victims.Personal{GivenNames: fmt.Sprintf("Rescatada %d", rescued)}})
			if err != nil {
				t.Fatal(err)
			}
			rescued++
			refs = append(refs, carpetas.VictimRef{Folio: v.Folio})
		}
		k, err := w.carpetas.Create(ctx, w.fge, carpetas.Input{Number: fmt.Sprintf("FGE/FETP/%03d/2024", i+1),
			FiscaliaUnit: "Fiscalía Especializada en Trata de Personas", StartedOn: day("2024-01-15"), Municipio: c.municipio,
			Modalidad: c.modalidad, Victims: refs})
		if err != nil {
			t.Fatal(err)
		}
		district := c.district
		if _, err := w.carpetas.Advance(ctx, w.fge, k.ID, "judicializada", day(fmt.Sprintf("2024-04-%02d", 10+i)), &district); err != nil {
			t.Fatal(err)
		}
		if _, err := w.carpetas.AddImputado(ctx, w.fge, k.ID, carpetas.ImputadoInput{Sex: c.sex, Age: n32(35 + i)}); err != nil {
			t.Fatal(err)
		}
	}
}

func ptr[T any](v T) *T { return &v }
