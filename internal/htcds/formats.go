package htcds

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
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

// SuppressionRule says what happens to a row that no step places in a
// group of k.
const SuppressionRule = "Se omite de la exportación (no se exporta) la fila que ni con todos los pasos forma un grupo de al menos k filas idénticas"

// WriteCSV writes the export as CSV: a UTF-8 byte order mark, lines
// starting with # that state its metadata, then a line of the codebook's
// column names and one line per row. The metadata states the year, the
// entidad, k, the variables and when it was generated, never a count of
// rows left out or generalized: beside the published reports, such counts
// would reveal the rare categories they stand for.
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
		{"Entidad", entidadName(e.Entidad)},
		{"k", fmt.Sprint(e.K)},
		{"Cuasi-identificadores (todas las columnas)", strings.Join(Columns[:], " ")},
		{"Supresión", SuppressionRule},
		{"Valor desconocido o suprimido", Unknown},
		{"Generado", e.GeneratedAt.In(clock.Zone).Format("02/01/2006 15:04")},
	} {
		out.Write(append([]string{"#"}, line...))
	}
	if len(e.Without) > 0 {
		out.Write(append([]string{"#", "Entidades sin microdatos (no incluidas)"}, e.Without...))
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
	Standard         string    `json:"standard"`
	Source           string    `json:"source"`
	Year             int       `json:"year"`
	Entidad          string    `json:"entidad"`
	StartsOn         string    `json:"starts_on"`
	EndsOn           string    `json:"ends_on"`
	K                int       `json:"k"`
	QuasiIdentifiers []string  `json:"quasi_identifiers"`
	MissingValue     string    `json:"missing_value"`
	GeneratedAt      time.Time `json:"generated_at"`
	OmittedEntidades []string  `json:"omitted_entidades,omitempty"`
}

// WriteJSON writes the export as the contract's HTCDSExport: its metadata
// (as WriteCSV's, with no counts), the column names, and each row as an
// array of values.
func WriteJSON(w io.Writer, e Export) error {
	rows := make([][]string, len(e.Rows))
	for i, r := range e.Rows {
		rows[i] = r[:]
	}
	return json.NewEncoder(w).Encode(struct {
		Metadata metadata   `json:"metadata"`
		Columns  []string   `json:"columns"`
		Rows     [][]string `json:"rows"`
	}{metadata{Standard: Standard, Source: Source, Year: e.Year, Entidad: e.Entidad, StartsOn: e.StartsOn.Format(time.DateOnly),
		EndsOn: e.EndsOn.Format(time.DateOnly), K: e.K, QuasiIdentifiers: Columns[:], MissingValue: Unknown,
		GeneratedAt: e.GeneratedAt.UTC(), OmittedEntidades: e.Without}, Columns[:], rows})
}

// entidadName is how the CSV names the entidad exported: its INEGI code,
// or the nation.
func entidadName(code string) string {
	if code == "" {
		return "Nacional (todas las entidades)"
	}
	return code
}

// jsonRows reads back the rows of an export WriteJSON wrote.
func jsonRows(body []byte) ([]Row, error) {
	var doc struct {
		Rows [][]string `json:"rows"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("htcds: read a release's rows: %w", err)
	}
	return rowsFromLists(doc.Rows)
}

// rowsFromLists are rows read back from lists of values.
func rowsFromLists(rows [][]string) ([]Row, error) {
	out := make([]Row, len(rows))
	for i, r := range rows {
		if len(r) != len(out[i]) {
			return nil, fmt.Errorf("htcds: a release's row has %d values, want %d", len(r), len(out[i]))
		}
		copy(out[i][:], r)
	}
	return out, nil
}

// The values a released row may hold, by column: a row from elsewhere (a
// state's feed) holding any other is refused, so that no free text rides
// into the nation's file.
var (
	ageValues      = []string{"0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", "0--17", "18--29", "30--47", "18+"}
	majorityValues = []string{"Adult", "Minor"}
	citizenship    = regexp.MustCompile(`^([A-Z]{2}|[0-9]{3})$`)
)

// validRow reports whether r is a row of year as the export writes them.
func validRow(r Row, year int) bool {
	in := func(v string, values ...string) bool { return v == Unknown || slices.Contains(values, v) }
	ok := r[colYear] == strconv.Itoa(year) && r[colDatasource] == datasource && in(r[colGender], "Female", "Male", genders["otro"]) &&
		in(r[colAgeBroad], ageValues...) && in(r[colMajorityStatus], majorityValues...) && in(r[colMajorityAtExploit], majorityValues...) &&
		(r[colCitizenship] == Unknown || citizenship.MatchString(r[colCitizenship])) && in(r[colCountryOfExploitation], country)
	for c := colForcedLabour; ok && c < numColumns; c++ {
		ok = in(r[c], "0", "1")
	}
	return ok
}
