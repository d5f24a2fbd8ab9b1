package reports

// Finding a figure: records count in figures by table, period, row and
// column, which the disclosure search does millions of times. Arrays do it
// by arithmetic: each table numbers the rows and columns it has, and holds
// its cells by period, row number and column number.

// figure names a cell of the release by codes.
type figure struct {
	table    code
	period   int
	row, col code
}

// figureIndex finds the release's cells by figure.
type figureIndex struct {
	// cells is how many of the release's cells it finds: the index is
	// built again when a table is registered after it.
	cells  int
	tables []tableIndex
}

// tableIndex finds the cells of one table.
type tableIndex struct {
	// rowOf and colOf number the table's rows and columns by code, from
	// 1; 0 is a code the table does not have.
	rowOf, colOf []int32
	rows, cols   int
	// cells are the cells' indexes by period, row and column, from 1; 0
	// is a figure the table does not have.
	cells []int32
}

// at is the figure of a table in period i at a row and column, if the
// release has it.
func (rel *release) at(table code, i int, row, col code) (int, bool) {
	if rel.index.cells != len(rel.cells) {
		rel.index = indexFigures(rel.figures, len(rel.periods))
	}
	if int(table) >= len(rel.index.tables) {
		return 0, false
	}
	t := &rel.index.tables[table]
	r, c := number(t.rowOf, row), number(t.colOf, col)
	if r == 0 || c == 0 {
		return 0, false
	}
	cell := t.cells[(i*t.rows+r-1)*t.cols+c-1]
	return int(cell) - 1, cell != 0
}

// number is the number a list gives a code, 0 when none.
func number(of []int32, c code) int {
	if int(c) >= len(of) {
		return 0
	}
	return int(of[c])
}

// indexFigures numbers each table's rows and columns and lays out its
// cells; a figure registered twice finds the later cell.
func indexFigures(figures []figure, periods int) figureIndex {
	var tables []tableIndex
	give := func(of *[]int32, c code, next *int) {
		for int(c) >= len(*of) {
			*of = append(*of, 0)
		}
		if (*of)[c] == 0 {
			*next++
			(*of)[c] = int32(*next)
		}
	}
	for _, f := range figures {
		for int(f.table) >= len(tables) {
			tables = append(tables, tableIndex{})
		}
		t := &tables[f.table]
		give(&t.rowOf, f.row, &t.rows)
		give(&t.colOf, f.col, &t.cols)
	}
	for i := range tables {
		tables[i].cells = make([]int32, periods*tables[i].rows*tables[i].cols)
	}
	for cell, f := range figures {
		t := &tables[f.table]
		t.cells[(f.period*t.rows+int(t.rowOf[f.row])-1)*t.cols+int(t.colOf[f.col])-1] = int32(cell + 1)
	}
	return figureIndex{cells: len(figures), tables: tables}
}
