package actividades

import (
	"bytes"
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Template returns the XLSX template institutions fill in: the columns to
// import, an example row, and a sheet with the valid codes.
func (s *Service) Template(ctx context.Context) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const data, codes = "Actividades", "Catálogos"
	f.SetSheetName("Sheet1", data)
	for i, col := range Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(data, cell, col)
	}
	example := []any{"CEAVEQROO", "prevencion", "capacitacion", "Plática sobre prevención de la trata", "2024-04-15",
		"23005;23008", 1, 40, 24, 16, "Trípticos", 40, "Objetivo 1.2"}
	for i, v := range example {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		f.SetCellValue(data, cell, v)
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	f.SetRowStyle(data, 1, 1, bold)
	f.SetColWidth(data, "A", "M", 18)
	f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})

	f.NewSheet(codes)
	f.SetSheetRow(codes, "A1", &[]any{"Instrucciones: una fila por actividad. fecha en AAAA-MM-DD; municipios con claves INEGI " +
		"separadas por ; o «todos»; mujeres y hombres son obligatorios salvo en difusión; su suma no puede superar personas_total. " +
		"El tema puede quedar vacío: se toma el del tipo de acción. Si una fila tiene errores no se importa ninguna."})
	row := 3
	for _, catalog := range []struct{ title, name string }{{"institucion", "instituciones"}, {"tipo_accion", "tipos-actividad"}, {"municipios", "municipios"}} {
		entries, err := s.store.CatalogEntries(ctx, catalog.name)
		if err != nil {
			return nil, err
		}
		f.SetSheetRow(codes, fmt.Sprintf("A%d", row), &[]any{catalog.title, "nombre"})
		f.SetRowStyle(codes, row, row, bold)
		row++
		for _, e := range entries {
			f.SetSheetRow(codes, fmt.Sprintf("A%d", row), &[]any{e.Code, e.Name})
			row++
		}
		row++
	}
	f.SetSheetRow(codes, fmt.Sprintf("A%d", row), &[]any{"tema", "prevencion | combate | sancion"})
	f.SetColWidth(codes, "A", "A", 24)
	f.SetColWidth(codes, "B", "B", 80)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("actividades: template: %w", err)
	}
	return out.Bytes(), nil
}
