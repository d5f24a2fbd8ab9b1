package sheetimport

import (
	"context"
	"strings"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/render"
	"sintra/internal/victims"
)

// instructions open the template.
var instructions = []string{
	"Plantilla para importar a SINTRA las víctimas, sus expedientes y los servicios que recibieron, registrados antes en hojas de cálculo.",
	"Llene una fila por registro en las hojas Víctimas, Casos (expedientes) y Servicios, con los encabezados tal como están. Las hojas se relacionan por sus claves, " +
		"que son suyas (el número de su archivo, por ejemplo) y no se guardan en SINTRA: clave_caso en Víctimas nombra un expediente de Casos, " +
		"y clave_victima en Servicios, una víctima de Víctimas.",
	"Fechas: escríbalas como fechas (las columnas de fecha ya tienen el formato DD/MM/AAAA) o como texto DD/MM/AAAA o AAAA-MM-DD.",
	"Catálogos: en las columnas de catálogo (municipio, nacionalidad, modalidades, tipo de servicio…) escriba la clave o el nombre de la hoja Catálogos, " +
		"con o sin acentos y mayúsculas.",
	"Solo se importan registros de su institución en los municipios de su ámbito: una fila de otro municipio es un error.",
	"Todo o nada: si una fila tiene un error no se importa ninguna, y la respuesta dice la hoja, la fila y la columna de cada error. " +
		"Importar otra vez el mismo archivo no cambia nada.",
	"Duplicados: una víctima que aparece dos veces en el archivo, o que ya está registrada en SINTRA (misma CURP, o mismos nombre y fecha de nacimiento), " +
		"es un error; si ya estaba registrada y debe registrarse de todos modos, escriba sí en confirmar_duplicado. Cada coincidencia queda en la auditoría.",
	"CSV: también puede importar un archivo CSV (UTF-8) de una sola hoja: una víctima por fila con las columnas de Víctimas y, si quiere, en la misma fila " +
		"las de Casos (sin repetir clave_caso) y las de Servicios (sin repetir clave_victima). Una fila que repite la clave_victima de otra agrega otro servicio " +
		"a la misma víctima; deje vacíos sus demás datos o repítalos iguales.",
	"Los datos personales (nombres, CURP, domicilio…) se cifran al importarse. Guarde y destruya este archivo según las reglas de su institución.",
}

// Template returns the XLSX template: the instructions, the three sheets
// to fill in, with their date columns as dates, and the catalogs.
func (s *Service) Template(ctx context.Context, p *authz.Principal) ([]byte, error) {
	if !s.authz.Scope(p, authz.VictimasImport).Allowed() {
		return nil, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	b := render.Book{Instructions: instructions, Guide: [][]string{{"Hoja", "Columna", "Obligatoria", "Qué escribir"}}}
	for _, sh := range []struct {
		name string
		cols []column
	}{{SheetVictimas, victimColumns}, {SheetCasos, casoColumns}, {SheetServicios, serviceColumns}} {
		data := render.DataSheet{Name: sh.name, Columns: names(sh.cols)}
		for _, c := range sh.cols {
			if c.date {
				data.Dates = append(data.Dates, c.name)
			}
			required := ""
			if c.required {
				required = "sí"
			}
			b.Guide = append(b.Guide, []string{sh.name, c.name, required, c.help})
		}
		b.Sheets = append(b.Sheets, data)
	}
	yesNo := []string{"sí", "no"}
	b.Choices = []render.Choices{{Column: "sexo", Values: words(victims.Sexes)}, {Column: "estado_civil", Values: words(victims.EstadosCiviles)},
		{Column: "calidad_migratoria", Values: words(victims.CalidadesMigratorias)}, {Column: "discapacidad", Values: yesNo},
		{Column: "menor_de_edad", Values: yesNo}, {Column: "denuncia", Values: yesNo}, {Column: "confirmar_duplicado", Values: yesNo}}
	for _, c := range []struct{ column, catalog string }{{"municipio", "municipios"}, {"nacionalidad / pais", "nacionalidades"},
		{"entidad", "entidades"}, {"lengua_indigena", "lenguas-indigenas"}, {"modalidades", "modalidades"}, {"forma_enganche", "formas-enganche"},
		{"medio_transporte", "medios-transporte"}, {"tipo_lugar", "tipos-lugar"}, {"tipo_servicio", "tipos-servicio"}} {
		entries, err := s.store.CatalogEntries(ctx, c.catalog)
		if err != nil {
			return nil, err
		}
		b.Codes = append(b.Codes, render.Codes{Column: c.column, Entries: entries})
	}
	return render.BookXLSX(b)
}

// words are codes as a person writes them: no_especificado is «no especificado».
func words(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = strings.ReplaceAll(c, "_", " ")
	}
	return out
}
