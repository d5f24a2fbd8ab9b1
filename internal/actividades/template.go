package actividades

import (
	"context"

	"sintra/internal/render"
)

// Template returns the XLSX template institutions fill in: the columns to
// import, an example row, and a sheet with the valid codes.
func (s *Service) Template(ctx context.Context) ([]byte, error) {
	t := render.Template{Sheet: "Actividades", Columns: Columns,
		Example: []any{"CEAVEQROO", "prevencion", "capacitacion", "Plática sobre prevención de la trata", "2024-04-15",
			"23005;23008", 1, 40, 24, 16, "Trípticos", 40, "Objetivo 1.2"},
		Instructions: "Instrucciones: una fila por actividad. fecha en AAAA-MM-DD; municipios con claves INEGI " +
			"separadas por ; o «todos»; mujeres y hombres son obligatorios salvo en difusión; su suma no puede superar personas_total. " +
			"El tema puede quedar vacío: se toma el del tipo de acción. Si una fila tiene errores no se importa ninguna.",
		Choices: []render.Choices{{Column: "tema", Values: Temas}}}
	for _, catalog := range []struct{ column, name string }{{"institucion", "instituciones"}, {"tipo_accion", "tipos-actividad"}, {"municipios", "municipios"}} {
		entries, err := s.store.CatalogEntries(ctx, catalog.name)
		if err != nil {
			return nil, err
		}
		t.Codes = append(t.Codes, render.Codes{Column: catalog.column, Entries: entries})
	}
	return render.TemplateXLSX(t)
}
