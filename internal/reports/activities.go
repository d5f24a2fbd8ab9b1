package reports

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"sintra/internal/clock"
	"sintra/internal/domain"
)

// Chapter 2 (Prevención) and 3 (Combate) of the Comisión's report list
// each institution's activities one by one, group them by the Programa
// Estatal's objective and break Combate's down by month. Activities are
// public acts and the people they reached an audience, not persons the
// records are about: these tables are published as they are, in every
// view, and the figures they give away are never withheld (see public).

// listings are the report's sections of activities listed one by one.
var listings = []struct{ kind, id, title string }{
	{"capacitacion", "listado_capacitacion", "2.1 Capacitación a personas servidoras públicas, por institución"},
	{"sensibilizacion", "listado_sensibilizacion", "2.2 Sensibilización a la ciudadanía en general, por institución"},
	{"difusion_intangible", "listado_difusion_intangible", "2.3 Difusión de materiales intangibles, por institución"},
	{"difusion_tangible", "listado_difusion_tangible", "2.3 Difusión de materiales tangibles, por institución"},
}

// unprotected reports whether a table is published as it is: one that
// lists or groups activities only, which disclosure control leaves alone.
func unprotected(tableID string) bool {
	return strings.HasPrefix(tableID, "listado_") || tableID == "objetivos" || tableID == "combate_mensual"
}

// MayWithhold reports whether disclosure control may withhold a figure of a
// table's row: any but those that count activities only.
func MayWithhold(tableID, row string) bool { return !unprotected(tableID) && !public(tableID, row) }

// public reports whether a figure of the release counts activities only.
func public(tableID, row string) bool {
	switch tableID {
	case "actividades_institucion":
		return true
	case "resumen":
		return row != "combate" && row != "judicializacion" && row != "rescatadas"
	}
	return false
}

// activityTables lists the period's activities by section, by objective,
// and Combate's by month.
func activityTables(acts []domain.ActivityFact, p domain.Period, l labels) []Table {
	var out []Table
	for _, section := range listings {
		t := Table{ID: section.id, Title: section.title, TotalRow: true,
			Columns: []string{"Número de actividades", "Personas", "Mujeres", "Hombres"}}
		tangible := section.kind == "difusion_tangible"
		if tangible {
			t.Columns = append(t.Columns, "Material distribuido")
		}
		for _, a := range acts {
			if a.Tema != "prevencion" || a.Type != section.kind {
				continue
			}
			cells := []Cell{{Value: a.Actions}, {Value: a.People}, {Value: a.Women}, {Value: a.Men}}
			if tangible {
				cells = append(cells, Cell{Value: a.MaterialUnits})
			}
			t.Rows = append(t.Rows, Row{Key: a.ID.String(), Label: activityLabel(a, l), Cells: cells})
		}
		if len(t.Rows) > 0 {
			addTotals(&t)
			out = append(out, t)
		}
	}
	objectives := Table{ID: "objetivos", Title: "Actividades por objetivo del Programa Estatal", TotalRow: true,
		Columns: []string{"Número de actividades", "Personas", "Mujeres", "Hombres", "Material distribuido"}}
	for _, a := range acts {
		objective := a.Objective
		if objective == "" {
			objective = "Sin objetivo registrado"
		}
		i := slices.IndexFunc(objectives.Rows, func(r Row) bool { return r.Key == objective })
		if i < 0 {
			i = len(objectives.Rows)
			objectives.Rows = append(objectives.Rows, Row{Key: objective, Label: objective, Cells: make([]Cell, 5)})
		}
		for c, n := range []int{a.Actions, a.People, a.Women, a.Men, a.MaterialUnits} {
			objectives.Rows[i].Cells[c].Value += n
		}
	}
	if len(objectives.Rows) > 0 {
		addTotals(&objectives)
		out = append(out, objectives)
	}
	if monthly := combateByMonth(acts, p, l); len(monthly.Rows) > 0 {
		out = append(out, monthly)
	}
	return out
}

// activityLabel names an activity as the report lists it: institution,
// name, and the municipios where it was held.
func activityLabel(a domain.ActivityFact, l labels) string {
	where := "Todos los municipios"
	if !a.AllMunicipios {
		names := make([]string, len(a.Municipios))
		for i, m := range a.Municipios {
			names[i] = l.of(m)
		}
		where = strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s — %s — %s", l.of(a.Institution), a.Name, where)
}

// combateByMonth is the actions of Combate by institution and type, a
// column per calendar month the period touches.
func combateByMonth(acts []domain.ActivityFact, p domain.Period, l labels) Table {
	t := Table{ID: "combate_mensual", Title: "Combate: acciones por mes", TotalRow: true, TotalCol: true}
	var months []time.Time
	for m := time.Date(p.StartsOn.Year(), p.StartsOn.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(p.EndsOn); m = m.AddDate(0, 1, 0) {
		months = append(months, m)
		t.Columns = append(t.Columns, fmt.Sprintf("%s %d", clock.MonthName(m.Month()), m.Year()))
	}
	for _, a := range acts {
		if a.Tema != "combate" {
			continue
		}
		key := a.Institution + "/" + a.Type
		i := slices.IndexFunc(t.Rows, func(r Row) bool { return r.Key == key })
		if i < 0 {
			i = len(t.Rows)
			t.Rows = append(t.Rows, Row{Key: key, Label: l.of(a.Institution) + " — " + l.of(a.Type), Cells: make([]Cell, len(months))})
		}
		m := slices.IndexFunc(months, func(m time.Time) bool { return m.Year() == a.On.Year() && m.Month() == a.On.Month() })
		t.Rows[i].Cells[m].Value += a.Actions
	}
	addTotals(&t)
	return t
}
