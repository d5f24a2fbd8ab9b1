package sheetimport

import (
	"slices"
	"strings"

	"sintra/internal/crypto"
)

// The sheets of a workbook, as the template and the errors name them.
const (
	SheetVictimas  = "Víctimas"
	SheetCasos     = "Casos"
	SheetServicios = "Servicios"
	// SheetCSV names, in errors, the one sheet of a CSV file.
	SheetCSV = "CSV"
)

// column is one column of a sheet.
type column struct {
	name string
	// required columns must be in the header and filled in every row.
	required bool
	// date columns take dates.
	date bool
	// help says what the column takes, in the template's instructions.
	help string
}

// victimColumns are the Víctimas sheet's columns, in order.
var victimColumns = []column{
	{name: "clave_victima", required: true, help: "Clave de la víctima en su hoja de cálculo, distinta en cada fila; la hoja Servicios la usa para referirse a ella."},
	{name: "clave_caso", help: "Clave, en la hoja Casos, del expediente al que pertenece; vacía si no tiene."},
	{name: "municipio", required: true, help: "Municipio donde se registra, uno de su ámbito: clave INEGI o nombre."},
	{name: "fecha_identificacion", required: true, date: true, help: "Fecha en que fue identificada."},
	{name: "nombres", help: "Nombre o nombres. Si no se conoce, escriba un alias."},
	{name: "primer_apellido"},
	{name: "segundo_apellido"},
	{name: "alias"},
	{name: "curp", help: "CURP de 18 caracteres con su dígito verificador, o vacía."},
	{name: "fecha_nacimiento", date: true},
	{name: "sexo", required: true, help: "mujer, hombre, otro o no especificado."},
	{name: "edad", help: "Años cumplidos al ser identificada (0 a 120)."},
	{name: "nacionalidad", help: "País: clave ISO (MX) o nombre (México)."},
	{name: "estado_civil", help: "soltera, casada, unión libre, separada, divorciada, viuda o no especificado."},
	{name: "calidad_migratoria", help: "nacional, regular, irregular, solicitante de refugio, refugiada o no especificado."},
	{name: "lengua_indigena", help: "Clave o nombre del catálogo de lenguas indígenas, o vacía."},
	{name: "discapacidad", help: "sí o no."},
	{name: "menor_de_edad", help: "sí o no: si era menor de edad en los hechos."},
	{name: "denuncia", help: "sí o no: si presentó denuncia."},
	{name: "domicilio"},
	{name: "telefono", help: "Dígitos, espacios, +, guiones y paréntesis."},
	{name: "contactos"},
	{name: "notas"},
	{name: "confirmar_duplicado", help: "sí para registrarla aunque ya haya una víctima con la misma CURP, o el mismo nombre y fecha de nacimiento; si no, esa fila es un error."},
}

// casoColumns are the Casos sheet's columns, in order.
var casoColumns = []column{
	{name: "clave_caso", required: true, help: "Clave del expediente en su hoja de cálculo, distinta en cada fila."},
	{name: "municipio_caso", required: true, help: "Municipio donde ocurrieron los hechos o se inició la denuncia, uno de su ámbito: clave INEGI o nombre."},
	{name: "fecha_hechos", date: true},
	{name: "fecha_denuncia", date: true},
	{name: "modalidades", required: true, help: "Una o más modalidades (clave o nombre) separadas por punto y coma; «Sin definir» si no se sabe."},
	{name: "forma_enganche", help: "Clave o nombre del catálogo."},
	{name: "medio_transporte", help: "Clave o nombre del catálogo."},
	{name: "tipo_lugar", help: "Clave o nombre del catálogo."},
	{name: "pais_origen", help: "Clave ISO o nombre del país."},
	{name: "entidad_origen", help: "Solo si el país es México: clave o nombre de la entidad federativa."},
	{name: "municipio_origen", help: "Solo dentro de la entidad indicada."},
	{name: "pais_destino"},
	{name: "entidad_destino"},
	{name: "municipio_destino"},
}

// serviceColumns are the Servicios sheet's columns, in order.
var serviceColumns = []column{
	{name: "clave_victima", required: true, help: "Clave de la víctima en la hoja Víctimas."},
	{name: "tipo_servicio", required: true, help: "Clave o nombre del catálogo de tipos de servicio."},
	{name: "fecha_servicio", required: true, date: true, help: "No anterior a la identificación de la víctima."},
	{name: "cantidad", required: true, help: "Unidades del servicio (78 alimentos son 78), de 1 a 10000."},
	{name: "notas_servicio"},
}

// csvColumns are a CSV file's: a víctima's, and optionally her caso's and a
// service's, the keys that relate them written once.
var csvColumns = slices.Concat(victimColumns, optional(casoColumns[1:]), optional(serviceColumns[1:]))

// optional returns cols, none of them required: a CSV file may leave out
// the caso's and the service's columns.
func optional(cols []column) []column {
	out := slices.Clone(cols)
	for i := range out {
		out[i].required = false
	}
	return out
}

// names returns the names of cols.
func names(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// findColumn finds the column a header names, in any capitals, with or
// without accents, spaces or underscores.
func findColumn(cols []column, header string) (column, bool) {
	k := key(header)
	for _, c := range cols {
		if key(c.name) == k {
			return c, true
		}
	}
	return column{}, false
}

// key is how a header, a word or a catalog name is compared: upper case,
// without accents, spaces, underscores or punctuation.
func key(s string) string {
	return strings.ReplaceAll(crypto.Normalize(strings.ReplaceAll(s, "_", " ")), " ", "")
}
