package domain

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
)

// Period is a named reporting period.
type Period struct {
	ID       uuid.UUID
	Name     string
	Kind     string
	StartsOn time.Time
	EndsOn   time.Time
	// CreatedAt is when it was defined: of two overlapping periods, the
	// first defined has the protected view.
	CreatedAt time.Time `json:"-"`
}

// IssuedReport is a report as issued.
type IssuedReport struct {
	ID       uuid.UUID
	PeriodID uuid.UUID
	// Entidad is the entidad reported, "" the nation.
	Entidad      string
	QueryVersion int
	DataVersion  int64
	Content      []byte
	SHA256       []byte
	IssuedAt     time.Time
	IssuedBy     uuid.UUID
}

// Tally is one aggregate of a report query: up to two keys and up to four counts.
type Tally struct {
	Dim, K1, K2 string
	N           [4]int
}

// Cell is one figure of a table: a count, or a mark in its place.
type Cell struct {
	Value int
	// Mark replaces the value when set: "<5" for a suppressed cell, "N/A"
	// where the figure does not apply.
	Mark string
}

// MarshalJSON writes a number, or the mark.
func (c Cell) MarshalJSON() ([]byte, error) {
	if c.Mark != "" {
		return json.Marshal(c.Mark)
	}
	return json.Marshal(c.Value)
}

// UnmarshalJSON reads a number or a mark.
func (c *Cell) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &c.Mark)
	}
	return json.Unmarshal(b, &c.Value)
}

// String renders the cell for a document.
func (c Cell) String() string {
	if c.Mark != "" {
		return c.Mark
	}
	return fmt.Sprint(c.Value)
}

// Text renders a cell of column col for a document: an amount of a money
// column in pesos, $1,234.50; any other cell as String does.
func (t Table) Text(col int, c Cell) string {
	if c.Mark != "" || !slices.Contains(t.MoneyColumns, col) {
		return c.String()
	}
	return Pesos(int64(c.Value))
}

// Decimal renders a cell of column col for a data file: an amount of a
// money column in pesos with two decimals, 1234.50; any other cell as
// String does.
func (t Table) Decimal(col int, c Cell) string {
	if c.Mark != "" || !slices.Contains(t.MoneyColumns, col) {
		return c.String()
	}
	return fmt.Sprintf("%d.%02d", c.Value/100, c.Value%100)
}

// Pesos writes an amount in centavos as Mexican pesos: $1,234,567.89.
func Pesos(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := fmt.Sprint(cents / 100)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("%s$%s.%02d", sign, whole, cents%100)
}

// Row is one row of a table.
type Row struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Cells []Cell `json:"cells"`
}

// Table is one table of a report.
type Table struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Columns []string `json:"columns"`
	Rows    []Row    `json:"rows"`
	// TotalRow: the last row sums the others, column by column.
	TotalRow bool `json:"total_row"`
	// TotalCol: the last column sums the others, row by row.
	TotalCol bool `json:"total_col"`
	// SplitRows lists rows whose columns 2 and 3 (mujeres, hombres) add
	// up to column 1 (personas).
	SplitRows []string `json:"-"`
	Note      string   `json:"note,omitempty"`
	// MoneyColumns lists the columns whose figures are amounts of Mexican
	// pesos, in centavos.
	MoneyColumns []int `json:"money_columns,omitempty"`
	// DataAsOf, for a statistic, is the instant up to which the records
	// counted hold every committed transaction; answered in a header.
	DataAsOf time.Time `json:"-"`
}

// MIR is the results indicator C01A03I3: reports made over temas attended.
type MIR struct {
	Realizados  int     `json:"informes_realizados"`
	Temas       int     `json:"temas_atendidos"`
	Programados int     `json:"informes_programados"`
	Promedio    string  `json:"promedio"`
	Avance      float64 `json:"avance_porcentaje"`
}

// Report is a report of a period.
type Report struct {
	Title string `json:"title"`
	// Entidad is the entidad whose records the report counts; "" the nation.
	Entidad      string    `json:"entidad,omitempty"`
	Period       Period    `json:"period"`
	GeneratedAt  time.Time `json:"generated_at"`
	DataVersion  int64     `json:"data_version"`
	QueryVersion int       `json:"query_version"`
	// Protection says which view this is: "exacto", or the k of the suppression.
	Protection string   `json:"protection"`
	Tables     []Table  `json:"tables"`
	MIR        MIR      `json:"mir"`
	Notes      []string `json:"notes"`
	// DataAsOf is the instant up to which the records counted hold every
	// committed transaction (a replica's freshness); answered in a header,
	// never frozen into an issued report.
	DataAsOf time.Time `json:"-"`
	// Letterhead are the lines printed at the top of every page, and
	// Signatory who signs the MIR's medio de verificación: the
	// Secretaría Técnica's, as the deployment configures them.
	Letterhead []string  `json:"letterhead"`
	Signatory  Signatory `json:"signatory"`
}

// Signatory is who signs a report: name, position and unit.
type Signatory struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Unit  string `json:"unit"`
}

// Table returns the table with id, or nil.
func (r *Report) Table(id string) *Table {
	for i := range r.Tables {
		if r.Tables[i].ID == id {
			return &r.Tables[i]
		}
	}
	return nil
}

// Cell returns a table's cell by row key and column index.
func (t *Table) Cell(row string, col int) (Cell, bool) {
	for _, r := range t.Rows {
		if r.Key == row && col < len(r.Cells) {
			return r.Cells[col], true
		}
	}
	return Cell{}, false
}
