package htcds

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"sintra/internal/clock"
	"sintra/internal/render"
)

// Source names where the rows come from, as the export's metadata says.
const Source = "SINTRA Quintana Roo: víctimas identificadas en el año (registro de atención, Case Management), " +
	"incluidas las suprimidas (ARCO), cuyos atributos estadísticos siguen contando"

// Standard names the codebook whose variables the rows follow.
const Standard = "CTDC Global Dataset (Counter Trafficking Data Collaborative, OIM), alimentado por el HTCDS"

// Generalization says how many rows a rule applied to.
type Generalization struct {
	Variables []string `json:"variables"`
	Rule      string   `json:"rule"`
	Records   int      `json:"records"`
}

// Generalizations lists what was done to the rows: the recoding of rare
// nationalities, then each step with the rows released after it.
func (e Export) Generalizations() []Generalization {
	out := []Generalization{{Variables: []string{"citizenship"}, Records: e.Recoded,
		Rule: fmt.Sprintf("Las nacionalidades de menos de %d víctimas se sustituyen por su subregión y, si aún son menos, por su región (M49 de la ONU), o por -99", e.K)}}
	for i, s := range Steps {
		out = append(out, Generalization{Variables: s.Variables, Records: e.Released[i+1],
			Rule: fmt.Sprintf("Paso %d: %s (y los pasos anteriores)", i+1, s.Rule)})
	}
	return out
}

// SuppressionRule says what happens to a row that no step places in a
// group of k.
const SuppressionRule = "Se omite de la exportación (no se exporta) la fila que ni con todos los pasos forma un grupo de al menos k filas idénticas"

// WriteCSV writes the export as CSV: a UTF-8 byte order mark, lines
// starting with # that state its metadata, then a line of the codebook's
// column names and one line per row.
func WriteCSV(w io.Writer, e Export) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	out := render.NewCSVWriter(w)
	for _, line := range [][]string{
		{"Exportación de microdatos anonimizados (k-anonimato) para el CTDC"},
		{"Estándar", Standard},
		{"Fuente", Source},
		{"Periodo", fmt.Sprint(e.Year), e.StartsOn.Format("02/01/2006"), e.EndsOn.Format("02/01/2006")},
		{"k", fmt.Sprint(e.K)},
		{"Cuasi-identificadores", "todas las columnas"},
		{"Víctimas en el periodo", fmt.Sprint(e.Records)},
		{"Filas exportadas", fmt.Sprint(len(e.Rows))},
		{"Filas suprimidas", fmt.Sprint(e.Dropped), SuppressionRule},
		{"Valor desconocido o suprimido", Unknown},
		{"Generado", e.GeneratedAt.In(clock.Zone).Format("02/01/2006 15:04")},
	} {
		out.Write(append([]string{"#"}, line...))
	}
	for _, g := range e.Generalizations() {
		out.Write([]string{"#", "Generalización", strings.Join(g.Variables, " "), g.Rule, fmt.Sprint(g.Records)})
	}
	out.Write(Columns[:])
	for _, r := range e.Rows {
		out.Write(r[:])
	}
	return out.Flush()
}

// metadata is the JSON export's account of itself, as the contract's
// HTCDSMetadata names it.
type metadata struct {
	Standard         string           `json:"standard"`
	Source           string           `json:"source"`
	Year             int              `json:"year"`
	StartsOn         string           `json:"starts_on"`
	EndsOn           string           `json:"ends_on"`
	K                int              `json:"k"`
	QuasiIdentifiers []string         `json:"quasi_identifiers"`
	Records          int              `json:"records"`
	Rows             int              `json:"rows"`
	SuppressedRows   int              `json:"suppressed_rows"`
	Suppression      string           `json:"suppression"`
	MissingValue     string           `json:"missing_value"`
	Generalizations  []Generalization `json:"generalizations"`
	GeneratedAt      time.Time        `json:"generated_at"`
}

// WriteJSON writes the export as the contract's HTCDSExport: its metadata,
// the column names, and each row as an array of values.
func WriteJSON(w io.Writer, e Export) error {
	rows := make([][]string, len(e.Rows))
	for i, r := range e.Rows {
		rows[i] = r[:]
	}
	return json.NewEncoder(w).Encode(struct {
		Metadata metadata   `json:"metadata"`
		Columns  []string   `json:"columns"`
		Rows     [][]string `json:"rows"`
	}{metadata{Standard: Standard, Source: Source, Year: e.Year, StartsOn: e.StartsOn.Format(time.DateOnly),
		EndsOn: e.EndsOn.Format(time.DateOnly), K: e.K, QuasiIdentifiers: Columns[:], Records: e.Records, Rows: len(e.Rows),
		SuppressedRows: e.Dropped, Suppression: SuppressionRule, MissingValue: Unknown, Generalizations: e.Generalizations(),
		GeneratedAt: e.GeneratedAt.UTC()}, Columns[:], rows})
}
