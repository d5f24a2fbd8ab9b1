package reports

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// reporteTableDims are the report's tables of reportes ciudadanos of one
// column, with the dimension of the statistics their rows are.
var reporteTableDims = map[string]string{
	"reportes_canal": "canal", "reportes_denunciante": "denunciante", "reportes_clasificacion": "clasificacion", "reportes_modalidad": "modalidad",
	"reportes_municipio": "municipio",
}

// reportesTables adds the tables of the reportes ciudadanos received in the
// period, like the national hotline's (2018 programme, annex III): by
// month, with those of posible trata and those turned into casos, and by
// channel, who reported, classification, modalidad and municipio of the facts.
func (s *Service) reportesTables(ctx context.Context, r *Report, l labels, from, to time.Time) error {
	tallies, err := s.store.ReportReportes(ctx, from, to)
	if err != nil {
		return err
	}
	t := Table{ID: "reportes_mes", Title: "Reportes ciudadanos (línea telefónica y denuncias) por mes",
		Columns: []string{"Reportes recibidos", "Clasificados como posible trata", "Convertidos en caso"}, TotalRow: true}
	for _, x := range tallies {
		if x.Dim == "mes" {
			t.Rows = append(t.Rows, Row{Key: x.K1, Label: l.of(x.K1), Cells: []Cell{{Value: x.N[0]}, {Value: x.N[1]}, {Value: x.N[2]}}})
		}
	}
	addTotals(&t)
	r.Tables = append(r.Tables, t)
	for _, dim := range []struct{ dim, id, title, col string }{
		{"canal", "reportes_canal", "Reportes ciudadanos por canal de recepción", "Reportes"},
		{"denunciante", "reportes_denunciante", "Reportes ciudadanos por quién reporta", "Reportes"},
		{"clasificacion", "reportes_clasificacion", "Reportes ciudadanos por clasificación", "Reportes"},
		{"modalidad", "reportes_modalidad", "Reportes de posible trata por modalidad de explotación", "Reportes"},
		{"municipio", "reportes_municipio", "Reportes ciudadanos por municipio de los hechos", "Reportes"},
	} {
		t := oneColumn(dim.id, dim.title, dim.col, dim.dim, tallies, l, dim.dim != "modalidad")
		if dim.dim == "modalidad" {
			t.Note = "Un reporte puede señalar varias modalidades."
		}
		r.Tables = append(r.Tables, t)
	}
	if s.store.Entidad() == "" {
		for i := range r.Tables {
			if strings.HasPrefix(r.Tables[i].ID, "reportes_") {
				r.Tables[i].Note = strings.TrimSpace(r.Tables[i].Note + " " + notInFeedNote)
			}
		}
	}
	return nil
}

var monthNames = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
	"noviembre", "diciembre"}

// monthLabel names a month written YYYY-MM, "abril de 2024"; false for
// anything else.
func monthLabel(code string) (string, bool) {
	t, err := time.Parse("2006-01", code)
	if err != nil || len(code) != 7 {
		return "", false
	}
	return fmt.Sprintf("%s de %d", monthNames[t.Month()-1], t.Year()), true
}
